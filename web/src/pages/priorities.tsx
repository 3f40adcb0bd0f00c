import { PrioritiesPageDocument, type PrioritiesPageQuery } from '../gql/graphql.ts';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { PageProps } from '../app.tsx';
import { momentVariables } from '../lib/moment.ts';
import { PAGE_SIZE, anchor, Badge, label, linkTo, Loaded, MomentHeading, positionOf, Status, Time, useAnchor } from '../lib/ui.tsx';
import { useQuery } from '../lib/use-query.ts';

type Change = PrioritiesPageQuery['priorityChanges']['edges'][number]['node'];
type Evidence = Change['evidence'][number];

/** Where a piece of evidence is shown, at the same moment. */
function evidenceLink(evidence: Evidence, search: string): { href: string; text: string } {
  switch (evidence.__typename) {
    case 'Decision':
      return { href: linkTo('/decisions', search, anchor('decision', evidence.id)), text: `Decision: ${evidence.title}` };
    case 'Tradeoff':
      return { href: linkTo('/decisions', search, anchor('tradeoff', evidence.id)), text: `Tradeoff: ${evidence.title}` };
    case 'KeyResultCheckIn':
      return {
        href: linkTo('/okrs', search, anchor('kr', evidence.keyResult.id)),
        text: `Check-in: ${evidence.keyResult.title} ${evidence.value}${evidence.keyResult.unit ?? ''} on ${evidence.reportedFor} (${label(evidence.checkInStatus)})`,
      };
    case 'AllocationReport':
      return {
        href: linkTo('/allocation', search, anchor('week', `${evidence.team.key}-${evidence.week}`)),
        text: `Allocation report: ${evidence.team.name} ${evidence.week}${evidence.driftFlagged ? ' (drift flagged)' : ''}`,
      };
    default:
      return { href: linkTo('/audit', search), text: `${evidence.__typename} ${evidence.id}` };
  }
}

const move = (change: Change): string => {
  if (change.kind === 'ADDED') return `added at #${change.toRank}`;
  if (change.kind === 'REMOVED') return `removed from #${change.fromRank}`;
  return `#${change.fromRank} → #${change.toRank}`;
};

function Trail({ changes, search }: { changes: Change[]; search: string }) {
  return (
    <ol class="trail">
      {[...changes].reverse().map((change) => (
        <li key={change.listVersion}>
          <p>
            <strong>{move(change)}</strong> <span class={`kind kind-${change.kind.toLowerCase()}`}>{label(change.kind)}</span> by{' '}
            {change.actor.name} on <Time at={change.recordedAt} />
          </p>
          <p class="reason">{change.reason}</p>
          {change.evidence.length > 0 && (
            <ul class="evidence" aria-label="Evidence">
              {change.evidence.map((evidence) => {
                const link = evidenceLink(evidence, search);
                return (
                  <li key={evidence.id}>
                    <a href={link.href}>{link.text}</a>
                  </li>
                );
              })}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

export default function PrioritiesPage({ moment }: PageProps) {
  const idFor = useAnchor();
  const state = useQuery(PrioritiesPageDocument, { ...momentVariables(moment), changes: PAGE_SIZE });
  const { url } = useLocation();
  const search = url.includes('?') ? url.slice(url.indexOf('?')).split('#')[0]! : '';
  useEffect(() => {
    // For the bench: the first render of the list with data (web/bench in bench/measure/web.ts).
    if (state.status === 'done' && !performance.getEntriesByName('priorities-rendered').length) performance.mark('priorities-rendered');
  }, [state.status]);
  return (
    <Loaded state={state}>
      {(answer) => {
        const { priorities, priorityChanges } = answer.data;
        const changes = priorityChanges.edges.map((e) => e.node);
        const byInitiative = new Map<string, Change[]>();
        for (const change of changes) byInitiative.set(change.initiative.id, [...(byInitiative.get(change.initiative.id) ?? []), change]);
        const ranked = new Set(priorities.entries.map((e) => e.initiative.id));
        const off = [...byInitiative.values()].map((list) => list.at(-1)!).filter((last) => !ranked.has(last.initiative.id));
        return (
          <section aria-label="Priorities" class="priorities">
            <MomentHeading title="Priorities" moment={moment} position={positionOf(answer)} />
            <p class="summary">
              {priorities.entries.length} ranked initiatives · list version {priorities.version}
              {priorities.updatedAt && (
                <>
                  {' '}
                  · last changed <Time at={priorities.updatedAt} />
                </>
              )}{' '}
              · {priorityChanges.totalCount} changes
            </p>
            {priorities.entries.length === 0 ? (
              <p>Nothing was ranked yet.</p>
            ) : (
              <ol class="ranked">
                {priorities.entries.map((entry) => (
                  <li key={entry.initiative.id} id={idFor('initiative', entry.initiative.id)} class="initiative">
                    <div class="initiative-head">
                      <span class="rank" aria-label={`Rank ${entry.rank}`}>
                        {entry.rank}
                      </span>
                      <h3>{entry.initiative.title}</h3>
                      <Badge tone={entry.initiative.kind === 'INNOVATION' ? 'good' : 'neutral'}>{label(entry.initiative.kind)}</Badge>
                      <Status value={entry.initiative.status} />
                      <span class="score" title="(customer + business + operational impact) × confidence ÷ effort">
                        score <strong>{entry.score ? entry.score.score.toFixed(2) : '–'}</strong>
                      </span>
                    </div>
                    <p class="meta">
                      {entry.initiative.owner} · rank #{entry.rank} since <Time at={entry.since} />
                      {entry.score && (
                        <>
                          {' '}
                          · impact {entry.score.customerImpact}/{entry.score.businessImpact}/{entry.score.operationalEfficiency}, confidence{' '}
                          {entry.score.confidence}, effort {entry.score.effort} person-weeks
                        </>
                      )}
                    </p>
                    <details open={entry.rank === 1}>
                      <summary>Why here: {byInitiative.get(entry.initiative.id)?.length ?? 0} changes</summary>
                      <Trail changes={byInitiative.get(entry.initiative.id) ?? []} search={search} />
                    </details>
                  </li>
                ))}
              </ol>
            )}
            {off.length > 0 && (
              <>
                <h3 class="off-heading">Off the list</h3>
                <ul class="off">
                  {off.map((last) => (
                    <li key={last.initiative.id} class="initiative">
                      <div class="initiative-head">
                        <h4>{last.initiative.title}</h4>
                        <Status value={last.initiative.status} />
                      </div>
                      <details>
                        <summary>Its trail: {byInitiative.get(last.initiative.id)!.length} changes</summary>
                        <Trail changes={byInitiative.get(last.initiative.id)!} search={search} />
                      </details>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        );
      }}
    </Loaded>
  );
}

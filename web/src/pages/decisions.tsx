import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { DecisionsPageDocument, type DecisionsPageQuery } from '../gql/graphql.ts';
import type { PageProps } from '../app.tsx';
import { momentVariables } from '../lib/moment.ts';
import { PAGE_SIZE, anchor, Badge, label, linkTo, Loaded, MomentHeading, positionOf, Status, Time, useAnchor } from '../lib/ui.tsx';
import { useHashTarget } from '../lib/use-hash-target.ts';
import { useQuery } from '../lib/use-query.ts';

type Decision = DecisionsPageQuery['decisions']['edges'][number]['node'];
type Tradeoff = DecisionsPageQuery['tradeoffs']['edges'][number]['node'];
type Related = Tradeoff['relatedTo'][number];

function relatedText(record: Related): string {
  switch (record.__typename) {
    case 'Decision':
      return `Decision: ${record.title}`;
    case 'KeyResult':
      return `Key result: ${record.title}`;
    case 'Initiative':
      return `Initiative: ${record.title}`;
    case 'AllocationTarget':
      return `Allocation target of ${record.team?.name ?? 'the organisation'} from ${record.fromWeek}`;
    default:
      return record.__typename;
  }
}

/** One record of the timeline: when it was recorded, its kind, title and status, then what `children` show of it. */
function TimelineItem({ kind, record, badge, children }: { kind: 'decision' | 'tradeoff'; record: Decision | Tradeoff; badge?: ComponentChildren; children: ComponentChildren }) {
  const idFor = useAnchor();
  return (
    <li class={`timeline-item ${kind}`} id={idFor(kind, record.id)}>
      <p class="when">
        <Time at={record.createdAt} /> · {kind}
      </p>
      <div class="item-head">
        <h3>{record.title}</h3>
        <Status value={record.status} />
        {badge}
      </div>
      {children}
    </li>
  );
}

function DecisionItem({ decision, search }: { decision: Decision; search: string }) {
  const link = (id: string) => linkTo('/decisions', search, anchor('decision', id));
  return (
    <TimelineItem kind="decision" record={decision}>
      <p class="meta">
        {decision.owner ?? decision.recordedBy?.name}
        {decision.tags.length > 0 && <> · {decision.tags.join(', ')}</>}
      </p>
      {(decision.supersedes.length > 0 || decision.supersededBy) && (
        <ul class="chain" aria-label="Supersedes chain">
          {decision.supersedes.map((older) => (
            <li key={older.id}>
              Supersedes <a href={link(older.id)}>{older.title}</a>
            </li>
          ))}
          {decision.supersededBy && (
            <li>
              Superseded by <a href={link(decision.supersededBy.id)}>{decision.supersededBy.title}</a>
            </li>
          )}
        </ul>
      )}
      {decision.context && <p>{decision.context}</p>}
      {decision.chosenOption && (
        <p>
          <strong>Chosen:</strong> {decision.chosenOption}. {decision.rationale}
        </p>
      )}
      {decision.options.length > 0 && (
        <details>
          <summary>{decision.options.length} options with their pros and cons</summary>
          <ul class="options">
            {decision.options.map((option) => (
              <li key={option.title} class={option.title === decision.chosenOption ? 'chosen' : undefined}>
                <h4>
                  {option.title}
                  {option.title === decision.chosenOption && ' (chosen)'}
                </h4>
                <div class="pros-cons">
                  <ul aria-label="Pros">
                    {option.pros.map((pro) => (
                      <li key={pro} class="pro">
                        + {pro}
                      </li>
                    ))}
                  </ul>
                  <ul aria-label="Cons">
                    {option.cons.map((con) => (
                      <li key={con} class="con">
                        − {con}
                      </li>
                    ))}
                  </ul>
                </div>
              </li>
            ))}
          </ul>
          {decision.consequences && <p>Consequences: {decision.consequences}</p>}
        </details>
      )}
    </TimelineItem>
  );
}

function TradeoffItem({ tradeoff }: { tradeoff: Tradeoff }) {
  return (
    <TimelineItem kind="tradeoff" record={tradeoff} badge={tradeoff.dueForRevisit && <Badge tone="warn">due for revisit</Badge>}>
      <p>
        Chose <strong>{tradeoff.chose}</strong> over <strong>{tradeoff.over}</strong>: {tradeoff.rationale}
      </p>
      <p class="meta">
        {tradeoff.recordedBy?.name}
        {tradeoff.revisitBy && <> · revisit by {tradeoff.revisitBy}</>}
      </p>
      {tradeoff.relatedTo.length > 0 && (
        <ul class="related" aria-label="Concerns">
          {tradeoff.relatedTo.map((record) => (
            <li key={record.id}>{relatedText(record)}</li>
          ))}
        </ul>
      )}
      {tradeoff.revisits.length > 0 && (
        <ul class="revisits" aria-label="Revisits">
          {tradeoff.revisits.map((revisit) => (
            <li key={revisit.revisitedAt}>
              {label(revisit.outcome)} by {revisit.revisitedBy.name} on <Time at={revisit.revisitedAt} />
              {revisit.reason && <>: {revisit.reason}</>}
            </li>
          ))}
        </ul>
      )}
    </TimelineItem>
  );
}

export default function DecisionsPage({ moment }: PageProps) {
  const state = useQuery(DecisionsPageDocument, { ...momentVariables(moment), first: PAGE_SIZE });
  const { url } = useLocation();
  const search = url.includes('?') ? url.slice(url.indexOf('?')).split('#')[0]! : '';
  useHashTarget(state.status === 'done');
  return (
    <Loaded state={state}>
      {(answer) => {
        const decisions = answer.data.decisions.edges.map((e) => e.node);
        const tradeoffs = answer.data.tradeoffs.edges.map((e) => e.node);
        const timeline = [
          ...decisions.map((d) => ({ at: d.createdAt, item: <DecisionItem key={d.id} decision={d} search={search} /> })),
          ...tradeoffs.map((t) => ({ at: t.createdAt, item: <TradeoffItem key={t.id} tradeoff={t} /> })),
        ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
        const due = answer.data.tradeoffsDueForRevisit;
        return (
          <section aria-label="Decisions and tradeoffs" class="decisions">
            <MomentHeading title="Decisions and tradeoffs" moment={moment} position={positionOf(answer)} />
            <p class="summary">
              {decisions.length} decisions · {tradeoffs.length} tradeoffs · {due.length} due for revisit
            </p>
            {due.length > 0 && (
              <section class="due" aria-label="Due for revisit">
                <h3>Due for revisit</h3>
                <ul>
                  {due.map((t) => (
                    <li key={t.id}>
                      <a href={linkTo('/decisions', search, anchor('tradeoff', t.id))}>{t.title}</a> (revisit by {t.revisitBy})
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {timeline.length === 0 ? <p>Nothing was decided yet.</p> : <ol class="timeline">{timeline.map((t) => t.item)}</ol>}
          </section>
        );
      }}
    </Loaded>
  );
}

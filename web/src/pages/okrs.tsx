import { useState } from 'preact/hooks';
import { OkrsPageDocument, type OkrsPageQuery } from '../gql/graphql.ts';
import type { PageProps } from '../app.tsx';
import { Plot, PlotFigure, STATUS_COLORS } from '../charts/plot-figure.tsx';
import { momentVariables } from '../lib/moment.ts';
import { PAGE_SIZE, Badge, label, Loaded, MomentHeading, percent, positionOf, Status, Time, useAnchor } from '../lib/ui.tsx';
import { useHashTarget } from '../lib/use-hash-target.ts';
import { useQuery } from '../lib/use-query.ts';

type Objective = OkrsPageQuery['objectives']['edges'][number]['node'];
type KeyResult = Objective['keyResults'][number];

const day = (date: string) => new Date(`${date.slice(0, 10)}T12:00:00Z`);

/** The target in force over the cycle: the first one, then each revision from the day it was recorded. */
function targetLine(kr: KeyResult, objective: Objective): { date: Date; target: number }[] {
  const revisions = kr.targetHistory;
  const first = revisions[0]?.previousTarget ?? kr.target;
  if (first == null) return [];
  const points = [{ date: day(objective.cycleStart), target: first }];
  for (const revision of revisions) points.push({ date: day(revision.recordedAt), target: revision.target });
  points.push({ date: day(objective.cycleEnd), target: points.at(-1)!.target });
  return points;
}

function KeyResultChart({ kr, objective }: { kr: KeyResult; objective: Objective }) {
  const metric = kr.kind === 'METRIC';
  const points = kr.checkIns.map((c) => ({ date: day(c.reportedFor), value: metric ? c.value : c.confidence, status: c.status, note: c.note ?? '' }));
  const targets = metric ? targetLine(kr, objective) : [];
  const unit = kr.unit ?? '';
  const latest = kr.latestCheckIn;
  const description = latest
    ? `${kr.checkIns.length} check-ins; latest on ${latest.reportedFor}: ${metric ? `${latest.value}${unit} against a target of ${kr.target}${unit}` : `confidence ${latest.confidence}`}, ${label(latest.status)}.`
    : 'No check-in yet.';
  return (
    <PlotFigure
      label={`${kr.title}: ${metric ? 'check-ins against the target line' : 'confidence at each check-in'}`}
      description={description}
      deps={[kr, objective.cycleStart]}
      options={() => ({
        height: 170,
        marginLeft: 48,
        x: { type: 'utc', domain: [day(objective.cycleStart), day(objective.cycleEnd)], label: null },
        y: { label: metric ? unit || 'value' : 'confidence', grid: true, ...(metric ? {} : { domain: [0, 1] }) },
        color: { ...STATUS_COLORS, legend: false },
        marks: [
          ...(metric && kr.baseline != null ? [Plot.ruleY([kr.baseline], { stroke: '#767676', strokeDasharray: '2,3', ariaLabel: 'baseline' })] : []),
          ...(targets.length
            ? [
                Plot.line(targets, { x: 'date', y: 'target', curve: 'step-after', stroke: '#1d4ed8', strokeDasharray: '6,3', ariaLabel: 'target' }),
                Plot.dot(targets.slice(1, -1), { x: 'date', y: 'target', symbol: 'diamond', fill: '#1d4ed8', r: 4, ariaLabel: 'target revision' }),
              ]
            : []),
          Plot.line(points, { x: 'date', y: 'value', stroke: '#374151', ariaLabel: 'check-ins' }),
          Plot.dot(points, { x: 'date', y: 'value', fill: 'status', r: 3.5, title: (d: (typeof points)[number]) => `${d.date.toISOString().slice(0, 10)}: ${d.value} ${label(d.status)} ${d.note}` }),
        ],
      })}
    />
  );
}

function KeyResultCard({ kr, objective }: { kr: KeyResult; objective: Objective }) {
  const idFor = useAnchor();
  const unit = kr.unit ?? '';
  return (
    <li class="key-result" id={idFor('kr', kr.id)}>
      <div class="kr-head">
        <h4>{kr.title}</h4>
        <Status value={kr.status} />
        <span>progress {percent(kr.progress)}</span>
        {kr.latestCheckIn && <span>confidence {kr.latestCheckIn.confidence}</span>}
        {kr.grade != null && <Badge tone="neutral">graded {kr.grade}</Badge>}
      </div>
      <p class="meta">
        {kr.kind === 'METRIC' ? (
          <>
            {kr.baseline}
            {unit} → target {kr.target}
            {unit} ({kr.direction === 'DECREASE' ? 'lower is better' : 'higher is better'})
          </>
        ) : (
          'Milestone'
        )}
        {kr.owner && <> · {kr.owner}</>}
        {kr.latestCheckIn?.note && <> · “{kr.latestCheckIn.note}”</>}
      </p>
      {kr.targetHistory.length > 0 && (
        <ul class="revisions" aria-label="Target revisions">
          {kr.targetHistory.map((revision) => (
            <li key={revision.recordedAt}>
              Target revised {revision.previousTarget}
              {unit} → {revision.target}
              {unit} on <Time at={revision.recordedAt} />
              {revision.reason && <>: {revision.reason}</>}
              {revision.decision && <> (decision: {revision.decision.title})</>}
            </li>
          ))}
        </ul>
      )}
      {kr.checkIns.length > 0 ? <KeyResultChart kr={kr} objective={objective} /> : <p class="meta">No check-in yet.</p>}
      {kr.checkIns.length > 0 && (
        <details>
          <summary>Check-ins as a table</summary>
          <table>
            <caption class="visually-hidden">Check-ins of {kr.title}</caption>
            <thead>
              <tr>
                <th scope="col">Reported for</th>
                <th scope="col">{kr.kind === 'METRIC' ? `Value${unit ? ` (${unit})` : ''}` : 'Done'}</th>
                <th scope="col">Confidence</th>
                <th scope="col">Status</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {kr.checkIns.map((c) => (
                <tr key={c.id}>
                  <td>{c.reportedFor}</td>
                  <td>{kr.kind === 'METRIC' ? c.value : c.done ? 'yes' : 'no'}</td>
                  <td>{c.confidence}</td>
                  <td>{label(c.status)}</td>
                  <td>{c.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </li>
  );
}

export default function OkrsPage({ moment }: PageProps) {
  const idFor = useAnchor();
  const state = useQuery(OkrsPageDocument, { ...momentVariables(moment), first: PAGE_SIZE });
  const [cycle, setCycle] = useState<string | null>(null);
  const [team, setTeam] = useState<string>('');
  useHashTarget(state.status === 'done');
  return (
    <Loaded state={state}>
      {(answer) => {
        const objectives = answer.data.objectives.edges.map((e) => e.node);
        const cycles = [...new Set(objectives.map((o) => o.cycle))].sort().reverse();
        const active = objectives.filter((o) => o.status === 'ACTIVE').map((o) => o.cycle).sort().at(-1);
        const shown = cycle && cycles.includes(cycle) ? cycle : (active ?? cycles[0] ?? null);
        const teams = [...new Map(objectives.filter((o) => o.ownerTeam).map((o) => [o.ownerTeam!.key, o.ownerTeam!.name])).entries()];
        const inCycle = objectives.filter((o) => o.cycle === shown && (!team || o.ownerTeam?.key === team));
        const groups = new Map<string, Objective[]>();
        for (const objective of inCycle) {
          const key = objective.ownerTeam?.name ?? 'Company';
          groups.set(key, [...(groups.get(key) ?? []), objective]);
        }
        return (
          <section aria-label="OKRs" class="okrs">
            <MomentHeading title="OKRs" moment={moment} position={positionOf(answer)} />
            {objectives.length === 0 ? (
              <p>No objective was set yet.</p>
            ) : (
              <>
                <div class="filters">
                  <label>
                    Cycle{' '}
                    <select value={shown ?? ''} onChange={(e) => setCycle(e.currentTarget.value)}>
                      {cycles.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    Team{' '}
                    <select value={team} onChange={(e) => setTeam(e.currentTarget.value)}>
                      <option value="">All teams</option>
                      {teams.map(([key, name]) => (
                        <option key={key} value={key}>
                          {name}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
                {[...groups.entries()].map(([group, list]) => (
                  <section key={group} class="okr-group" aria-label={group}>
                    <h3>{group}</h3>
                    {list.map((objective) => (
                      <article key={objective.id} class="objective" id={idFor('objective', objective.id)}>
                        <header class="objective-head">
                          <h4>{objective.title}</h4>
                          <Status value={objective.status} />
                          {objective.outcome && <Badge tone="neutral">{label(objective.outcome)}</Badge>}
                          <span class="progress">
                            <progress max={1} value={objective.progress ?? 0} aria-label={`Progress of ${objective.title}`} /> {percent(objective.progress)}
                          </span>
                        </header>
                        <p class="meta">
                          {objective.cycle} · {label(objective.level)}
                          {objective.owner && <> · {objective.owner}</>}
                          {objective.alignedTo && <> · aligned to {objective.alignedTo.title}</>}
                        </p>
                        <ul class="key-results">
                          {objective.keyResults.map((kr) => (
                            <KeyResultCard key={kr.id} kr={kr} objective={objective} />
                          ))}
                        </ul>
                      </article>
                    ))}
                  </section>
                ))}
              </>
            )}
          </section>
        );
      }}
    </Loaded>
  );
}

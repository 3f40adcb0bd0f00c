import { useState } from 'preact/hooks';
import {
  AllocationSetupDocument,
  AllocationTrendsDocument,
  StaffingPageDocument,
  type AllocationSetupQuery,
  type AllocationWeekFieldsFragment,
} from '../gql/graphql.ts';
import type { PageProps } from '../app.tsx';
import { Plot, PlotFigure } from '../charts/plot-figure.tsx';
import { momentVariables, type Moment } from '../lib/moment.ts';
import { PAGE_SIZE, Badge, label, Loaded, MomentHeading, positionOf, useAnchor } from '../lib/ui.tsx';
import { useHashTarget } from '../lib/use-hash-target.ts';
import { useQuery } from '../lib/use-query.ts';
import { isoWeekOf } from '../lib/weeks.ts';

type Category = AllocationSetupQuery['allocationCategories'][number];
type Week = AllocationWeekFieldsFragment;
type Breakdown = 'categories' | 'elective' | 'nature';

const BREAKDOWNS: Record<Breakdown, string> = {
  categories: 'the categories',
  elective: 'elective / non-elective',
  nature: 'innovation / tune-up',
};

/** Rows of the stacked chart: one per week and part of the breakdown. */
function stackRows(weeks: Week[], breakdown: Breakdown, categories: Map<string, Category>) {
  return weeks.flatMap((week) => {
    if (breakdown === 'categories') {
      return week.entries.map((entry) => ({ week: week.week, part: categories.get(entry.category.key)?.name ?? entry.category.key, percent: entry.percent }));
    }
    if (!week.splits) return [];
    return breakdown === 'elective'
      ? [
          { week: week.week, part: 'Elective', percent: week.splits.elective },
          { week: week.week, part: 'Non-elective', percent: week.splits.nonElective },
        ]
      : [
          { week: week.week, part: 'Innovation', percent: week.splits.innovation },
          { week: week.week, part: 'Tune-up', percent: week.splits.tuneUp },
        ];
  });
}

function StackedWeeks({ title, weeks, categories, breakdown }: { title: string; weeks: Week[]; categories: Map<string, Category>; breakdown: Breakdown }) {
  const rows = stackRows(weeks, breakdown, categories);
  // The same part at the same place of every week's bar: the taxonomy's order.
  const order = breakdown === 'categories' ? [...categories.values()].map((c) => c.name) : breakdown === 'elective' ? ['Elective', 'Non-elective'] : ['Innovation', 'Tune-up'];
  const flagged = weeks.filter((w) => w.driftFlagged);
  return (
    <PlotFigure
      label={`${title}: weekly split by ${BREAKDOWNS[breakdown]}`}
      description={`${weeks.filter((w) => w.splits).length} weeks reported, ${flagged.length} with drift flagged${flagged.length ? ` (${flagged.map((w) => w.week).join(', ')})` : ''}.`}
      deps={[weeks, breakdown, categories]}
      options={() => ({
        height: 220,
        marginBottom: 40,
        x: { type: 'band', label: null, tickRotate: -45, tickFormat: (w: string) => w.slice(5) },
        y: { label: '% of the week', domain: [0, 105], grid: true },
        color: { legend: true, scheme: 'tableau10', domain: order },
        marks: [
          Plot.barY(rows, { x: 'week', y: 'percent', fill: 'part', order, title: (d: (typeof rows)[number]) => `${d.week} ${d.part}: ${d.percent}%` }),
          Plot.text(flagged, { x: 'week', y: 101, text: () => '⚑', fill: '#b3261e', fontSize: 13, ariaLabel: 'drift flagged' }),
        ],
      })}
    />
  );
}

/** Each target category's weekly share against its band (target ± tolerance); points outside the band in red. */
function DriftBands({ title, weeks }: { title: string; weeks: Week[] }) {
  const rows = weeks.flatMap((w) =>
    w.drift.map((d) => ({ week: w.week, category: d.category.name, actual: d.actual, low: d.target - d.tolerance, high: d.target + d.tolerance, outside: d.outside })),
  );
  if (!rows.length) return <p class="meta">No target in force for these weeks.</p>;
  const outside = rows.filter((r) => r.outside);
  return (
    <PlotFigure
      label={`${title}: each target category against its band`}
      description={`${outside.length} category-weeks outside their band${outside.length ? `: ${outside.map((r) => `${r.category} ${r.week} (${r.actual}%)`).join(', ')}` : ''}.`}
      deps={[weeks]}
      options={() => ({
        height: 90 * new Set(rows.map((r) => r.category)).size + 40,
        marginLeft: 48,
        marginRight: 110,
        x: { type: 'band', label: null, tickRotate: -45, tickFormat: (w: string) => w.slice(5) },
        y: { label: '%', grid: true },
        fy: { label: null },
        marks: [
          Plot.barY(rows, { x: 'week', y1: 'low', y2: 'high', fy: 'category', fill: '#bfdbfe', ariaLabel: 'target band' }),
          Plot.line(rows, { x: 'week', y: 'actual', fy: 'category', stroke: '#374151', ariaLabel: 'reported share' }),
          Plot.dot(rows, {
            x: 'week',
            y: 'actual',
            fy: 'category',
            r: 3,
            fill: (d: (typeof rows)[number]) => (d.outside ? '#b3261e' : '#374151'),
            title: (d: (typeof rows)[number]) => `${d.week} ${d.category}: ${d.actual}% (band ${d.low}-${d.high}%)${d.outside ? ', drift flagged' : ''}`,
          }),
        ],
      })}
    />
  );
}

function WeeksTable({ idPrefix, weeks }: { idPrefix: string; weeks: Week[] }) {
  const idFor = useAnchor();
  return (
    <table class="weeks">
      <caption class="visually-hidden">Weekly splits and drift</caption>
      <thead>
        <tr>
          <th scope="col">Week</th>
          <th scope="col">Elective</th>
          <th scope="col">Non-elective</th>
          <th scope="col">Innovation</th>
          <th scope="col">Tune-up</th>
          <th scope="col">Headcount</th>
          <th scope="col">Drift</th>
        </tr>
      </thead>
      <tbody>
        {weeks
          .filter((w) => w.splits)
          .map((w) => (
            <tr key={w.week} id={idFor('week', `${idPrefix}-${w.week}`)} class={w.driftFlagged ? 'flagged' : undefined}>
              <th scope="row">{w.week}</th>
              <td>{w.splits!.elective}%</td>
              <td>{w.splits!.nonElective}%</td>
              <td>{w.splits!.innovation}%</td>
              <td>{w.splits!.tuneUp}%</td>
              <td>{w.headcount}</td>
              <td>
                {w.driftFlagged ? (
                  <Badge tone="bad">
                    flagged: {w.drift.filter((d) => d.outside).map((d) => `${d.category.name} ${d.actual}% (target ${d.target}±${d.tolerance})`).join(', ')}
                  </Badge>
                ) : (
                  'on target'
                )}
                {(w.report?.corrections ?? 0) > 0 && <> · corrected</>}
              </td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

function TrendSection(props: { title: string; team: string | null; moment: Moment; fromWeek: string; toWeek: string; categories: Map<string, Category>; headcount?: string }) {
  const idFor = useAnchor();
  const { title, team, moment, fromWeek, toWeek, categories } = props;
  const [breakdown, setBreakdown] = useState<Breakdown>('categories');
  const state = useQuery(AllocationTrendsDocument, { ...momentVariables(moment), team, fromWeek, toWeek });
  useHashTarget(state.status === 'done');
  const id = team ?? 'org';
  return (
    <section class="team-allocation" aria-label={title} id={idFor('team', id)}>
      <h3>{title}</h3>
      {props.headcount && <p class="meta">{props.headcount}</p>}
      <Loaded state={state}>
        {(answer) => {
          const weeks = answer.data.allocationTrend;
          const reported = weeks.filter((w) => w.splits);
          if (!reported.length) return <p>No week reported yet.</p>;
          const target = reported.at(-1)!.target;
          return (
            <>
              <p class="meta">
                {reported.length} weeks reported · {reported.filter((w) => w.driftFlagged).length} with drift flagged
                {target && (
                  <>
                    {' '}
                    · target from {target.fromWeek}
                    {target.team ? '' : ' (org-wide)'}: {target.reason}
                  </>
                )}
              </p>
              <label class="breakdown">
                Split by{' '}
                <select value={breakdown} onChange={(e) => setBreakdown(e.currentTarget.value as Breakdown)}>
                  {Object.entries(BREAKDOWNS).map(([key, text]) => (
                    <option key={key} value={key}>
                      {text}
                    </option>
                  ))}
                </select>
              </label>
              <StackedWeeks title={title} weeks={weeks} categories={categories} breakdown={breakdown} />
              <DriftBands title={title} weeks={weeks} />
              <details>
                <summary>Weeks as a table</summary>
                <WeeksTable idPrefix={id} weeks={weeks} />
              </details>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function Staffing({ moment, fromWeek, toWeek }: { moment: Moment; fromWeek: string; toWeek: string }) {
  const state = useQuery(StaffingPageDocument, { ...momentVariables(moment), fromWeek, toWeek });
  return (
    <section class="team-allocation" aria-label="Product vs platform staffing">
      <h3>Product vs platform staffing</h3>
      <Loaded state={state}>
        {(answer) => {
          const rows = answer.data.staffingBalance.flatMap((w) =>
            w.kinds.filter((k) => k.teams > 0).map((k) => ({ week: w.week, kind: label(k.kind), people: k.headcountPercent, time: k.reportedPercent })),
          );
          const last = answer.data.staffingBalance.at(-1);
          return (
            <>
              <PlotFigure
                label="Share of people by team kind, week by week"
                description={last ? `In ${last.week}: ${last.kinds.filter((k) => k.teams).map((k) => `${label(k.kind)} ${k.headcount} people (${k.headcountPercent}%)`).join(', ')}.` : 'No weeks.'}
                deps={[answer]}
                options={() => ({
                  height: 200,
                  marginBottom: 40,
                  x: { type: 'band', label: null, tickRotate: -45, tickFormat: (w: string) => w.slice(5) },
                  y: { label: '% of people', domain: [0, 100], grid: true },
                  color: { legend: true, scheme: 'tableau10' },
                  marks: [Plot.barY(rows, { x: 'week', y: 'people', fill: 'kind', title: (d: (typeof rows)[number]) => `${d.week} ${d.kind}: ${d.people}% of people, ${d.time}% of reported time` })],
                })}
              />
              <details>
                <summary>Staffing as a table</summary>
                <table>
                  <caption class="visually-hidden">People by team kind per week</caption>
                  <thead>
                    <tr>
                      <th scope="col">Week</th>
                      <th scope="col">People</th>
                      {last?.kinds.map((k) => (
                        <th scope="col" key={k.kind}>
                          {label(k.kind)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {answer.data.staffingBalance.map((w) => (
                      <tr key={w.week}>
                        <th scope="row">{w.week}</th>
                        <td>{w.headcount}</td>
                        {w.kinds.map((k) => (
                          <td key={k.kind}>
                            {k.headcount} ({k.headcountPercent}% of people, {k.reportedPercent}% of time)
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

export default function AllocationPage({ moment }: PageProps) {
  const setup = useQuery(AllocationSetupDocument, { ...momentVariables(moment), first: PAGE_SIZE });
  const toWeek = isoWeekOf(moment.kind === 'instant' ? new Date(moment.asOf) : new Date());
  return (
    <Loaded state={setup}>
      {(answer) => {
        const teams = answer.data.teams.edges.map((e) => e.node);
        const categories = new Map(answer.data.allocationCategories.map((c) => [c.key, c]));
        const fromWeek = teams.map((t) => t.since).sort()[0];
        return (
          <section aria-label="Allocation" class="allocation">
            <MomentHeading title="Allocation" moment={moment} position={positionOf(answer)} />
            {!fromWeek || fromWeek > toWeek ? (
              <p>No team was defined yet.</p>
            ) : (
              <>
                <p class="summary">
                  {teams.length} teams, {teams.reduce((sum, t) => sum + t.headcount, 0)} people · weeks {fromWeek} to {toWeek}
                </p>
                <TrendSection title="Organisation (weighted by headcount)" team={null} moment={moment} fromWeek={fromWeek} toWeek={toWeek} categories={categories} />
                {teams.map((team) => (
                  <TrendSection
                    key={team.key}
                    title={team.name}
                    team={team.key}
                    moment={moment}
                    fromWeek={fromWeek}
                    toWeek={toWeek}
                    categories={categories}
                    headcount={`${label(team.kind)} team · ${team.headcount} people`}
                  />
                ))}
                <Staffing moment={moment} fromWeek={fromWeek} toWeek={toWeek} />
              </>
            )}
          </section>
        );
      }}
    </Loaded>
  );
}

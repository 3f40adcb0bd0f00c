import { weekStartDate } from '../domain/allocation/iso-week.ts';
import { cycleOf, isoDateOf } from '../domain/okrs/cycle.ts';
import { closingAt, planningAt, planQuarters, plusDays, shiftCycle, weekAt, type SeedPlan, type SeedQuarter } from './calendar.ts';
import type { GraphQLClient } from './client.ts';
import { PERSONAS, TEAMS } from './data/people.ts';
import { TRY_QUERIES } from './data/try-queries.ts';
import { LABELS } from './mutations.ts';
import { Seeder } from './seeder.ts';
import type { StoryClock } from './story-clock.ts';
import { SeedError } from './seed-error.ts';

/**
 * `npm run seed`: fills a ledger with the demo of demo/data (the previous quarter in full, the
 * current one up to today) through the real GraphQL API, in this process: every rule, permission
 * and event goes through the normal write path, each persona with its own development token.
 * Every mutation carries an idempotency key made of SEED_VERSION, the seeded quarter and the
 * record's ref: a second run replays them all and appends nothing; a run weeks later only adds the
 * weeks that ended since. Bump SEED_VERSION when the content of an existing step changes.
 */
export const SEED_VERSION = 'seed-v1';


export interface SeedOptions {
  /** The ISO date the seed takes as today (default: today, UTC). Never later than the real today. */
  today?: string;
  /** Mutations in flight at once (default 4). */
  concurrency?: number;
  log?: (line: string) => void;
  /**
   * The clock of the store the client writes through (demo/client.ts). On an empty ledger the seed
   * sets it to the story's time and records the story at the times it happens; without it (or on
   * a ledger seeded before) everything is recorded at the real time.
   */
  clock?: StoryClock;
  /**
   * One run of the API's alert evaluator (demo/client.ts). While the story clock runs, the seed runs
   * it every evening of the story (ALERT_HOUR) and before each moment, so alerts carry story times.
   */
  evaluateAlerts?: () => Promise<unknown>;
}

/** The hour (UTC) of the story's daily alert evaluation: after a Friday's reports (15:00) and their deadline. */
const ALERT_HOUR = 21;

/** Every evening at ALERT_HOUR strictly between two instants of the story (ISO), in order. */
export function eveningsBetween(from: string, to: string): string[] {
  const evenings: string[] = [];
  const day = new Date(from);
  day.setUTCHours(ALERT_HOUR, 0, 0, 0);
  if (day.getTime() <= Date.parse(from)) day.setUTCDate(day.getUTCDate() + 1);
  for (; day.getTime() < Date.parse(to); day.setUTCDate(day.getUTCDate() + 1)) evenings.push(day.toISOString());
  return evenings;
}

export interface SeedReport {
  plan: SeedPlan;
  /** Mutations per kind (written now or replayed from an earlier run). */
  counts: Record<string, number>;
  operations: number;
  /** Events this run added to the log: 0 when the ledger was already seeded. */
  appended: number;
  /** Events in the log after the run. */
  events: number;
  ms: number;
  /** The story's clock, when this run set it (null: recorded at the real time). */
  clock: { storyStartsAt: string; seededAt: string } | null;
  /** Instants of the story to look at with asOf: after each, the ledger shows something the next changes. */
  moments: StoryMoment[];
}

export interface StoryMoment {
  label: string;
  asOf: string;
}

const HOUR_MS = 3_600_000;
const after = (instant: string, hours = 1) => new Date(Date.parse(instant) + hours * HOUR_MS).toISOString();

/** The moments the summary prints (and the README points to): each an hour after a phase of the story. */
export function storyMoments({ previous, current }: SeedPlan): StoryMoment[] {
  const week = (quarter: SeedQuarter, index: number) => quarter.elapsed[index - 1];
  const moments: (StoryMoment | null | undefined)[] = [
    { label: `${previous.cycle} planned: the first priority list and OKRs`, asOf: after(planningAt(previous.cycle)) },
    week(previous, 4) && { label: `end of week 4 of ${previous.cycle}, the first month`, asOf: after(weekAt(week(previous, 4)!)) },
    week(previous, 6) && { label: `week 6 of ${previous.cycle}: the payment outage reorders the list`, asOf: after(weekAt(week(previous, 6)!)) },
    { label: `${previous.cycle} graded and closed`, asOf: after(closingAt(previous.cycle)) },
    { label: `${current.cycle} planned`, asOf: after(planningAt(current.cycle)) },
  ];
  return moments.filter((m): m is StoryMoment => !!m);
}


const LEDGER_STATE = `query SeedState($team: String!) {
  team(key: $team) { since history(first: 1) { edges { node { idempotencyKey } } } }
  auditTrail(first: 1) { totalCount }
}`;

/** The previous quarter an earlier run seeded (null if none), and the size of the log. */
async function ledgerState(client: GraphQLClient): Promise<{ seeded: string | null; events: number }> {
  const data = await client(PERSONAS.priya, LEDGER_STATE, { team: TEAMS[0]!.key });
  const events = data.auditTrail.totalCount as number;
  const team = data.team as { since: string; history: { edges: { node: { idempotencyKey: string | null } }[] } } | null;
  const key = team?.history.edges[0]?.node.idempotencyKey ?? '';
  if (team && key.startsWith(`${SEED_VERSION}:`)) return { seeded: cycleOf(plusDays(weekStartDate(team.since), 3)), events };
  if (team && key.startsWith('seed-')) {
    throw new SeedError(`This ledger was seeded by another version of the seed (${key.split(':')[0]}); seed a fresh one.`);
  }
  if (events > 0) {
    throw new SeedError(
      `This ledger already holds ${events} event${events === 1 ? '' : 's'} the seed did not write` +
        `${team ? ` (among them the team "${TEAMS[0]!.key}")` : ''}. ` +
        'The seed fills an empty ledger: point it at a fresh one, e.g. DATA_DIR=.data/demo npm run seed ' +
        '(then DATA_DIR=.data/demo npm start), or another EVENTS_TABLE.',
    );
  }
  return { seeded: null, events };
}

/**
 * Fills the ledger the client talks to with the demo: the previous quarter in full and the current
 * one up to today. On a ledger seeded before, it keeps that run's quarters and adds only what is
 * new (weeks that ended since); on any other non-empty ledger it refuses.
 */
export async function seedLedger(client: GraphQLClient, options: SeedOptions = {}): Promise<SeedReport> {
  const started = performance.now();
  const today = options.today ?? isoDateOf(new Date());
  const before = await ledgerState(client);
  const previous = before.seeded ?? shiftCycle(cycleOf(today), -1);
  const plan = planQuarters(previous, today);
  const log = options.log ?? (() => {});
  const seeder = new Seeder(client, plan, `${SEED_VERSION}:${previous}`, options.concurrency ?? 4, log);
  let clock: SeedReport['clock'] = null;
  if (options.clock && before.events === 0) {
    const purpose = `npm run seed (${SEED_VERSION}): ${plan.previous.cycle} and ${plan.current.cycle} up to ${plan.asOf}`;
    clock = await options.clock.start(planningAt(plan.previous.cycle), purpose);
    log(`The store's clock runs on the story's time from ${clock.storyStartsAt} (LedgerClockSet, position 1)`);
  }
  let last: string | null = null;
  // The evaluator's runs between the story's moments: the evenings since the last one, then the moment itself.
  const evaluateUntil = async (at: string) => {
    if (!options.clock?.running || !options.evaluateAlerts) return;
    for (const evening of last ? eveningsBetween(last, at) : []) {
      options.clock.advance(evening);
      await options.evaluateAlerts();
    }
    options.clock.advance(at);
    await options.evaluateAlerts();
    last = at;
  };
  try {
    await seeder.run(async (at) => {
      options.clock?.advance(at);
      await evaluateUntil(at);
    });
    if (last) await evaluateUntil(eveningsBetween(last, `${plan.asOf}T23:59:59.000Z`).at(-1) ?? last);
  } finally {
    options.clock?.stop();
  }
  const { auditTrail } = await client(PERSONAS.priya, '{ auditTrail(first: 1) { totalCount } }');
  return {
    plan,
    counts: Object.fromEntries(seeder.counts),
    operations: seeder.operations,
    appended: auditTrail.totalCount - before.events,
    events: auditTrail.totalCount,
    ms: Math.round(performance.now() - started),
    clock,
    moments: storyMoments(plan),
  };
}

/** The summary `npm run seed` prints: what was seeded, how long it took, and what to query. */
export function formatReport({ plan, counts, operations, appended, events, ms, clock, moments }: SeedReport, url: string): string {
  const { previous, current } = plan;
  const weeks = (q: SeedQuarter) => (q.elapsed.length ? `${q.elapsed[0]!.week} to ${q.elapsed.at(-1)!.week}` : 'no week ended yet');
  const [from, to] = [previous.weeks[0]!.week, (current.elapsed.at(-1) ?? previous.weeks.at(-1)!).week];
  const lines = [
    `${previous.cycle} in full (${weeks(previous)}), ` +
      `${current.cycle} up to ${plan.asOf} (${current.elapsed.length} of ${current.weeks.length} weeks: ${weeks(current)})`,
    [...new Set(Object.values(LABELS))]
      .filter((label) => counts[label])
      .map((label) => `${label}: ${counts[label]}`)
      .join(', '),
    appended === 0
      ? `The ledger was already seeded: all ${operations} mutations were replayed from the log, nothing appended (${(ms / 1000).toFixed(1)} s).`
      : `${operations} mutations, ${appended} events appended (${events} in the log) in ${(ms / 1000).toFixed(1)} s.`,
    clock
      ? `Recorded at the story's times from ${clock.storyStartsAt} (the log's first event, LedgerClockSet, says so); writes from now on carry the real clock.`
      : appended === 0
        ? ''
        : 'Recorded at the real time: the ledger held events before this run, so the story clock was not set.',
    '',
    'Moments of the story, for asOf in a query or the time slider of the web view:',
    ...moments.map((m) => `  ${m.asOf}  ${m.label}`),
    '',
    `Try these in GraphiQL: npm start, open ${url}, and put a token in its Headers tab:`,
    `  {"Authorization": "Bearer <the output of: npm run token -- --role ADMIN --sub you>"}`,
    ...TRY_QUERIES.flatMap(({ title, query }) => ['', `# ${title}`, query]),
    '',
    '# The priority list and the OKRs at the first moments of the story, and now',
    compareQuery(moments),
    '',
    `# The org-wide allocation and the staffing balance, week by week`,
    `{\n  allocationTrend(fromWeek: "${from}", toWeek: "${to}") {\n` +
      `    week headcount teamsReported driftFlagged splits { elective nonElective innovation tuneUp }\n  }\n` +
      `  staffingBalance(fromWeek: "${from}", toWeek: "${to}") {\n` +
      `    week headcount kinds { kind headcount headcountPercent reportedPercent }\n  }\n}`,
  ];
  return lines.join('\n');
}

/** A query comparing the priority list and the objectives at the first two moments with now (printed by the seed). */
export function compareQuery(moments: StoryMoment[]): string {
  const [planned, month] = moments;
  const list = 'version entries { rank initiative { title } }';
  const okrs = 'edges { node { cycle title status progress } }';
  return [
    '{',
    `  planned: priorities(asOf: "${planned!.asOf}") { ${list} }`,
    ...(month ? [`  firstMonth: priorities(asOf: "${month.asOf}") { ${list} }`] : []),
    `  now: priorities { ${list} }`,
    `  objectivesThen: objectives(asOf: "${(month ?? planned)!.asOf}") { ${okrs} }`,
    `  objectivesNow: objectives { ${okrs} }`,
    '}',
  ].join('\n');
}

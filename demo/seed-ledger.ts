import { weekStartDate } from '../domain/allocation/iso-week.ts';
import { cycleOf, isoDateOf } from '../domain/okrs/cycle.ts';
import { planQuarters, plusDays, shiftCycle, type SeedPlan, type SeedQuarter } from './calendar.ts';
import type { GraphQLClient } from './client.ts';
import { PERSONAS, TEAMS } from './data/people.ts';
import { TRY_QUERIES } from './data/try-queries.ts';
import { LABELS } from './mutations.ts';
import { Seeder } from './seeder.ts';
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
  await seeder.run();
  const { auditTrail } = await client(PERSONAS.priya, '{ auditTrail(first: 1) { totalCount } }');
  return {
    plan,
    counts: Object.fromEntries(seeder.counts),
    operations: seeder.operations,
    appended: auditTrail.totalCount - before.events,
    events: auditTrail.totalCount,
    ms: Math.round(performance.now() - started),
  };
}

/** The summary `npm run seed` prints: what was seeded, how long it took, and what to query. */
export function formatReport({ plan, counts, operations, appended, events, ms }: SeedReport, url: string): string {
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
    '',
    `Try these in GraphiQL: npm start, open ${url}, and put a token in its Headers tab:`,
    `  {"Authorization": "Bearer <the output of: npm run token -- --role ADMIN --sub you>"}`,
    ...TRY_QUERIES.flatMap(({ title, query }) => ['', `# ${title}`, query]),
    '',
    `# The org-wide allocation and the staffing balance, week by week`,
    `{\n  allocationTrend(fromWeek: "${from}", toWeek: "${to}") {\n` +
      `    week headcount teamsReported driftFlagged splits { elective nonElective innovation tuneUp }\n  }\n` +
      `  staffingBalance(fromWeek: "${from}", toWeek: "${to}") {\n` +
      `    week headcount kinds { kind headcount headcountPercent reportedPercent }\n  }\n}`,
  ];
  return lines.join('\n');
}

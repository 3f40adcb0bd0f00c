import { fileURLToPath } from 'node:url';
import { addWeeks, isoWeekOf, weekStartDate } from '../../domain/allocation/iso-week.ts';
import { cycleEnd, cycleOf, cycleStart, formatCycle, isoDateOf, parseCycle, type Cycle } from '../../domain/okrs/cycle.ts';
import { connectLedger } from '../../events/cli/connect.ts';
import { createDocumentClient } from '../../events/dynamodb/client.ts';
import { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import { ensureEventsTable } from '../../events/dynamodb/tables.ts';
import { createEventRegistry } from '../../events/schemas/index.ts';
import { createApp } from '../app.ts';
import { loadOrCreateDevKey } from '../auth/dev-key.ts';
import { mintToken } from '../auth/mint-token.ts';
import { configFromEnv, type AppConfig } from '../config.ts';
import {
  ALLOCATION,
  OKRS,
  PERSONAS,
  STORY,
  TEAMS,
  TRY_QUERIES,
  type AllocationPlan,
  type Chapter,
  type Curve,
  type DateRef,
  type KeyResultSpec,
  type ObjectiveSpec,
  type Persona,
  type PersonaKey,
  type QuarterKey,
  type Ref,
  type Step,
  type TeamSpec,
} from './seed-data.ts';

/**
 * `npm run seed`: fills a ledger with the demo of seed-data.ts (the previous quarter in full, the
 * current one up to today) through the real GraphQL API, in this process: every rule, permission
 * and event goes through the normal write path, each persona with its own development token.
 * Every mutation carries an idempotency key made of SEED_VERSION, the seeded quarter and the
 * record's ref: a second run replays them all and appends nothing; a run weeks later only adds the
 * weeks that ended since. Bump SEED_VERSION when the content of an existing step changes.
 */
export const SEED_VERSION = 'seed-v1';

/** The seed cannot run here, or the API refused one of its mutations. */
export class SeedError extends Error {}

/** Sends one GraphQL operation as a persona; returns `data`, throws on GraphQL errors. */
export type GraphQLClient = (persona: Persona, query: string, variables?: Record<string, unknown>) => Promise<Record<string, any>>;

/**
 * The one place requests get their credentials: a development token per persona (its id as the
 * subject, its role), signed with the key in the data folder that the API trusts locally.
 */
export function authHeaders(config: AppConfig): (persona: Persona) => Promise<Record<string, string>> {
  const { keys, org } = config.auth;
  if (keys.kind !== 'dev-key') {
    throw new SeedError(
      'The seed signs development tokens with the key in the data folder, but this API trusts another issuer ' +
        '(JWT_JWKS_URL or JWT_PUBLIC_JWK is set): seed a local ledger instead.',
    );
  }
  const signingKey = loadOrCreateDevKey(keys.file);
  const tokens = new Map<string, Promise<string>>();
  return async (persona) => {
    let token = tokens.get(persona.id);
    if (!token) {
      const request = { sub: persona.id, name: persona.name, roles: [persona.role], org, expiresIn: '1h' };
      token = signingKey.then((jwk) => mintToken(jwk, request));
      tokens.set(persona.id, token);
    }
    return { authorization: `Bearer ${await token}` };
  };
}

/** The API in this process (the same app `npm start` serves), over its own connection to the table. */
export function inProcessClient(config: AppConfig): { client: GraphQLClient; close(): void } {
  const headersFor = authHeaders(config);
  const dynamo = createDocumentClient(config.dynamo);
  const store = new DynamoEventStore({ client: dynamo, tableName: config.tableName, registry: createEventRegistry() });
  const { yoga } = createApp(config, { store });
  const client: GraphQLClient = async (persona, query, variables) => {
    const response = await yoga.fetch('http://seed.local/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(await headersFor(persona)) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, any>; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) {
      throw new Error(`GraphQL request failed (HTTP ${response.status}): ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
    }
    return body.data;
  };
  return { client, close: () => dynamo.destroy() };
}

// ---------------------------------------------------------------------------------------------
// The calendar: which quarters, which weeks, which have ended.

export interface SeedWeek {
  /** 1..n inside the quarter. */
  index: number;
  /** ISO week, e.g. 2026-W27. */
  week: string;
  /** The business date of the week's check-ins: its Friday, or the quarter's last day if earlier. */
  friday: string;
}

export interface SeedQuarter {
  key: QuarterKey;
  cycle: string;
  /** The ISO weeks whose Thursday falls in the quarter. */
  weeks: SeedWeek[];
  /** The weeks whose Friday has come. */
  elapsed: SeedWeek[];
}

export interface SeedPlan {
  previous: SeedQuarter;
  current: SeedQuarter;
  asOf: string;
}

const DAY_MS = 86_400_000;
const plusDays = (date: string, days: number): string => isoDateOf(new Date(Date.parse(date) + days * DAY_MS));
const earlier = (a: string, b: string): string => (a < b ? a : b);

export function shiftCycle(cycle: string, quarters: number): string {
  const { year, quarter } = parseCycle(cycle)!;
  const n = year * 4 + quarter - 1 + quarters;
  return formatCycle({ year: Math.floor(n / 4), quarter: ((n % 4) + 1) as Cycle['quarter'] });
}

export function quarterWeeks(cycle: string): SeedWeek[] {
  const [first, last] = [cycleStart(cycle), cycleEnd(cycle)];
  const weeks: SeedWeek[] = [];
  for (let week = isoWeekOf(first); ; week = addWeeks(week, 1)) {
    const thursday = plusDays(weekStartDate(week), 3);
    if (thursday > last) return weeks;
    if (thursday >= first) weeks.push({ index: weeks.length + 1, week, friday: earlier(plusDays(thursday, 1), last) });
  }
}

/** The previous quarter in full, the one after it up to `today` (at most to its end). */
export function planQuarters(previousCycle: string, today: string): SeedPlan {
  const currentCycle = shiftCycle(previousCycle, 1);
  const cutoff = earlier(today, cycleEnd(currentCycle));
  const quarter = (key: QuarterKey, cycle: string): SeedQuarter => {
    const weeks = quarterWeeks(cycle);
    return { key, cycle, weeks, elapsed: weeks.filter((w) => w.friday <= cutoff) };
  };
  return { previous: quarter('previous', previousCycle), current: quarter('current', currentCycle), asOf: cutoff };
}

// ---------------------------------------------------------------------------------------------
// Values of the week: curves, allocation mixes.

export function along(curve: Curve, t: number): number {
  let [t0, v0] = curve[0]!;
  if (t <= t0) return v0;
  for (const [t1, v1] of curve.slice(1)) {
    if (t <= t1) return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
    [t0, v0] = [t1, v1];
  }
  return v0;
}

const rounded = (value: number, decimals: number): number => Number(value.toFixed(decimals));

/** The week's mix: a single-week override as given, else the phase (or base) mix with a little noise. */
export function mixOf(plan: AllocationPlan, week: number, teamIndex: number): { category: string; percent: number }[] {
  const single = plan.weeks?.[week];
  const phase = [...(plan.phases ?? [])].reverse().find((p) => p.from <= week);
  const mix: Record<string, number> = { ...(single ?? phase?.mix ?? plan.base) };
  if (!single) {
    const shift = ((week * 7 + teamIndex * 3) % 5) - 2;
    const [up, down] = plan.jitter;
    mix[up] = (mix[up] ?? 0) + shift;
    mix[down] = (mix[down] ?? 0) - shift;
  }
  return Object.entries(mix)
    .filter(([, percent]) => percent > 0)
    .map(([category, percent]) => ({ category, percent }));
}

// ---------------------------------------------------------------------------------------------
// The mutations.

/** Each mutation's record field and what the seed reads back from it. */
const RETURNS = {
  defineTeam: ['team', 'id version'],
  reviseTeam: ['team', 'id version'],
  recordDecision: ['decision', 'id version'],
  supersedeDecision: ['decision', 'id version'],
  setAllocationTarget: ['target', 'id version'],
  reportAllocation: ['report', 'id version'],
  setObjective: ['objective', 'id version'],
  closeObjective: ['objective', 'id version'],
  defineKeyResult: ['keyResult', 'id version'],
  reviseKeyResultTarget: ['keyResult', 'id version'],
  gradeKeyResult: ['keyResult', 'id version'],
  checkInKeyResult: ['keyResult', 'id version progress } checkIn { id'],
  createInitiative: ['initiative', 'id version'],
  scoreInitiative: ['initiative', 'id version'],
  changeInitiativeStatus: ['initiative', 'id version'],
  noteTradeoff: ['tradeoff', 'id version'],
  revisitTradeoff: ['tradeoff', 'id version'],
  reprioritize: ['priorities', 'version'],
  removeFromPriorities: ['priorities', 'version'],
} as const;

type Mutation = keyof typeof RETURNS;

/** How the summary counts each mutation (corrections apart), in the order it prints them. */
const LABELS = {
  defineTeam: 'teams',
  reviseTeam: 'headcount changes',
  recordDecision: 'decisions',
  supersedeDecision: 'decisions superseded',
  setObjective: 'objectives',
  defineKeyResult: 'key results',
  checkInKeyResult: 'check-ins',
  correctCheckIn: 'check-in corrections',
  reviseKeyResultTarget: 'key result targets revised',
  gradeKeyResult: 'key results graded',
  closeObjective: 'objectives closed',
  setAllocationTarget: 'allocation targets',
  reportAllocation: 'allocation reports',
  correctAllocation: 'allocation corrections',
  noteTradeoff: 'tradeoffs',
  revisitTradeoff: 'tradeoff revisits',
  createInitiative: 'initiatives',
  scoreInitiative: 'initiative scorings',
  changeInitiativeStatus: 'initiative status changes',
  reprioritize: 'priority changes',
  removeFromPriorities: 'priority changes',
} as const satisfies Record<Mutation | 'correctCheckIn' | 'correctAllocation', string>;

/** What an operation waits for: earlier operations on its streams, and the makers of the records it refers to. */
interface OpOrder {
  /** Records it changes, and lists whose order should follow the story (e.g. "decisions"). */
  streams: readonly string[];
  needs?: readonly Ref[];
  makes?: readonly Ref[];
}

/**
 * Runs operations as soon as they may, at most `limit` at a time: after every earlier operation on
 * the same streams and after the operations that make the records it refers to. So each record's
 * events keep the story's order (a target revised between two check-ins), while independent
 * records (every key result's weekly check-ins, every team's reports) advance side by side.
 * After a failure nothing new starts.
 */
class Scheduler {
  /** Nothing starts before the whole plan is scheduled: a mistake in the seed data fails before any write. */
  private readonly gate: Promise<void>;
  private open: () => void = () => {};
  private readonly tails = new Map<string, Promise<void>>();
  private readonly makers = new Map<Ref, Promise<void>>();
  private readonly scheduled: Promise<void>[] = [];
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private failure: unknown = null;

  constructor(private readonly limit: number) {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  get size(): number {
    return this.scheduled.length;
  }

  add({ streams, needs = [], makes = [] }: OpOrder, run: () => Promise<unknown>): void {
    const after = [this.gate, ...streams.map((stream) => this.tails.get(stream)), ...needs.map((ref) => this.maker(ref))];
    const done = Promise.all(after).then(() => this.inSlot(run));
    for (const stream of streams) this.tails.set(stream, done);
    for (const ref of makes) this.makers.set(ref, done);
    this.scheduled.push(done);
  }

  /** Starts the operations and waits for all of them; throws the first failure. */
  async run(): Promise<void> {
    this.open();
    await Promise.allSettled(this.scheduled);
    if (this.failure) throw this.failure;
  }

  private maker(ref: Ref): Promise<void> {
    const maker = this.makers.get(ref);
    if (!maker) throw new SeedError(`The seed data refers to ${ref} before any step makes it`);
    return maker;
  }

  private async inSlot(run: () => Promise<unknown>): Promise<void> {
    if (this.running < this.limit) this.running += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      if (this.failure) throw this.failure;
      await run();
    } catch (error) {
      this.failure ??= error;
      throw error;
    } finally {
      // A waiting operation takes over the slot; otherwise it frees up.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

/** Every ref a step mentions: the records it needs to exist first. */
const REF = /^(team|objective|kr|decision|tradeoff|initiative|target|checkin|report):/;
const refsIn = (step: Step): Ref[] =>
  Object.values(step)
    .flat()
    .filter((value): value is Ref => typeof value === 'string' && REF.test(value));

/** The streams a story step moves along, and the records it makes. */
function orderOf(step: Step): OpOrder {
  const needs = refsIn(step);
  const made = (list: string, ref: Ref): OpOrder => ({ streams: [list, ref], needs, makes: [ref] });
  switch (step.do) {
    case 'recordDecision':
      return made('decisions', `decision:${step.key}`);
    case 'setAllocationTarget':
      return { ...made('targets', `target:${step.key}`), needs: step.team ? [...needs, `team:${step.team}`] : needs };
    case 'createInitiative':
      return made('initiatives', `initiative:${step.key}`);
    case 'noteTradeoff':
      return made('tradeoffs', `tradeoff:${step.key}`);
    case 'supersedeDecision':
      return { streams: [step.decision, step.supersededBy], needs };
    case 'scoreInitiative':
    case 'changeInitiativeStatus':
      return { streams: [step.initiative], needs };
    case 'reprioritize':
    case 'removeFromPriorities':
      return { streams: ['priorities', step.initiative], needs };
    case 'revisitTradeoff':
      return { streams: [step.tradeoff], needs };
    case 'reviseTeam':
      return { streams: [`team:${step.team}`], needs: [...needs, `team:${step.team}`] };
    case 'reviseKeyResultTarget':
      return { streams: [step.keyResult], needs };
  }
}

class Seeder {
  readonly counts = new Map<string, number>();
  operations = 0;
  private readonly scheduler: Scheduler;
  private readonly ids = new Map<Ref, string>();
  private readonly versions = new Map<Ref, number>();
  private readonly progress = new Map<Ref, number>();
  /** The priority list's version as the seed left it: the list is the seed's alone in a seeded ledger. */
  private listVersion = 0;

  constructor(
    private readonly client: GraphQLClient,
    private readonly plan: SeedPlan,
    private readonly keyPrefix: string,
    concurrency: number,
    private readonly log: (line: string) => void,
  ) {
    this.scheduler = new Scheduler(concurrency);
  }

  async run(): Promise<void> {
    const { previous, current } = this.plan;
    for (const team of TEAMS) {
      const order = { streams: ['teams', `team:${team.key}`], makes: [`team:${team.key}`] };
      this.scheduler.add(order, () => this.defineTeam(team, previous.weeks[0]!.week));
    }
    this.quarter(previous);
    this.closeQuarter(previous);
    this.chapter(previous, 'end');
    this.quarter(current);
    this.log(`${this.scheduler.size} steps: ${previous.cycle} in full, ${current.cycle} up to ${this.plan.asOf}`);
    await this.scheduler.run();
  }

  private quarter(quarter: SeedQuarter): void {
    this.defineOkrs(quarter);
    this.chapter(quarter, 0);
    for (const week of quarter.elapsed) {
      this.weekly(quarter, week);
      this.chapter(quarter, week.index);
    }
  }

  /**
   * One mutation as a persona. `key` makes its idempotency key; the record it returns is remembered
   * (id and version) under `record`, by default the key itself.
   */
  private async mutate(
    mutation: Mutation,
    by: PersonaKey,
    key: string,
    input: Record<string, unknown>,
    { record: recordRef = key, counted = mutation }: { record?: Ref; counted?: keyof typeof LABELS } = {},
  ) {
    const [field, selection] = RETURNS[mutation];
    const inputType = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
    const result = `${field} { ${selection} } userErrors { code field message }`;
    const document = `mutation Seed($input: ${inputType}!) { ${mutation}(input: $input) { ${result} } }`;
    const data = await this.client(PERSONAS[by], document, { input: { ...input, idempotencyKey: `${this.keyPrefix}:${key}` } });
    const payload = data[mutation] as Record<string, any> & { userErrors: { code: string; field: string[]; message: string }[] };
    if (payload.userErrors.length) {
      const errors = payload.userErrors.map((e) => `${e.code} at ${e.field?.join('.')}: ${e.message}`).join('; ');
      throw new SeedError(`${mutation} "${key}" was refused: ${errors}`);
    }
    this.operations += 1;
    if (this.operations % 100 === 0) this.log(`${this.operations} mutations done`);
    const label = LABELS[counted];
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
    const record = payload[field] as { id?: string; version: number };
    if (record.id) this.ids.set(recordRef, record.id);
    this.versions.set(recordRef, record.version);
    return payload;
  }

  private id(ref: Ref): string {
    const id = this.ids.get(ref);
    if (!id) throw new SeedError(`The seed data refers to ${ref} before it exists`);
    return id;
  }

  private version(ref: Ref): number {
    return this.versions.get(ref) ?? 0;
  }

  private dateOf({ quarter, week }: DateRef): string {
    const { cycle, weeks } = this.plan[quarter];
    return week === 'end' ? cycleEnd(cycle) : weeks[week - 1]!.friday;
  }

  private defineTeam(team: TeamSpec, effectiveWeek: string) {
    const { key, name, kind, headcount } = team;
    return this.mutate('defineTeam', 'priya', `team:${key}`, { key, name, kind, headcount, effectiveWeek });
  }

  private defineOkrs(quarter: SeedQuarter): void {
    for (const objective of OKRS[quarter.key]) {
      const { key, title, description, level, team, owner, alignedTo, by } = objective;
      const ref = `objective:${key}`;
      const needs = [team && `team:${team}`, alignedTo && `objective:${alignedTo}`].filter((r): r is Ref => !!r);
      this.scheduler.add({ streams: ['objectives', ref], needs, makes: [ref] }, () => {
        const aligned = alignedTo ? this.id(`objective:${alignedTo}`) : undefined;
        const input = { title, description, level, owner, cycle: quarter.cycle, ownerTeam: team, alignedTo: aligned };
        return this.mutate('setObjective', by, ref, input);
      });
      for (const kr of objective.keyResults) {
        const order = { streams: [`${ref}:key-results`, `kr:${kr.key}`], needs: [ref], makes: [`kr:${kr.key}`] };
        this.scheduler.add(order, () => this.defineKeyResult(this.id(ref), by, kr));
      }
    }
  }

  private defineKeyResult(objective: string, by: PersonaKey, kr: KeyResultSpec) {
    const measure = kr.kind === 'METRIC' ? { baseline: kr.baseline, target: kr.target, unit: kr.unit } : {};
    const input = { objective, title: kr.title, description: kr.description, owner: kr.owner, kind: kr.kind, ...measure };
    return this.mutate('defineKeyResult', by, `kr:${kr.key}`, input);
  }

  private weekly(quarter: SeedQuarter, week: SeedWeek): void {
    for (const objective of OKRS[quarter.key]) {
      for (const kr of objective.keyResults.filter((k) => week.index % (k.every ?? 1) === 0)) {
        const order = { streams: [`kr:${kr.key}`], needs: [`kr:${kr.key}`], makes: [`checkin:${kr.key}:${week.index}`] };
        this.scheduler.add(order, () => this.checkIn(quarter, objective, kr, week));
      }
    }
    for (const [i, team] of TEAMS.entries()) {
      const order = { streams: [`reports:${team.key}`], needs: [`team:${team.key}`], makes: [`report:${team.key}:${quarter.key}:${week.index}`] };
      this.scheduler.add(order, () => this.report(quarter, team, i, week));
    }
  }

  private async checkIn(quarter: SeedQuarter, objective: ObjectiveSpec, kr: KeyResultSpec, week: SeedWeek): Promise<void> {
    const n = quarter.weeks.length;
    const t = week.index / n;
    let note = kr.notes?.[week.index];
    let input: Record<string, unknown> = {
      keyResult: this.id(`kr:${kr.key}`),
      reportedFor: week.friday,
      confidence: Math.round(along(kr.confidence, t) * 20) / 20,
    };
    if (kr.kind === 'MILESTONE') {
      const doneBy = (i: number) => kr.doneAt !== null && i / n >= kr.doneAt;
      if (doneBy(week.index) && !doneBy(week.index - 1)) note = kr.doneNote ?? note;
      input = { ...input, done: doneBy(week.index), note };
    } else {
      input = { ...input, value: rounded(along(kr.values, t), kr.decimals ?? 0), note };
    }
    const ref = `checkin:${kr.key}:${week.index}`;
    const record = `kr:${kr.key}`;
    let counted: keyof typeof LABELS = 'checkInKeyResult';
    if (kr.kind === 'METRIC' && kr.typo?.week === week.index) {
      const typo = { ...input, value: (input.value as number) * 10 };
      const wrong = await this.mutate('checkInKeyResult', objective.by, `${ref}:typo`, typo, { record });
      input = { ...input, corrects: wrong.checkIn.id, reason: kr.typo.reason };
      counted = 'correctCheckIn';
    }
    const payload = await this.mutate('checkInKeyResult', objective.by, ref, input, { record, counted });
    this.ids.set(ref, payload.checkIn.id);
    this.progress.set(record, payload.keyResult.progress);
  }

  private async report(quarter: SeedQuarter, team: TeamSpec, teamIndex: number, week: SeedWeek): Promise<void> {
    const plan = ALLOCATION[quarter.key][team.key]!;
    const ref = `report:${team.key}:${quarter.key}:${week.index}`;
    const input = { team: team.key, week: week.week, entries: mixOf(plan, week.index, teamIndex) };
    const first = await this.mutate('reportAllocation', team.lead, ref, input);
    const correction = plan.corrections?.[week.index];
    if (!correction) return;
    const entries = Object.entries(correction.mix).map(([category, percent]) => ({ category, percent }));
    const corrected = { ...input, entries, reason: correction.reason, expectedVersion: first.report.version };
    await this.mutate('reportAllocation', team.lead, `${ref}:correction`, corrected, { record: ref, counted: 'correctAllocation' });
  }

  /** Grades every key result of the quarter from its last progress (or its given grade), then closes the objectives. */
  private closeQuarter(quarter: SeedQuarter): void {
    for (const objective of OKRS[quarter.key]) {
      for (const kr of objective.keyResults) {
        const ref = `kr:${kr.key}`;
        this.scheduler.add({ streams: [ref] }, () => {
          const grade = kr.grade ?? Math.round((this.progress.get(ref) ?? 0) * 10) / 10;
          const input = { id: this.id(ref), expectedVersion: this.version(ref), grade, reason: `End of ${quarter.cycle}` };
          return this.mutate('gradeKeyResult', objective.by, `grade:${kr.key}`, input, { record: ref });
        });
      }
      const { close } = objective;
      if (!close) continue;
      const ref = `objective:${objective.key}`;
      this.scheduler.add({ streams: [ref, ...objective.keyResults.map((kr) => `kr:${kr.key}`)] }, () => {
        const input = { id: this.id(ref), expectedVersion: this.version(ref), ...close };
        return this.mutate('closeObjective', objective.by, `close:${objective.key}`, input, { record: ref });
      });
    }
  }

  private chapter(quarter: SeedQuarter, week: Chapter['week']): void {
    const chapter = STORY[quarter.key].find((c) => c.week === week);
    const at = week === 'end' ? quarter.weeks.at(-1)! : quarter.weeks[Math.max(0, week - 1)]!;
    for (const [i, step] of (chapter?.steps ?? []).entries()) {
      this.scheduler.add(orderOf(step), () => this.step(step, at, `${step.do}:${quarter.key}:${week}:${i}`));
    }
  }

  /** One step of the story; `at` is the week it happens in, `ref` keys steps that change an existing record. */
  private async step(step: Step, at: SeedWeek, ref: Ref): Promise<void> {
    const ids = (refs: Ref[]) => refs.map((r) => this.id(r));
    switch (step.do) {
      case 'recordDecision':
        await this.mutate('recordDecision', step.by, `decision:${step.key}`, { ...step.input, owner: step.owner, status: 'ACCEPTED' });
        return;
      case 'supersedeDecision': {
        const { decision, supersededBy, reason } = step;
        const input = { id: this.id(decision), expectedVersion: this.version(decision), supersededBy: this.id(supersededBy), reason };
        await this.mutate('supersedeDecision', step.by, ref, input, { record: decision });
        return;
      }
      case 'setAllocationTarget': {
        const input = { team: step.team, fromWeek: at.week, entries: step.entries, reason: step.reason, decision: this.id(step.decision) };
        await this.mutate('setAllocationTarget', step.by, `target:${step.key}`, input);
        return;
      }
      case 'createInitiative': {
        const key = `initiative:${step.key}`;
        const { title, description, owner, kind, status } = step;
        await this.mutate('createInitiative', step.by, key, { title, description, owner, kind, status });
        const score = { id: this.id(key), expectedVersion: this.version(key), ...step.score, reason: step.reason };
        await this.mutate('scoreInitiative', step.by, `${key}:score`, score, { record: key });
        return;
      }
      case 'scoreInitiative':
      case 'changeInitiativeStatus': {
        const { do: mutation, by, initiative, reason } = step;
        const change = step.do === 'scoreInitiative' ? step.score : { status: step.status };
        const input = { id: this.id(initiative), expectedVersion: this.version(initiative), ...change, reason };
        await this.mutate(mutation, by, ref, input, { record: initiative });
        return;
      }
      case 'reprioritize':
      case 'removeFromPriorities': {
        const { do: mutation, by, initiative, reason, evidence } = step;
        const rank = step.do === 'reprioritize' ? { toRank: step.toRank } : {};
        const input = { initiativeId: this.id(initiative), expectedVersion: this.listVersion, reason, evidence: ids(evidence), ...rank };
        this.listVersion = (await this.mutate(mutation, by, ref, input, { record: 'priorities' })).priorities.version;
        return;
      }
      case 'noteTradeoff': {
        const { title, chose, over, rationale } = step;
        const input = { title, chose, over, rationale, relatedTo: ids(step.relatedTo), revisitBy: this.dateOf(step.revisitBy) };
        await this.mutate('noteTradeoff', step.by, `tradeoff:${step.key}`, input);
        return;
      }
      case 'revisitTradeoff': {
        const input = { id: this.id(step.tradeoff), expectedVersion: this.version(step.tradeoff), outcome: step.outcome, reason: step.reason };
        await this.mutate('revisitTradeoff', step.by, ref, input, { record: step.tradeoff });
        return;
      }
      case 'reviseTeam': {
        const team = `team:${step.team}`;
        const { headcount, reason } = step;
        const input = { id: this.id(team), expectedVersion: this.version(team), headcount, effectiveWeek: at.week, reason };
        await this.mutate('reviseTeam', step.by, ref, input, { record: team });
        return;
      }
      case 'reviseKeyResultTarget': {
        const kr = step.keyResult;
        const { target, decision, reason } = step;
        const input = { id: this.id(kr), expectedVersion: this.version(kr), target, decision: this.id(decision), reason };
        await this.mutate('reviseKeyResultTarget', step.by, ref, input, { record: kr });
        return;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Running it.

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

async function main(): Promise<void> {
  const ledger = await connectLedger();
  const env = configFromEnv();
  const config: AppConfig = { ...env, tableName: ledger.tableName, dynamo: { ...env.dynamo, ...ledger.connection } };
  const tables = createDocumentClient(config.dynamo);
  const api = inProcessClient(config);
  try {
    await ensureEventsTable(tables, config.tableName);
    console.log(`Seeding table ${config.tableName}${config.dynamo.endpoint ? ` on ${config.dynamo.endpoint}` : ''}`);
    const report = await seedLedger(api.client, { log: (line) => console.log(`  ${line}`) });
    console.log(formatReport(report, `http://localhost:${process.env.PORT || 4000}/graphql`));
  } finally {
    api.close();
    tables.destroy();
    await ledger.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: Error) => {
    console.error(error instanceof SeedError ? error.message : error);
    process.exit(1);
  });
}

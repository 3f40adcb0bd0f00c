import type { Decider, RecordedEvent } from '../../domain/decider.ts';
import { allocationReportDecider, initialAllocationReportState } from '../../domain/allocation/allocation-report.ts';
import { allocationTargetDecider, initialAllocationTargetState } from '../../domain/allocation/allocation-target.ts';
import { addWeeks } from '../../domain/allocation/iso-week.ts';
import { BUILT_IN_TAXONOMY, TAXONOMY_VERSION } from '../../domain/allocation/taxonomy.ts';
import { decisionDecider, initialDecisionState, type DecisionState } from '../../domain/decisions/decision.ts';
import { initialInitiativeState, initiativeDecider, isOpen, type InitiativeState } from '../../domain/initiatives/initiative.ts';
import { cycleEnd, cycleStart } from '../../domain/okrs/cycle.ts';
import { initialKeyResultState, keyResultDecider, type KeyResultState } from '../../domain/okrs/key-result.ts';
import { initialObjectiveState, objectiveDecider, type ObjectiveState } from '../../domain/okrs/objective.ts';
import { initialPriorityListState, priorityListDecider, type PriorityListState } from '../../domain/priorities/priority-list.ts';
import { initialTeamState, teamDecider, type TeamState } from '../../domain/teams/team.ts';
import { initialTradeoffState, tradeoffDecider } from '../../domain/tradeoffs/tradeoff.ts';
import { streamKey, type Actor, type AppendMeta, type ExpectedVersion, type NewEvent, type StreamRef } from '../../events/envelope.ts';
import { ALLOCATION_REPORT_STREAM, ALLOCATION_TARGET_STREAM, allocationReportId } from '../../domain/allocation/events.ts';
import { DECISION_STREAM } from '../../domain/decisions/events.ts';
import { INITIATIVE_STREAM } from '../../domain/initiatives/events.ts';
import { KEY_RESULT_STREAM } from '../../domain/okrs/key-result-events.ts';
import { OBJECTIVE_STREAM } from '../../domain/okrs/objective-events.ts';
import { PRIORITIES_STREAM, PRIORITY_LIST_ID } from '../../domain/priorities/events.ts';
import { TEAM_STREAM } from '../../domain/teams/events.ts';
import { TRADEOFF_STREAM } from '../../domain/tradeoffs/events.ts';
import { prng } from '../lib/random.ts';

/**
 * A realistic operating record of a mid-size engineering organisation, as appends for the real
 * store: every event is decided by the record kind's real decider against the state folded from
 * the events before it, so the log is one the API could have written. Business dates (OKR cycles,
 * ISO weeks) run from 2024-Q1 on; `recordedAt` is whenever the seed runs.
 *
 * Each append carries a record's history at once (a bulk import: a decision with its revisions
 * and status change, a key result with a quarter of weekly check-ins, 45 priority changes), which
 * is how 100 000 events fit in a couple of minutes on DynamoDB Local.
 */

export interface SeedUnit {
  /** Record kind, for the mix report. */
  kind: string;
  stream: StreamRef;
  expectedVersion: ExpectedVersion;
  events: NewEvent[];
  meta: AppendMeta;
  /** Streams (streamKey) that must be appended before this one: records it refers to. */
  deps: string[];
}

/** Share of the events per record kind. */
export const MIX = {
  keyResults: 0.47,
  priorities: 0.16,
  decisions: 0.11,
  initiatives: 0.1,
  tradeoffs: 0.07,
  allocation: 0.017,
  objectives: 0.013,
} as const;
type MixKind = keyof typeof MIX;

const QUARTERS = 8;
const TODAY = new Date().toISOString().slice(0, 10);
const FIRST_WEEK = '2024-W01';

const WORDS = (
  'latency checkout payments search ledger cache queue schema migration rollout canary budget vendor ' +
  'contract compliance audit onboarding pricing mobile api gateway storage retention backups alerting ' +
  'incident runbook platform tooling release pipeline tests flaky build monorepo kafka postgres dynamodb ' +
  'lambda terraform cdk observability tracing logging metrics dashboards sso identity permissions export ' +
  'reporting forecasting churn activation retention growth experiment feature-flag accessibility localisation'
).split(' ');

const PEOPLE: Actor[] = [
  'Priya Raman', 'Marco Ruiz', 'Amara Okafor', 'Jun Park', 'Lena Fischer', 'Tomás Silva', 'Aiko Tanaka',
  'Noah Williams', 'Fatima Zahra', 'Ivan Petrov', 'Sara Lindqvist', 'David Cohen',
].map((name) => ({ id: name.toLowerCase().split(' ')[0]!, name, kind: 'HUMAN' as const }));
const OKR_BOT: Actor = { id: 'okr-sync', name: 'OKR sync', kind: 'SERVICE' };

/** Folds a record's commands through its decider, collecting the events of one append. */
class Builder<C, S extends { version: number }, E extends { type: string; payload: unknown }> {
  readonly events: E[] = [];
  readonly fromVersion: number;

  constructor(
    private readonly decider: Decider<C, S, E>,
    public state: S,
    readonly stream: StreamRef,
    readonly actor: Actor,
    readonly reason: string | null = null,
  ) {
    this.fromVersion = state.version;
  }

  do(command: C | ((state: S) => C)): this {
    const cmd = typeof command === 'function' ? (command as (state: S) => C)(this.state) : command;
    const decided = this.decider.decide(cmd, this.state);
    if (!decided.ok) {
      throw new Error(`seed generator bug: ${this.stream.kind}/${this.stream.id} refused ${JSON.stringify(decided.errors)}`);
    }
    for (const event of decided.events) {
      // Only evolve reads it: the envelope the store will give it is not known yet.
      const recorded = {
        ...event,
        eventId: '',
        stream: this.stream,
        version: this.state.version + 1,
        position: 0,
        schemaVersion: 1,
        recordedAt: new Date().toISOString(),
        actor: this.actor,
        reason: this.reason,
        idempotencyKey: null,
        previousHash: '',
        hash: '',
      } as RecordedEvent<E>;
      this.state = this.decider.evolve(this.state, recorded);
      this.events.push(event);
    }
    return this;
  }

  unit(kind: string, deps: string[] = []): SeedUnit {
    return {
      kind,
      stream: this.stream,
      expectedVersion: this.fromVersion === 0 ? 'no-stream' : this.fromVersion,
      events: this.events.map((e) => ({ type: e.type, payload: e.payload })),
      meta: { actor: this.actor, reason: this.reason },
      deps,
    };
  }
}

let counter = 0;
const newId = (prefix: string, random: () => number): string =>
  `${prefix}-${(++counter).toString(36)}-${Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0')}`;

/**
 * The seed as an endless sequence of appends in a valid order; the seeder stops it (and cuts the
 * last append short) at the number of events it wants. `total` sizes the organisation (teams, list
 * length) and the share of each quarter.
 */
export function* generateSeed(total: number, seed = 7): Generator<SeedUnit> {
  const random = prng(seed);
  counter = 0;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number) => random() < p;
  const words = (min: number, max: number) => Array.from({ length: between(min, max) }, () => pick(WORDS)).join(' ');
  const sentence = (min: number, max: number) => {
    const text = words(min, max);
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  const person = () => pick(PEOPLE);

  const decisions = new Map<string, DecisionState>();
  const decisionIds: string[] = [];
  const tradeoffIds: string[] = [];
  const initiatives = new Map<string, InitiativeState>();
  /** Ids of initiatives that were open when last looked at (closed ones are dropped lazily). */
  const openIds: string[] = [];
  const checkInLinks: string[] = [];
  const reportLinks: string[] = [];
  let priorities: PriorityListState = initialPriorityListState();
  const prioritiesRef: StreamRef = { kind: PRIORITIES_STREAM, id: PRIORITY_LIST_ID };

  // --- teams, defined once, reporting every week from 2024-W01 ---------------------------------
  const teamCount = Math.min(15, Math.max(3, Math.round(total / 6500)));
  const teams: TeamState[] = [];
  for (let i = 0; i < teamCount; i += 1) {
    const key = `team-${String(i + 1).padStart(2, '0')}`;
    const builder = new Builder(teamDecider, initialTeamState(key), { kind: TEAM_STREAM, id: key }, PEOPLE[0]!);
    builder.do({
      type: 'DefineTeam',
      data: { name: `${pick(WORDS)} ${i + 1}`.replace(/^./, (c) => c.toUpperCase()), kind: pick(['PRODUCT', 'PRODUCT', 'PLATFORM', 'INFRASTRUCTURE'] as const), headcount: between(4, 12) },
      effectiveWeek: FIRST_WEEK,
    });
    teams.push(builder.state);
    yield builder.unit('teams');
  }
  const teamIndex = new Map(teams.map((team, i) => [team.key, i]));

  /** An org-wide or team allocation target: categories with percents adding up to at most 100. */
  function* target(team: TeamState | null, fromWeek: string): Generator<SeedUnit> {
    const id = newId('target', random);
    const categories = BUILT_IN_TAXONOMY.categories.slice().sort(() => random() - 0.5).slice(0, between(2, 4));
    const entries = categories.map((c) => ({ category: c.key, percent: between(10, 25), tolerance: between(3, 8) }));
    const builder = new Builder(allocationTargetDecider, initialAllocationTargetState(id), { kind: ALLOCATION_TARGET_STREAM, id }, PEOPLE[0]!, 'Quarterly allocation target');
    builder.do({ type: 'SetAllocationTarget', team, fromWeek, entries, taxonomyVersion: TAXONOMY_VERSION, decision: decisionIds.length ? pick(decisionIds) : null });
    yield builder.unit('allocation', team ? [streamKey({ kind: TEAM_STREAM, id: team.key })] : []);
  }
  yield* target(null, FIRST_WEEK);

  const evidence = () => {
    const links: { type: string; id: string }[] = [];
    for (let i = between(0, 2); i > 0; i -= 1) {
      const roll = random();
      if (roll < 0.4 && decisionIds.length) links.push({ type: 'Decision', id: pick(decisionIds) });
      else if (roll < 0.6 && tradeoffIds.length) links.push({ type: 'Tradeoff', id: pick(tradeoffIds) });
      else if (roll < 0.8 && checkInLinks.length) links.push({ type: 'KeyResultCheckIn', id: pick(checkInLinks) });
      else if (reportLinks.length) links.push({ type: 'AllocationReport', id: pick(reportLinks) });
    }
    return links.filter((link, i) => links.findIndex((l) => l.type === link.type && l.id === link.id) === i);
  };

  // --- one record's history per append ----------------------------------------------------------
  function decisionLife(): SeedUnit {
    const id = newId('dec', random);
    const builder = new Builder(decisionDecider, initialDecisionState(id), { kind: DECISION_STREAM, id }, person());
    const options = Array.from({ length: between(2, 4) }, (_, i) => ({
      title: `Option ${String.fromCharCode(65 + i)}: ${words(2, 4)}`,
      pros: Array.from({ length: between(0, 3) }, () => words(2, 6)),
      cons: Array.from({ length: between(0, 3) }, () => words(2, 6)),
    }));
    builder.do({
      type: 'RecordDecision',
      data: {
        title: `Use ${words(2, 5)} for ${words(1, 3)}`,
        context: chance(0.8) ? sentence(12, 40) : null,
        options,
        chosenOption: pick(options).title,
        rationale: sentence(10, 35),
        consequences: chance(0.6) ? sentence(6, 20) : null,
        owner: chance(0.7) ? person().name : null,
        deciders: [],
        tags: Array.from({ length: between(0, 3) }, () => pick(WORDS)).filter((t, i, all) => all.indexOf(t) === i),
        status: chance(0.3) ? 'ACCEPTED' : 'PROPOSED',
      },
    });
    for (let i = between(0, 4); i > 0; i -= 1) {
      const field = pick(['rationale', 'context', 'consequences', 'tags', 'title'] as const);
      const changes =
        field === 'tags' ? { tags: [pick(WORDS), `rev-${i}`] }
        : field === 'title' ? { title: `Use ${words(2, 5)} for ${words(1, 3)} (rev ${i})` }
        : { [field]: sentence(8, 30) };
      builder.do({ type: 'ReviseDecision', changes });
    }
    if (builder.state.status === 'PROPOSED') {
      const roll = random();
      if (roll < 0.7) builder.do({ type: 'ChangeDecisionStatus', status: 'ACCEPTED' });
      else if (roll < 0.85) builder.do({ type: 'ChangeDecisionStatus', status: 'REJECTED' });
    } else if (chance(0.1)) {
      builder.do({ type: 'ChangeDecisionStatus', status: 'DEPRECATED' });
    }
    decisions.set(id, builder.state);
    decisionIds.push(id);
    return builder.unit('decisions');
  }

  function supersede(): SeedUnit | null {
    const successor = decisions.get(decisionIds[decisionIds.length - 1]!)!;
    if (successor.status !== 'PROPOSED' && successor.status !== 'ACCEPTED') return null;
    for (let tries = 0; tries < 5; tries += 1) {
      const old = decisions.get(pick(decisionIds))!;
      if (old.id === successor.id || (old.status !== 'ACCEPTED' && old.status !== 'DEPRECATED')) continue;
      const builder = new Builder(decisionDecider, old, { kind: DECISION_STREAM, id: old.id }, person(), `Replaced by "${successor.title}"`);
      builder.do({ type: 'SupersedeDecision', successor });
      decisions.set(old.id, builder.state);
      return builder.unit('decisions', [streamKey({ kind: DECISION_STREAM, id: successor.id })]);
    }
    return null;
  }

  function tradeoffLife(year: number): SeedUnit {
    const id = newId('tradeoff', random);
    const builder = new Builder(tradeoffDecider, initialTradeoffState(id), { kind: TRADEOFF_STREAM, id }, person(), null);
    const relatedTo = decisionIds.length && chance(0.7) ? [{ type: 'Decision', id: pick(decisionIds) }] : [];
    const date = (y: number) => `${y}-${String(between(1, 12)).padStart(2, '0')}-${String(between(1, 28)).padStart(2, '0')}`;
    builder.do({
      type: 'NoteTradeoff',
      data: { title: `${words(2, 5)} over ${words(1, 3)}`, chose: words(2, 5), over: `not ${words(2, 5)}`, rationale: sentence(10, 30), relatedTo, revisitBy: date(year) },
    });
    if (chance(0.4)) builder.do({ type: 'ReviseTradeoff', changes: { rationale: sentence(10, 30) } });
    for (let i = between(1, 5); i > 0; i -= 1) {
      const reverse = i === 1 && chance(0.2);
      builder.do({ type: 'RevisitTradeoff', outcome: reverse ? 'REVERSED' : 'UPHELD', nextRevisitBy: reverse ? null : date(year + 1) });
    }
    tradeoffIds.push(id);
    return builder.unit('tradeoffs', relatedTo.map((link) => streamKey({ kind: DECISION_STREAM, id: link.id })));
  }

  const scoreInputs = () => ({
    customerImpact: between(1, 5),
    businessImpact: between(1, 5),
    operationalEfficiency: between(1, 5),
    effort: between(1, 20),
    confidence: between(3, 10) / 10,
  });

  function initiativeLife(): SeedUnit {
    const id = newId('init', random);
    const builder = new Builder(initiativeDecider, initialInitiativeState(id), { kind: INITIATIVE_STREAM, id }, person());
    builder.do({
      type: 'CreateInitiative',
      data: { title: `${words(2, 4)} ${pick(['rewrite', 'launch', 'migration', 'cleanup', 'pilot'])}`, description: chance(0.7) ? sentence(8, 25) : null, owner: person().name, kind: chance(0.55) ? 'INNOVATION' : 'TUNE_UP', status: chance(0.5) ? 'ACTIVE' : 'PROPOSED' },
    });
    if (chance(0.3)) builder.do({ type: 'ReviseInitiative', changes: { description: sentence(8, 25) } });
    for (let i = between(2, 9); i > 0; i -= 1) {
      const inputs = scoreInputs();
      // Scoring with the same inputs again is refused; nudge the effort instead.
      if (builder.state.scores.at(-1)?.effort === inputs.effort) inputs.effort += 1;
      builder.do({ type: 'ScoreInitiative', inputs });
    }
    initiatives.set(id, builder.state);
    openIds.push(id);
    return builder.unit('initiatives');
  }

  /** A random open initiative that is not on the ranking, if one turns up in a few tries. */
  function openOffList(ranking: readonly string[]): InitiativeState | undefined {
    for (let tries = 0; tries < 20 && openIds.length; tries += 1) {
      const index = Math.floor(random() * openIds.length);
      const initiative = initiatives.get(openIds[index]!)!;
      if (!isOpen(initiative)) {
        openIds[index] = openIds[openIds.length - 1]!;
        openIds.pop();
      } else if (!ranking.includes(initiative.id)) {
        return initiative;
      }
    }
    return undefined;
  }

  /** An initiative off the list finishes or is dropped (after going ACTIVE). */
  function initiativeClose(): SeedUnit | null {
    const initiative = openOffList(priorities.ranking);
    if (!initiative) return null;
    const builder = new Builder(initiativeDecider, initiative, { kind: INITIATIVE_STREAM, id: initiative.id }, person(), 'Closed at the quarterly review');
    if (initiative.status === 'PROPOSED' && chance(0.7)) builder.do({ type: 'ChangeInitiativeStatus', status: 'ACTIVE', rank: null });
    builder.do({ type: 'ChangeInitiativeStatus', status: builder.state.status === 'ACTIVE' && chance(0.8) ? 'DONE' : 'DROPPED', rank: null });
    initiatives.set(initiative.id, builder.state);
    return builder.unit('initiatives');
  }

  /** Up to `size` changes of the ranked list, against the initiatives as they are. */
  function priorityBatch(size: number, listSize: number): SeedUnit | null {
    const builder = new Builder(priorityListDecider, priorities, prioritiesRef, pick(PEOPLE.slice(0, 4)), `Weekly priorities review: ${words(3, 8)}`);
    const deps = new Set<string>();
    for (let i = 0; i < size; i += 1) {
      const ranking = builder.state.ranking;
      const offList = openOffList(ranking);
      const roll = random();
      let initiative: InitiativeState | undefined;
      // Adds and removals keep the list around `listSize` long; most changes move an initiative.
      const removal = 0.08 + Math.max(0, ranking.length - listSize) * 0.04;
      if ((ranking.length < listSize || roll < 0.08) && offList) {
        initiative = offList;
        builder.do({ type: 'Reprioritize', initiative, toRank: between(1, ranking.length + 1), evidence: evidence() });
      } else if (roll < 0.08 + removal && ranking.length > 2) {
        initiative = initiatives.get(pick(ranking))!;
        builder.do({ type: 'RemoveFromPriorities', initiative, evidence: evidence() });
      } else if (ranking.length >= 2) {
        initiative = initiatives.get(pick(ranking))!;
        const from = ranking.indexOf(initiative.id) + 1;
        let to = between(1, ranking.length - 1);
        if (to >= from) to += 1;
        builder.do({ type: 'Reprioritize', initiative, toRank: to, evidence: evidence() });
      }
      if (initiative) deps.add(streamKey({ kind: INITIATIVE_STREAM, id: initiative.id }));
    }
    if (builder.events.length === 0) return null;
    priorities = builder.state;
    return builder.unit('priorities', [...deps]);
  }

  function objectiveSet(cycle: string, company: ObjectiveState | null): { unit: SeedUnit; state: ObjectiveState } {
    const id = newId('obj', random);
    const team = company ? pick(teams) : null;
    const builder = new Builder(objectiveDecider, initialObjectiveState(id), { kind: OBJECTIVE_STREAM, id }, person());
    builder.do({
      type: 'SetObjective',
      data: {
        title: `${pick(['Make', 'Cut', 'Grow', 'Ship', 'Harden'])} ${words(2, 5)}`,
        description: chance(0.6) ? sentence(8, 20) : null,
        level: company ? 'TEAM' : 'COMPANY',
        ownerTeam: team?.key ?? null,
        owner: chance(0.5) ? person().name : null,
        alignedTo: company ? { kind: 'objective', id: company.id, objectiveChain: [company.id] } : null,
        cycle,
      },
      today: TODAY,
    });
    if (chance(0.3)) builder.do({ type: 'ReviseObjective', changes: { description: sentence(8, 20) } });
    return { unit: builder.unit('objectives', company ? [streamKey({ kind: OBJECTIVE_STREAM, id: company.id })] : []), state: builder.state };
  }

  /** A key result with a quarter of weekly check-ins (some corrected), maybe a target revision, and its grade. */
  function keyResultQuarter(objective: ObjectiveState): SeedUnit {
    const id = newId('kr', random);
    const builder = new Builder(keyResultDecider, initialKeyResultState(id), { kind: KEY_RESULT_STREAM, id }, OKR_BOT, 'Weekly check-ins imported from the OKR tool');
    const metric = chance(0.7);
    const baseline = between(10, 200);
    const up = chance(0.6);
    const targetValue = up ? baseline + between(10, 100) : Math.max(0, baseline - between(5, baseline - 1));
    builder.do({
      type: 'DefineKeyResult',
      data: {
        title: `${up ? 'Raise' : 'Lower'} ${words(2, 4)}`,
        description: chance(0.5) ? sentence(6, 15) : null,
        owner: person().name,
        measure: metric ? { kind: 'METRIC', baseline, target: targetValue, unit: pick(['%', 'ms', 'count', 'EUR', 'NPS']), direction: null } : { kind: 'MILESTONE' },
      },
      objective,
    });
    const start = new Date(`${cycleStart(objective.cycle)}T00:00:00Z`).getTime();
    const end = cycleEnd(objective.cycle);
    let done = false;
    for (let week = 0; week < 13; week += 1) {
      const reportedFor = new Date(start + (week * 7 + 4) * 86_400_000).toISOString().slice(0, 10);
      if (reportedFor > end) break;
      const progress = Math.min(1, (week + 1) / 13 + (random() - 0.5) * 0.3);
      const current: KeyResultState['measure'] = builder.state.measure;
      const value: number = current.kind === 'METRIC' ? Math.round((current.baseline + (current.target - current.baseline) * progress) * 10) / 10 : done || (week > 8 && chance(0.3)) ? 1 : 0;
      done = current.kind === 'MILESTONE' && value === 1;
      builder.do({
        type: 'CheckInKeyResult',
        checkIn: { value, done: null, confidence: between(3, 10) / 10, status: null, note: chance(0.3) ? sentence(4, 12) : null, reportedFor, corrects: null },
        // Made on the day it reports: a log of any length stays in the past whatever the real date.
        today: reportedFor,
      });
      if (chance(0.08)) {
        const corrected = builder.state.version;
        builder.do({
          type: 'CheckInKeyResult',
          checkIn: { value: current.kind === 'METRIC' ? value + 1 : value, done: null, confidence: between(3, 10) / 10, status: null, note: 'Corrected: the dashboard was stale', reportedFor, corrects: corrected },
          today: reportedFor,
        });
      }
      if (week === 6 && current.kind === 'METRIC' && chance(0.25)) {
        builder.do({ type: 'ReviseKeyResultTarget', target: current.target + (current.direction === 'INCREASE' ? 5 : -1), decisionId: decisionIds.length ? pick(decisionIds) : null, objective });
      }
    }
    builder.do({ type: 'GradeKeyResult', grade: between(0, 10) / 10 });
    checkInLinks.push(`${id}:2`);
    return builder.unit('keyResults', [streamKey({ kind: OBJECTIVE_STREAM, id: objective.id })]);
  }

  function allocationReport(team: TeamState, week: string): SeedUnit {
    const id = allocationReportId(team.key, week);
    const correct = chance(0.12);
    const builder = new Builder(allocationReportDecider, initialAllocationReportState(id), { kind: ALLOCATION_REPORT_STREAM, id }, person(), correct ? 'Corrected after the survey closed' : null);
    const mix = () => {
      const categories = BUILT_IN_TAXONOMY.categories.slice().sort(() => random() - 0.5).slice(0, between(4, 8));
      const weights = categories.map(() => between(1, 10));
      const sum = weights.reduce((a, b) => a + b, 0);
      const entries = categories.map((c, i) => ({ category: c.key, percent: Math.floor((weights[i]! / sum) * 100) }));
      entries[0]!.percent += 100 - entries.reduce((a, e) => a + e.percent, 0);
      return entries;
    };
    builder.do({ type: 'ReportAllocation', team, week, entries: mix(), taxonomyVersion: TAXONOMY_VERSION, reason: null });
    if (correct) builder.do({ type: 'ReportAllocation', team, week, entries: mix(), taxonomyVersion: TAXONOMY_VERSION, reason: 'Corrected after the survey closed' });
    reportLinks.push(id);
    return builder.unit('allocation', [streamKey({ kind: TEAM_STREAM, id: team.key })]);
  }

  // --- quarter after quarter ----------------------------------------------------------------------
  const perQuarter = total / QUARTERS;
  const listSize = Math.min(30, Math.max(8, Math.round(total / 4000)));
  for (let q = 0; ; q += 1) {
    const year = 2024 + Math.floor(q / 4);
    const cycle = `${year}-Q${(q % 4) + 1}`;
    const quota: Record<MixKind, number> = Object.fromEntries(Object.entries(MIX).map(([kind, share]) => [kind, share * perQuarter])) as Record<MixKind, number>;

    // Some teams change headcount from the quarter's first week; one team gets a target.
    const firstWeek = addWeeks(FIRST_WEEK, q * 13);
    if (q > 0) {
      for (const team of teams) {
        if (!chance(0.3)) continue;
        const builder = new Builder(teamDecider, team, { kind: TEAM_STREAM, id: team.key }, PEOPLE[0]!, 'Headcount after hiring and moves');
        const headcount = Math.max(1, team.headcount + (chance(0.5) ? 1 : -1) * between(1, 2));
        builder.do({ type: 'ReviseTeam', changes: { headcount: headcount === team.headcount ? headcount + 1 : headcount }, effectiveWeek: firstWeek });
        teams[teamIndex.get(team.key)!] = builder.state;
        yield builder.unit('teams');
      }
      yield* target(pick(teams), firstWeek);
    }

    // Objectives for the cycle: a few company ones, team ones aligned to them; ~5 key results each.
    const objectiveCount = Math.max(2, Math.round(quota.keyResults / 16.3 / 5));
    const objectives: ObjectiveState[] = [];
    for (let i = 0; i < objectiveCount; i += 1) {
      const company = i < Math.max(1, Math.round(objectiveCount / 6)) ? null : pick(objectives.filter((o) => o.level === 'COMPANY'));
      const { unit, state } = objectiveSet(cycle, company ?? null);
      objectives.push(state);
      quota.objectives -= unit.events.length;
      yield unit;
    }

    // Allocation reports of the quarter's 13 weeks, one per team and week.
    const reports: [TeamState, string][] = [];
    for (let w = 0; w < 13; w += 1) for (const team of teams) reports.push([team, addWeeks(firstWeek, w)]);
    const reportsToSend = Math.max(1, Math.round(quota.allocation / 1.12));

    // The rest of the quarter in a random order, each kind in proportion to what is left of its share.
    const middle: MixKind[] = ['keyResults', 'decisions', 'priorities', 'initiatives', 'tradeoffs', 'allocation'];
    let sentReports = 0;
    let krIndex = 0;
    for (;;) {
      const open = middle.filter((kind) => quota[kind] > 0 && (kind !== 'allocation' || sentReports < Math.min(reportsToSend, reports.length)));
      if (open.length === 0) break;
      const weights = open.map((kind) => quota[kind]);
      let roll = random() * weights.reduce((a, b) => a + b, 0);
      const kind = open.find((_, i) => (roll -= weights[i]!) <= 0) ?? open[open.length - 1]!;
      let unit: SeedUnit | null = null;
      if (kind === 'keyResults') unit = keyResultQuarter(objectives[krIndex++ % objectives.length]!);
      else if (kind === 'decisions') unit = chance(0.1) && decisionIds.length > 10 ? supersede() ?? decisionLife() : decisionLife();
      else if (kind === 'priorities') unit = priorityBatch(Math.min(45, Math.max(1, Math.ceil(quota.priorities))), listSize) ?? initiativeLife();
      else if (kind === 'initiatives') unit = chance(0.15) ? initiativeClose() ?? initiativeLife() : initiativeLife();
      else if (kind === 'tradeoffs') unit = tradeoffLife(year);
      else {
        const [team, week] = reports[sentReports++]!;
        unit = allocationReport(teams[teamIndex.get(team.key)!]!, week);
      }
      quota[unit.kind as MixKind] -= unit.events.length;
      yield unit;
    }

    // Quarter end: objectives close.
    for (const objective of objectives) {
      const builder = new Builder(objectiveDecider, objective, { kind: OBJECTIVE_STREAM, id: objective.id }, objective.createdBy ?? person(), 'End of cycle review');
      builder.do({ type: 'CloseObjective', outcome: pick(['ACHIEVED', 'PARTIALLY_ACHIEVED', 'MISSED', 'DROPPED'] as const), note: sentence(5, 15) });
      yield builder.unit('objectives');
    }
  }
}

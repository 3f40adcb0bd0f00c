import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imageOf } from '../../api/cli/replay.ts';
import { createReadModels, type ReadModels } from '../../api/read-models.ts';
import type { Decider } from '../../domain/decider.ts';
import { decisionDecider, initialDecisionState } from '../../domain/decisions/decision.ts';
import { initialInitiativeState, initiativeDecider } from '../../domain/initiatives/initiative.ts';
import { initialKeyResultState, keyResultDecider } from '../../domain/okrs/key-result.ts';
import { initialObjectiveState, objectiveDecider } from '../../domain/okrs/objective.ts';
import { initialPriorityListState, priorityListDecider } from '../../domain/priorities/priority-list.ts';
import { initialTeamState, teamDecider } from '../../domain/teams/team.ts';
import type { RecordedEvent } from '../../events/envelope.ts';
import { eventsOf, positionAt, type LogView } from '../../events/log-cache.ts';
import type { EventStore } from '../../events/store.ts';
import { createMemoryStore } from '../support/memory.ts';

/**
 * Time travel and incremental read models, over random command sequences run through the real
 * deciders: the state at any past position equals folding only the events up to it, and the
 * incrementally maintained state equals folding the whole log from zero. Checkpoints are taken
 * every few events here (`checkpointEvery`), so positions on both sides of them are exercised.
 */

type AnyDecider = Decider<any, any, any>;
const KINDS: Record<string, { decider: AnyDecider; initial: (id: string) => any }> = {
  decision: { decider: decisionDecider, initial: initialDecisionState },
  initiative: { decider: initiativeDecider, initial: initialInitiativeState },
  priorities: { decider: priorityListDecider, initial: () => initialPriorityListState() },
  team: { decider: teamDecider, initial: initialTeamState },
  objective: { decider: objectiveDecider, initial: initialObjectiveState },
  'key-result': { decider: keyResultDecider, initial: initialKeyResultState },
};

/**
 * The in-memory event store fed by the deciders (DynamoDB is not what this test is about): every
 * event goes through the real append path (payload validation, versions, positions, the chain).
 */
class Ledger {
  readonly events: RecordedEvent[] = [];
  private readonly states = new Map<string, any>();
  // A few events share an instant, as they do when one append writes several.
  private readonly store = createMemoryStore({ now: () => new Date(Date.UTC(2026, 0, 1) + Math.floor((this.events.length + 1) / 2) * 60_000) });

  state(kind: string, id: string) {
    return this.states.get(`${kind}#${id}`) ?? KINDS[kind]!.initial(id);
  }

  async run(kind: string, id: string, command: unknown): Promise<void> {
    const { decider } = KINDS[kind]!;
    let state = this.state(kind, id);
    const decided = decider.decide(command, state);
    if (!decided.ok) return;
    for (const event of decided.events) {
      const { events } = await this.store.append({ kind, id }, state.version === 0 ? 'no-stream' : state.version, [event], {
        actor: { id: 'u', name: 'U', kind: 'HUMAN' },
        reason: 'r',
      });
      state = decider.evolve(state, events[0] as never);
      this.events.push(...events);
    }
    this.states.set(`${kind}#${id}`, state);
  }
}

/** A store over a log that may still grow. */
const storeOf = (events: readonly RecordedEvent[]): EventStore =>
  ({
    readAll: async (after: number, limit = Infinity) => events.slice(after, after + limit),
    // What the log cache reads for a history once it no longer holds every event.
    readStream: async ({ kind, id }: { kind: string; id: string }) => events.filter((e) => e.stream.kind === kind && e.stream.id === id),
  }) as EventStore;

/** Every event of a log view, in order. */
async function allOf(log: LogView): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of eventsOf(log)) events.push(event);
  return events;
}

const id = fc.constantFrom('a', 'b', 'c');
const text = fc.constantFrom('Alpha', 'Beta', 'Gamma', 'Delta');
const action = fc.oneof(
  fc.record({ kind: fc.constant('decision'), id, command: fc.record({ type: fc.constant('RecordDecision'), data: fc.record({
    title: text, context: fc.constant(null), options: fc.constant([{ title: 'X', pros: [], cons: [] }, { title: 'Y', pros: [], cons: [] }]),
    chosenOption: fc.constantFrom('X', 'Y', null), rationale: text, consequences: fc.constant(null), owner: fc.constant(null), deciders: fc.constant([]),
    tags: fc.subarray(['a', 'b']), status: fc.constantFrom('PROPOSED', 'ACCEPTED') }) }) }),
  fc.record({ kind: fc.constant('decision'), id, command: fc.record({ type: fc.constant('ReviseDecision'), changes: fc.record({ title: text }) }) }),
  fc.record({ kind: fc.constant('decision'), id, command: fc.record({ type: fc.constant('ChangeDecisionStatus'), status: fc.constantFrom('ACCEPTED', 'REJECTED', 'DEPRECATED') }) }),
  fc.record({ kind: fc.constant('initiative'), id, command: fc.record({ type: fc.constant('CreateInitiative'), data: fc.record({
    title: text, description: fc.constant(null), owner: fc.constant('o'), kind: fc.constantFrom('INNOVATION', 'TUNE_UP'), status: fc.constantFrom('PROPOSED', 'ACTIVE') }) }) }),
  fc.record({ kind: fc.constant('initiative'), id, command: fc.record({ type: fc.constant('ScoreInitiative'), inputs: fc.record({
    customerImpact: fc.integer({ min: 1, max: 5 }), businessImpact: fc.integer({ min: 1, max: 5 }), operationalEfficiency: fc.integer({ min: 1, max: 5 }),
    effort: fc.integer({ min: 1, max: 20 }), confidence: fc.constantFrom(0.5, 0.8, 1) }) }) }),
  fc.record({ kind: fc.constant('priorities'), id, command: fc.record({ type: fc.constant('Reprioritize'), toRank: fc.integer({ min: 1, max: 4 }), evidence: fc.constant([]) }) }),
  fc.record({ kind: fc.constant('priorities'), id, command: fc.record({ type: fc.constant('RemoveFromPriorities'), evidence: fc.constant([]) }) }),
  fc.record({ kind: fc.constant('team'), id, command: fc.record({ type: fc.constant('DefineTeam'), effectiveWeek: fc.constant('2026-W01'), data: fc.record({
    name: text, kind: fc.constantFrom('PRODUCT', 'PLATFORM', 'INFRASTRUCTURE'), headcount: fc.integer({ min: 1, max: 12 }) }) }) }),
  fc.record({ kind: fc.constant('team'), id, command: fc.record({ type: fc.constant('ReviseTeam'), effectiveWeek: fc.constant('2026-W05'), changes: fc.record({ headcount: fc.integer({ min: 1, max: 12 }) }) }) }),
  fc.record({ kind: fc.constant('objective'), id, command: fc.record({ type: fc.constant('SetObjective'), today: fc.constant('2026-02-01'), data: fc.record({
    title: text, description: fc.constant(null), level: fc.constant('COMPANY'), ownerTeam: fc.constant(null), owner: fc.constant(null), alignedTo: fc.constant(null), cycle: fc.constant('2026-Q1') }) }) }),
  fc.record({ kind: fc.constant('objective'), id, command: fc.record({ type: fc.constant('ReviseObjective'), changes: fc.record({ title: text }) }) }),
  fc.record({ kind: fc.constant('key-result'), id, command: fc.record({ type: fc.constant('DefineKeyResult'), objectiveId: id, data: fc.record({
    title: text, description: fc.constant(null), owner: fc.constant(null),
    measure: fc.record({ kind: fc.constant('METRIC'), baseline: fc.constant(0), target: fc.integer({ min: 5, max: 20 }), unit: fc.constant('x'), direction: fc.constant(null) }) }) }) }),
  fc.record({ kind: fc.constant('key-result'), id, command: fc.record({ type: fc.constant('CheckInKeyResult'), today: fc.constant('2026-03-31'), checkIn: fc.record({
    value: fc.integer({ min: 0, max: 20 }), done: fc.constant(null), confidence: fc.constantFrom(0.3, 0.7, 1), status: fc.constantFrom(null, 'AT_RISK'),
    note: fc.constant(null), reportedFor: fc.constantFrom('2026-01-10', '2026-02-10', '2026-03-10'), corrects: fc.constantFrom(null, 1, 2, 3) }) }) }),
);

async function play(actions: { kind: string; id: string; command: any }[]): Promise<Ledger> {
  const ledger = new Ledger();
  for (const { kind, id: recordId, command } of actions) {
    if (kind === 'priorities') {
      // The list's commands name an initiative, loaded by the caller as the API does.
      const initiative = ledger.state('initiative', recordId);
      await ledger.run('priorities', 'org', { ...command, initiative: { id: recordId, version: initiative.version, status: initiative.status } });
    } else if (kind === 'key-result' && command.type === 'DefineKeyResult') {
      const { objectiveId, ...rest } = command;
      await ledger.run(kind, recordId, { ...rest, objective: ledger.state('objective', objectiveId) });
    } else {
      await ledger.run(kind, recordId, command);
    }
  }
  return ledger;
}

// The search index is one for every position (it filters by position): test/api/search.test.ts covers its answers.
const views = (models: ReadModels) => {
  const { log: _log, search: _search, ...rest } = models;
  return imageOf(rest);
};

async function foldedFromZero(events: readonly RecordedEvent[]): Promise<unknown> {
  const fresh = createReadModels(storeOf(events));
  await fresh.log.catchUp();
  return views(fresh);
}

const actions = fc.array(action, { minLength: 20, maxLength: 80 });

describe('read models over random command sequences', () => {
  it('answer for any past position exactly as a fold of only the events up to it', async () => {
    let generated = 0;
    const kindsSeen = new Set<string>();
    await fc.assert(
      // maxEvents: from a cache that holds a single event (everything else read from the store) to one that holds them all.
      fc.asyncProperty(actions, fc.nat(), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 100 }), async (sequence, pick, checkpointEvery, maxEvents) => {
        const ledger = await play(sequence);
        generated += ledger.events.length;
        for (const event of ledger.events) kindsSeen.add(event.stream.kind);
        const live = createReadModels(storeOf(ledger.events), 7, { checkpointEvery, maxEvents });
        await live.log.catchUp();
        expect(live.log.held).toBeLessThanOrEqual(maxEvents);
        const position = ledger.events.length ? pick % (ledger.events.length + 1) : 0;
        const then = await live.at(position);
        expect(views(then)).toEqual(await foldedFromZero(ledger.events.slice(0, position)));
        expect((await allOf(then.log)).map((e) => e.position)).toEqual(ledger.events.slice(0, position).map((e) => e.position));
        if (position > 0) expect(await then.log.at(position)).toEqual(ledger.events[position - 1]);
        // asOf an instant means: every event recorded by then, and none after.
        const instant = ledger.events[position - 1]?.recordedAt;
        if (instant) {
          const at = positionAt(live.log, instant);
          expect(ledger.events.slice(0, at).every((e) => e.recordedAt <= instant)).toBe(true);
          expect(ledger.events.slice(at).every((e) => e.recordedAt > instant)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
    // The sequences must exercise the views: most commands are valid and append events (about 12 a run; 10 was seen to fail).
    expect(generated).toBeGreaterThan(60 * 8);
    expect([...kindsSeen].sort()).toEqual(Object.keys(KINDS).sort());
  });

  it('answer on both sides of every checkpoint, and the answers and the live models stay right as the log grows', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(actions, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 9 }), async (sequence, checkpointEvery, step) => {
        const all = (await play(sequence)).events;
        const visible: RecordedEvent[] = [];
        const live = createReadModels(storeOf(visible), 3, { checkpointEvery, answerCacheBytes: 0 });
        const expected = new Map<number, unknown>();
        const expectedAt = async (position: number) => {
          if (!expected.has(position)) expected.set(position, await foldedFromZero(all.slice(0, position)));
          return expected.get(position);
        };
        // Answers taken along the way, some read at once, some only after more events arrived.
        const taken: { position: number; models: ReadModels }[] = [];
        for (let i = 0; i < all.length; i += step) {
          visible.push(...all.slice(i, i + step));
          await live.log.catchUp();
          const head = visible.length;
          // Around each checkpoint position passed so far (every `checkpointEvery` while the log is short).
          for (let c = checkpointEvery; c <= head; c += checkpointEvery) {
            for (const position of [c - 1, c, c + 1].filter((p) => p >= 0 && p < head)) {
              const then = await live.at(position);
              if ((c / checkpointEvery + i) % 2 === 0) expect(views(then)).toEqual(await expectedAt(position));
              taken.push({ position, models: then });
              checked += 1;
            }
          }
        }
        for (const { position, models } of taken) expect(views(models)).toEqual(await expectedAt(position));
        // Answering the past never disturbed the live models.
        expect(views(live)).toEqual(await foldedFromZero(all));
      }),
      { numRuns: 40 },
    );
    expect(checked).toBeGreaterThan(40 * 10);
  });

  it('kept current incrementally, equal a fold of the whole log from zero, and past answers do not move', async () => {
    await fc.assert(
      fc.asyncProperty(actions, fc.integer({ min: 1, max: 9 }), fc.constantFrom(2, 7, 1000), async (sequence, step, maxEvents) => {
        const all = (await play(sequence)).events;
        // The live models catch up while the log grows, a few events at a time.
        const visible: RecordedEvent[] = [];
        const live = createReadModels(storeOf(visible), 3, { checkpointEvery: 4, maxEvents });
        const halfway = Math.floor(all.length / 2);
        let pinned: { position: number; image: unknown } | null = null;
        for (let i = 0; i < all.length; i += step) {
          visible.push(...all.slice(i, i + step));
          await live.log.catchUp();
          if (!pinned && visible.length >= halfway) {
            pinned = { position: halfway, image: views(await live.at(halfway)) };
            // The per-stream index is built on first use, then kept current by the catch-ups after.
            const first = visible[0]!.stream;
            expect(await live.log.stream(first.kind, first.id)).toEqual(visible.filter((e) => e.stream.kind === first.kind && e.stream.id === first.id));
          }
        }
        expect(views(live)).toEqual(await foldedFromZero(all));
        for (const { kind, id: streamId } of new Map(all.map((e) => [`${e.stream.kind}#${e.stream.id}`, e.stream])).values()) {
          const stream = all.filter((e) => e.stream.kind === kind && e.stream.id === streamId);
          expect(await live.log.stream(kind, streamId)).toEqual(stream);
          if (stream.length > 1) expect(await (await live.at(stream[0]!.position)).log.stream(kind, streamId)).toEqual([stream[0]]);
        }
        if (pinned) expect(views(await live.at(pinned.position))).toEqual(pinned.image);
      }),
      { numRuns: 60 },
    );
  });
});

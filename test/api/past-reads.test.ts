import { describe, expect, it } from 'vitest';
import { imageOf } from '../../api/cli/replay.ts';
import { createReadModels, NotLoaded, retrying, type ReadModels } from '../../api/read-models.ts';
import type { Decider } from '../../domain/decider.ts';
import { initialInitiativeState, initiativeDecider } from '../../domain/initiatives/initiative.ts';
import { initialPriorityListState, priorityListDecider } from '../../domain/priorities/priority-list.ts';
import type { EventStore } from '../../events/store.ts';
import { createMemoryStore } from '../support/memory.ts';

/**
 * Past positions read lazily (LiveReadModels.past, what `asOf` / `atPosition` queries use): the
 * priority list from its own history, an initiative by id from its own stream, and only a list
 * waits for the fold from a checkpoint; every answer equals the eager one (`at`).
 */

type AnyDecider = Decider<any, any, any>;

async function buildLog() {
  const store = createMemoryStore({ now: (() => { let t = Date.UTC(2026, 0, 1); return () => new Date((t += 60_000)); })() });
  const states = new Map<string, any>();
  const run = async (kind: string, id: string, decider: AnyDecider, initial: any, command: unknown) => {
    let state = states.get(`${kind}#${id}`) ?? initial;
    const decided = decider.decide(command, state);
    if (!decided.ok) throw new Error(`${kind} ${id}: ${JSON.stringify(decided.errors)}`);
    for (const event of decided.events) {
      const { events } = await store.append({ kind, id }, state.version === 0 ? 'no-stream' : state.version, [event], { actor: { id: 'u', name: 'U', kind: 'HUMAN' }, reason: 'r' });
      state = decider.evolve(state, events[0] as never);
    }
    states.set(`${kind}#${id}`, state);
  };
  const ids = ['a', 'b', 'c', 'd'];
  for (const [i, id] of ids.entries()) {
    await run('initiative', id, initiativeDecider, initialInitiativeState(id), { type: 'CreateInitiative', data: { title: `Initiative ${id}`, description: null, owner: 'o', kind: 'INNOVATION', status: 'ACTIVE' } });
    for (let round = 0; round < 3; round += 1) {
      await run('initiative', id, initiativeDecider, null, { type: 'ScoreInitiative', inputs: { customerImpact: 1 + ((i + round) % 5), businessImpact: 3, operationalEfficiency: 2, effort: 1 + round, confidence: 0.8 } });
      const initiative = states.get(`initiative#${id}`);
      // Added at the end, moved to the top, moved back to the end (the first has nowhere to move).
      if (round > 0 && i === 0) continue;
      await run('priorities', 'org', priorityListDecider, initialPriorityListState(), {
        type: 'Reprioritize',
        toRank: round === 1 ? 1 : i + 1,
        evidence: [],
        initiative: { id, version: initiative.version, status: initiative.status },
      });
    }
  }
  return { store, ids, events: states.size };
}

/** The store, counting the reads of the whole log (readAll) the read models make. */
function counting(store: EventStore) {
  const counts = { readAll: 0, readStream: 0 };
  const counted = Object.create(store) as EventStore;
  counted.readAll = (...args) => ((counts.readAll += 1), store.readAll(...args));
  counted.readStream = (...args) => ((counts.readStream += 1), store.readStream(...args));
  return { counted, counts };
}

describe('read models of a past position, read lazily', () => {
  it('answer the priority list and initiatives by id without the fold, and a list after it, all as the eager fold does', async () => {
    const { store, ids } = await buildLog();
    const { counted, counts } = counting(store);
    // A cache of 4 events: a past initiative's stream and the events since a checkpoint are read from the store.
    const live = createReadModels(counted, 5, { checkpointEvery: 6, maxEvents: 4 });
    await live.log.catchUp();
    const reference = createReadModels(store, 5, { checkpointEvery: 6 });
    await reference.log.catchUp();
    const head = live.log.position;
    expect(head).toBe(4 + 12 + 10);
    const now = await live.at(head);
    let unchanged = 0;

    for (let position = 0; position < head; position += 1) {
      const eager: ReadModels = await reference.at(position);
      const past = live.past(position);
      const before = counts.readAll;
      // The list: from the live view's own history, synchronously.
      expect(imageOf(past.priorities)).toEqual(imageOf(eager.priorities));
      // An initiative by id: changed since, NotLoaded first (its stream is being read), then its state
      // then; not changed since, as it is now without a read; never a read of the log.
      const first = ids[position % ids.length]!;
      const changedSince = now.initiatives.changedAt(first)! > position;
      const streamReads = counts.readStream;
      if (changedSince) expect(() => past.initiatives.get(first)).toThrow(NotLoaded);
      expect(await retrying(() => past.initiatives.get(first))).toEqual(eager.initiatives.get(first));
      if (!changedSince) {
        expect(counts.readStream).toBe(streamReads);
        unchanged += 1;
      }
      for (const id of ids) expect(await retrying(() => past.initiatives.get(id))).toEqual(eager.initiatives.get(id));
      expect(counts.readAll).toBe(before);
      // A list, and a view kept only by the fold: they wait for it.
      expect(() => past.initiatives.list()).toThrow(NotLoaded);
      expect(await retrying(() => past.initiatives.list())).toEqual(eager.initiatives.list());
      expect(imageOf(await retrying(() => past.okrs))).toEqual(imageOf(eager.okrs));
      // Once folded, a record by id comes from the fold.
      expect(past.initiatives.get(first)).toEqual(eager.initiatives.get(first));
    }
    expect(counts.readStream).toBeGreaterThan(0);
    expect(counts.readAll).toBeGreaterThan(0);
    expect(unchanged).toBeGreaterThan(0);
  });

  it('a failed read is an error, not a loop, and the next read tries again', async () => {
    const { store } = await buildLog();
    let fail = true;
    const flaky = Object.create(store) as EventStore;
    flaky.readStream = (...args) => (fail ? Promise.reject(new Error('store down')) : store.readStream(...args));
    const live = createReadModels(flaky, 5, { maxEvents: 1 });
    await live.log.catchUp();
    // Initiative a changes at position 5: at 3 it is read from its stream.
    const past = live.past(3);
    await expect(retrying(() => past.initiatives.get('a'))).rejects.toThrow('store down');
    fail = false;
    expect(await retrying(() => past.initiatives.get('a'))).toMatchObject({ id: 'a', title: 'Initiative a' });
  });
});

import { describe, expect, it } from 'vitest';
import { imageOf } from '../../api/cli/replay.ts';
import { applyToRanking } from '../../domain/priorities/priority-list.ts';
import { PriorityListView } from '../../domain/priorities/view.ts';
import { PRIORITIES_STREAM, PRIORITY_LIST_ID, type PriorityEvent } from '../../domain/priorities/events.ts';
import { recordedAtOf, TEST_ACTOR, toRecorded } from '../support/decider-spec.ts';

const decision = { type: 'Decision', id: 'd-1' };
const checkIn = { type: 'KeyResultCheckIn', id: 'ci-1' };

const events: PriorityEvent[] = [
  { type: 'InitiativeReprioritized', payload: { initiativeId: 'a', fromRank: null, toRank: 1, evidence: [] } },
  { type: 'InitiativeReprioritized', payload: { initiativeId: 'b', fromRank: null, toRank: 2, evidence: [] } },
  { type: 'InitiativeReprioritized', payload: { initiativeId: 'c', fromRank: null, toRank: 3, evidence: [] } },
  { type: 'InitiativeReprioritized', payload: { initiativeId: 'c', fromRank: 3, toRank: 1, evidence: [decision, checkIn] } },
  { type: 'InitiativeRemovedFromPriorities', payload: { initiativeId: 'c', fromRank: 1, evidence: [decision] } },
];

/** The list's events, with other streams' events between them (positions 2, 4, ...). */
function build(count = events.length) {
  const recorded = toRecorded(events.slice(0, count), { stream: { kind: PRIORITIES_STREAM, id: PRIORITY_LIST_ID } }).map((e, i) => ({
    ...e,
    position: 2 * i + 1,
    reason: `reason ${i + 1}`,
  }));
  const view = new PriorityListView();
  for (const event of recorded) {
    view.apply(event);
  }
  return view;
}

const ranks = (view: PriorityListView, version?: number) =>
  (version === undefined ? view.current() : view.atVersion(version)!).entries.map((e) => `${e.rank}:${e.initiativeId}`);

describe('PriorityListView', () => {
  it('starts empty at version 0', () => {
    const view = new PriorityListView();
    expect(view.current()).toEqual({ version: 0, position: 0, updatedAt: null, entries: [] });
    expect(view.changes()).toEqual([]);
    expect(view.rankOf('a')).toBeNull();
  });

  it('keeps every version of the list, ignoring other streams', () => {
    const view = build();
    expect(view.current().version).toBe(5);
    expect(ranks(view, 3)).toEqual(['1:a', '2:b', '3:c']);
    expect(ranks(view, 4)).toEqual(['1:c', '2:a', '3:b']);
    expect(ranks(view)).toEqual(['1:a', '2:b']);
    expect(view.atVersion(6)).toBeUndefined();
    expect([view.rankOf('a'), view.rankOf('c')]).toEqual([1, null]);
  });

  it('says since when each initiative has its rank', () => {
    const view = build();
    expect(view.atVersion(3)!.entries.map((e) => e.since)).toEqual([recordedAtOf(1), recordedAtOf(2), recordedAtOf(3)]);
    // c jumped to 1 at event 4, pushing a and b down; its removal at 5 moved them back up.
    expect(view.atVersion(4)!.entries.map((e) => e.since)).toEqual([recordedAtOf(4), recordedAtOf(4), recordedAtOf(4)]);
    expect(view.current().entries.map((e) => e.since)).toEqual([recordedAtOf(5), recordedAtOf(5)]);
  });

  it('records each change with who, when, why, the evidence and the others that shifted', () => {
    const view = build();
    const move = view.changeAt(4)!;
    expect(move).toEqual({
      listVersion: 4,
      position: 7,
      recordedAt: recordedAtOf(4),
      actor: TEST_ACTOR,
      reason: 'reason 4',
      kind: 'MOVED_UP',
      initiativeId: 'c',
      fromRank: 3,
      toRank: 1,
      evidence: [decision, checkIn],
      evidenceLinks: [],
      shift: { first: 1, last: 2, by: 1 },
    });
    expect(view.shifted(move)).toEqual([
      { initiativeId: 'a', fromRank: 1, toRank: 2 },
      { initiativeId: 'b', fromRank: 2, toRank: 3 },
    ]);
    expect(view.changeAt(5)).toMatchObject({ kind: 'REMOVED', fromRank: 1, toRank: null });
    expect(view.shifted(view.changeAt(5)!)).toEqual([{ initiativeId: 'a', fromRank: 2, toRank: 1 }, { initiativeId: 'b', fromRank: 3, toRank: 2 }]);
    expect(view.changeAt(1)).toMatchObject({ kind: 'ADDED', fromRank: null, toRank: 1, shift: null });
    expect(view.shifted(view.changeAt(1)!)).toEqual([]);
  });

  it('tells a move down from a move up', () => {
    const view = new PriorityListView();
    const down: PriorityEvent = { type: 'InitiativeReprioritized', payload: { initiativeId: 'a', fromRank: 1, toRank: 3, evidence: [] } };
    for (const e of toRecorded([...events.slice(0, 3), down], { stream: { kind: PRIORITIES_STREAM, id: PRIORITY_LIST_ID } })) view.apply(e);
    expect(view.changeAt(4)).toMatchObject({ kind: 'MOVED_DOWN' });
    expect(view.shifted(view.changeAt(4)!)).toEqual([{ initiativeId: 'b', fromRank: 2, toRank: 1 }, { initiativeId: 'c', fromRank: 3, toRank: 2 }]);
  });

  it('lists changes oldest first: all, of one initiative, or also those that shifted it', () => {
    const view = build();
    expect(view.changes().map((c) => c.listVersion)).toEqual([1, 2, 3, 4, 5]);
    expect(view.changes({ initiativeId: 'c' }).map((c) => c.listVersion)).toEqual([3, 4, 5]);
    expect(view.changes({ initiativeId: 'a' }).map((c) => c.listVersion)).toEqual([1]);
    expect(view.changes({ initiativeId: 'a', includeShifts: true }).map((c) => c.listVersion)).toEqual([1, 4, 5]);
    expect(view.changes({ initiativeId: 'z', includeShifts: true })).toEqual([]);
  });

  it('rebuilds any version from the versions it keeps, exactly as the list stood then, and stands at any past position as a fold up to it', () => {
    // 150 changes (the view keeps the whole list every 32 versions), decided against the list as it stands.
    let ranking: string[] = [];
    const changes: PriorityEvent[] = [];
    for (let i = 0; changes.length < 150; i += 1) {
      const id = `i${(i * 7) % 13}`;
      const fromRank = ranking.includes(id) ? ranking.indexOf(id) + 1 : null;
      const event: PriorityEvent =
        fromRank !== null && i % 5 === 0
          ? { type: 'InitiativeRemovedFromPriorities', payload: { initiativeId: id, fromRank, evidence: [] } }
          : { type: 'InitiativeReprioritized', payload: { initiativeId: id, fromRank, toRank: 1 + ((i * 3) % (ranking.length + (fromRank === null ? 1 : 0))), evidence: [] } };
      if (event.type === 'InitiativeReprioritized' && event.payload.toRank === fromRank) continue;
      changes.push(event);
      ranking = applyToRanking(ranking, event);
    }
    // Other streams' events between the list's (positions 3, 6, ...).
    const recorded = toRecorded(changes, { stream: { kind: PRIORITIES_STREAM, id: PRIORITY_LIST_ID } }).map((e, i) => ({ ...e, position: 3 * (i + 1) }));
    const view = new PriorityListView();
    for (const event of recorded) view.apply(event);
    expect(view.current().entries.map((e) => e.initiativeId)).toEqual(ranking);
    const upTo = new PriorityListView();
    for (let version = 0; version <= recorded.length; version += 1) {
      if (version > 0) upTo.apply(recorded[version - 1]!);
      expect(view.atVersion(version)).toEqual(upTo.current());
      // Every position from this version's up to the next change's: the list as the fold up to there left it.
      for (let position = 3 * version; position < 3 * (version + 1); position += 1) {
        const until = view.until(position);
        expect(imageOf(until)).toEqual(imageOf(upTo));
        expect(until.changes()).toEqual(upTo.changes());
      }
    }
    // The view stays as it was, and so does what it answered: a later change of either leaves the other alone.
    const then = view.until(3 * 40);
    then.apply({ ...recorded[40]!, position: 3 * 41 });
    expect(view.atVersion(41)).toEqual(then.current());
    expect(view.changes()).toHaveLength(recorded.length);
    expect(view.atVersion(recorded.length + 1)).toBeUndefined();
  });

  it('copies: the copy and the original go on independently', () => {
    const recorded = toRecorded(events, { stream: { kind: PRIORITIES_STREAM, id: PRIORITY_LIST_ID } });
    const original = new PriorityListView();
    for (const event of recorded.slice(0, 3)) original.apply(event);
    const copy = original.copy();
    original.apply(recorded[3]!);
    expect(copy.current().version).toBe(3);
    expect(copy.changes()).toHaveLength(3);
    copy.apply(recorded[3]!);
    copy.apply(recorded[4]!);
    expect(original.current().version).toBe(4);
    expect(original.changes()).toHaveLength(4);
    expect(ranks(copy)).toEqual(['1:a', '2:b']);
    expect(ranks(original)).toEqual(['1:c', '2:a', '3:b']);
  });

  it('shifted and includeShifts match the rankings before and after each change, on random valid changes', () => {
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 200; round += 1) {
      const view = new PriorityListView();
      const rankings: string[][] = [[]];
      for (let version = 1; version <= 30; version += 1) {
        const ranking = rankings.at(-1)!;
        const initiativeId = `i${random(8)}`;
        const fromIndex = ranking.indexOf(initiativeId);
        const fromRank = fromIndex === -1 ? null : fromIndex + 1;
        const lastRank = fromRank === null ? ranking.length + 1 : ranking.length;
        let event: PriorityEvent;
        if (fromRank !== null && (random(4) === 0 || lastRank === 1)) {
          event = { type: 'InitiativeRemovedFromPriorities', payload: { initiativeId, fromRank, evidence: [] } };
        } else {
          let toRank = 1 + random(lastRank);
          if (toRank === fromRank) toRank = toRank === 1 ? 2 : toRank - 1;
          event = { type: 'InitiativeReprioritized', payload: { initiativeId, fromRank, toRank, evidence: [] } };
        }
        rankings.push(applyToRanking(ranking, event));
        view.apply(toRecorded([event], { stream: { kind: PRIORITIES_STREAM, id: PRIORITY_LIST_ID }, firstPosition: version }).map((e) => ({ ...e, version }))[0]!);
      }
      const expectedShifts = (version: number) => {
        const [before, after] = [rankings[version - 1]!, rankings[version]!];
        const moved = view.changeAt(version)!.initiativeId;
        return before.flatMap((id, i) => {
          const to = after.indexOf(id) + 1;
          return id !== moved && to !== i + 1 ? [{ initiativeId: id, fromRank: i + 1, toRank: to }] : [];
        });
      };
      for (let version = 1; version < rankings.length; version += 1) {
        expect(view.shifted(view.changeAt(version)!)).toEqual(expectedShifts(version));
        expect(view.atVersion(version)!.entries.map((e) => e.initiativeId)).toEqual(rankings[version]);
      }
      for (let i = 0; i < 8; i += 1) {
        const initiativeId = `i${i}`;
        const expected = view.changes().filter((c) => c.initiativeId === initiativeId || expectedShifts(c.listVersion).some((s) => s.initiativeId === initiativeId));
        expect(view.changes({ initiativeId, includeShifts: true })).toEqual(expected);
      }
    }
  });
});

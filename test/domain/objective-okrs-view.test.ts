import { beforeEach, describe, expect, it } from 'vitest';
import { keyResultProgress, OkrsView } from '../../domain/okrs/view.ts';
import { KEY_RESULT_STREAM, type CheckInPayload, type KeyResultEvent, type Measure } from '../../domain/okrs/key-result-events.ts';
import { OBJECTIVE_STREAM, type ObjectiveContent, type ObjectiveEvent } from '../../domain/okrs/objective-events.ts';
import { recorded } from '../support/decider-spec.ts';

/** Feeds events of several streams to a view the way the log does: global positions and per-stream versions. */
function feeder(view: OkrsView) {
  let position = 0;
  const versions = new Map<string, number>();
  return (kind: string, id: string, event: ObjectiveEvent | KeyResultEvent) => {
    const key = `${kind}#${id}`;
    const version = (versions.get(key) ?? 0) + 1;
    versions.set(key, version);
    position += 1;
    view.apply(recorded(event, { stream: { kind, id }, version, position, recordedAt: new Date(Date.UTC(2026, 10, 1) + position * 60_000).toISOString() }));
  };
}

const content: ObjectiveContent = { title: 'O', description: null, level: 'TEAM', ownerTeam: 'insights', owner: null, alignedTo: null };
const metric: Measure = { kind: 'METRIC', baseline: 10, target: 40, unit: '%', direction: 'INCREASE' };
const decrease: Measure = { kind: 'METRIC', baseline: 800, target: 300, unit: 'ms', direction: 'DECREASE' };

let view: OkrsView;
let feed: ReturnType<typeof feeder>;

const setObjective = (id: string, over: Partial<ObjectiveContent> & { cycle?: string } = {}) =>
  feed(OBJECTIVE_STREAM, id, { type: 'ObjectiveSet', payload: { ...content, cycle: '2026-Q4', ...over } });
const defineKr = (id: string, objectiveId: string, measure: Measure = metric) =>
  feed(KEY_RESULT_STREAM, id, {
    type: 'KeyResultDefined',
    payload: { objectiveId, cycle: '2026-Q4', title: id, description: null, owner: null, measure },
  });
const checkIn = (id: string, over: Partial<CheckInPayload>) =>
  feed(KEY_RESULT_STREAM, id, {
    type: 'KeyResultCheckedIn',
    payload: { value: 0, confidence: 0.7, status: 'ON_TRACK', statusDerived: true, note: null, reportedFor: '2026-11-02', corrects: null, ...over },
  });

beforeEach(() => {
  view = new OkrsView();
  feed = feeder(view);
});

describe('progress', () => {
  it('is 0 for a key result without check-ins and null for an objective without key results', () => {
    setObjective('o1');
    expect(view.objectiveProgress('o1')).toBeNull();
    defineKr('k1', 'o1');
    expect(keyResultProgress(view.keyResult('k1')!)).toBe(0);
    expect(view.objectiveProgress('o1')).toBe(0);
  });

  it('averages the key results of an objective, clamped, in both directions, from the latest business date', () => {
    setObjective('o1');
    defineKr('up', 'o1');
    defineKr('down', 'o1', decrease);
    defineKr('ship', 'o1', { kind: 'MILESTONE' });
    checkIn('up', { value: 70, reportedFor: '2026-11-09' }); // beyond target: 1
    checkIn('up', { value: 25, reportedFor: '2026-11-02' }); // an earlier week reported late: not the latest
    checkIn('down', { value: 675, reportedFor: '2026-11-09' }); // 125 of 500 down: 0.25
    checkIn('ship', { value: 1, reportedFor: '2026-11-09' }); // done: 1
    expect(keyResultProgress(view.keyResult('up')!)).toBe(1);
    expect(keyResultProgress(view.keyResult('down')!)).toBe(0.25);
    expect(view.objectiveProgress('o1')).toBeCloseTo((1 + 0.25 + 1) / 3);
  });

  it('applies corrections, and a later target', () => {
    setObjective('o1');
    defineKr('k1', 'o1');
    checkIn('k1', { value: 40, reportedFor: '2026-11-09' }); // v2: a typo
    checkIn('k1', { value: 25, reportedFor: '2026-11-09', corrects: 2 }); // v3
    expect(view.objectiveProgress('o1')).toBe(0.5);
    feed(KEY_RESULT_STREAM, 'k1', { type: 'KeyResultTargetRevised', payload: { previousTarget: 40, target: 20, decisionId: null } });
    expect(view.objectiveProgress('o1')).toBe(1);
  });
});

describe('check-ins', () => {
  it('finds a check-in by <keyResultId>:<version>, corrected ones included', () => {
    setObjective('o1');
    defineKr('k1', 'o1');
    checkIn('k1', { value: 12 });
    checkIn('k1', { value: 13, corrects: 2 });
    expect(view.checkIn('k1:2')).toMatchObject({ value: 12, correctedBy: 3 });
    expect(view.checkIn('k1:3')).toMatchObject({ value: 13, corrects: 2, correctedBy: null });
    expect(view.checkIn('k1:1')).toBeUndefined();
    expect(view.checkIn('nope:2')).toBeUndefined();
    expect(view.checkIn('k1')).toBeUndefined();
  });
});

describe('objectives', () => {
  beforeEach(() => {
    setObjective('a', { ownerTeam: 'insights' });
    setObjective('b', { ownerTeam: 'platform', cycle: '2027-Q1' });
    setObjective('c', { level: 'COMPANY', ownerTeam: null });
    feed(OBJECTIVE_STREAM, 'c', { type: 'ObjectiveClosed', payload: { outcome: 'MISSED', note: 'n' } });
  });

  it('lists them in the order they were set, filtered by cycle, team, level and status', () => {
    const ids = (filter: Parameters<OkrsView['objectives']>[0]) => view.objectives(filter).map((o) => o.id);
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ cycle: '2026-Q4' })).toEqual(['a', 'c']);
    expect(ids({ team: 'platform' })).toEqual(['b']);
    expect(ids({ level: 'COMPANY' })).toEqual(['c']);
    expect(ids({ status: 'ACTIVE', cycle: '2026-Q4' })).toEqual(['a']);
  });

  it('knows what is aligned to what, and the chain above an alignment target', () => {
    defineKr('ka', 'a');
    setObjective('child-of-a', { alignedTo: { kind: 'objective', id: 'a' } });
    setObjective('child-of-ka', { alignedTo: { kind: 'key-result', id: 'ka' } });
    setObjective('grandchild', { alignedTo: { kind: 'objective', id: 'child-of-ka' } });
    expect(view.children('a').map((o) => o.id)).toEqual(['child-of-a', 'child-of-ka']);
    expect(view.alignedTo({ kind: 'key-result', id: 'ka' }).map((o) => o.id)).toEqual(['child-of-ka']);
    expect(view.objectiveChain({ kind: 'objective', id: 'grandchild' })).toEqual(['grandchild', 'child-of-ka', 'a']);
    expect(view.objectiveChain({ kind: 'key-result', id: 'ka' })).toEqual(['a']);
    expect(view.objectiveChain({ kind: 'key-result', id: 'unknown' })).toEqual([]);

    feed(OBJECTIVE_STREAM, 'child-of-a', { type: 'ObjectiveRevised', payload: { changes: { alignedTo: null } } });
    expect(view.children('a').map((o) => o.id)).toEqual(['child-of-ka']);
  });
});

describe('atRisk', () => {
  it('lists key results of ACTIVE objectives whose latest standing status is not ON_TRACK, worst first', () => {
    setObjective('a', { ownerTeam: 'insights' });
    setObjective('b', { ownerTeam: 'platform' });
    setObjective('closed', { ownerTeam: 'platform' });
    defineKr('a1', 'a');
    defineKr('a2', 'a');
    defineKr('b1', 'b');
    defineKr('b2', 'b');
    defineKr('c1', 'closed');
    checkIn('a1', { status: 'AT_RISK', reportedFor: '2026-11-02' });
    checkIn('a2', { status: 'OFF_TRACK', reportedFor: '2026-11-02' });
    checkIn('a2', { status: 'ON_TRACK', reportedFor: '2026-11-09' }); // recovered
    checkIn('b1', { status: 'AT_RISK', reportedFor: '2026-11-02' });
    checkIn('b1', { status: 'OFF_TRACK', reportedFor: '2026-11-02', corrects: 2 });
    checkIn('b2', { status: 'ON_TRACK', reportedFor: '2026-11-02' });
    checkIn('c1', { status: 'OFF_TRACK', reportedFor: '2026-11-02' });
    feed(OBJECTIVE_STREAM, 'closed', { type: 'ObjectiveClosed', payload: { outcome: 'MISSED', note: 'n' } });

    expect(view.atRisk().map((r) => [r.keyResult.id, r.objective.id, r.status, r.checkIn.version])).toEqual([
      ['b1', 'b', 'OFF_TRACK', 3],
      ['a1', 'a', 'AT_RISK', 2],
    ]);
    expect(view.atRisk({ team: 'insights' }).map((r) => r.keyResult.id)).toEqual(['a1']);
    expect(view.atRisk({ cycle: '2027-Q1' })).toEqual([]);
  });
});

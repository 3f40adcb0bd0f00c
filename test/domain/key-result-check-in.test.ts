import { describe, expect, it } from 'vitest';
import { checkInId, checkInSeries, latestCheckIn, parseCheckInId, type CheckInInput } from '../../domain/okrs/check-ins.ts';
import { initialKeyResultState, keyResultDecider, type KeyResultCommand } from '../../domain/okrs/key-result.ts';
import { CheckInKeyResultInput } from '../../domain/okrs/key-result-inputs.ts';
import { deriveStatus, progressOf } from '../../domain/okrs/progress.ts';
import { KEY_RESULT_STREAM, type CheckInPayload, type KeyResultEvent, type Measure } from '../../domain/okrs/key-result-events.ts';
import { deciderSpec, recordedAtOf, TEST_ACTOR } from '../support/decider-spec.ts';

const ID = 'kr-1';
const spec = deciderSpec(keyResultDecider, () => initialKeyResultState(ID), { stream: { kind: KEY_RESULT_STREAM, id: ID } });

// 2026-Q4 has 92 days: on 2026-11-16 exactly half of it has passed.
const MIDWAY = '2026-11-16';
const TODAY = '2026-12-01';

const increase: Measure = { kind: 'METRIC', baseline: 10, target: 40, unit: '%', direction: 'INCREASE' };
const decrease: Measure = { kind: 'METRIC', baseline: 800, target: 300, unit: 'ms', direction: 'DECREASE' };
const milestone: Measure = { kind: 'MILESTONE' };

const defined = (measure: Measure = increase): KeyResultEvent => ({
  type: 'KeyResultDefined',
  payload: { objectiveId: 'o-1', cycle: '2026-Q4', title: 'KR', description: null, owner: null, measure },
});

const input = (over: Partial<CheckInInput> = {}): CheckInInput => ({
  value: 25,
  done: null,
  confidence: 0.8,
  status: null,
  note: null,
  reportedFor: MIDWAY,
  corrects: null,
  ...over,
});
const checkIn = (over: Partial<CheckInInput> = {}, today = TODAY): KeyResultCommand => ({ type: 'CheckInKeyResult', checkIn: input(over), today });

const checkedIn = (over: Partial<CheckInPayload> = {}): KeyResultEvent => ({
  type: 'KeyResultCheckedIn',
  payload: { value: 25, confidence: 0.8, status: 'ON_TRACK', statusDerived: true, note: null, reportedFor: MIDWAY, corrects: null, ...over },
});

describe('CheckInKeyResult on a metric', () => {
  it('records a check-in with the status given, marked as not derived', () => {
    spec
      .given([defined()])
      .when(checkIn({ status: 'AT_RISK', note: 'Holiday dip' }))
      .then([checkedIn({ status: 'AT_RISK', statusDerived: false, note: 'Holiday dip' })]);
  });

  it.each([
    [25, 'ON_TRACK'], // progress 0.5 at elapsed 0.5: ratio 1
    [20, 'AT_RISK'], // progress 1/3: ratio 0.67
    [15, 'OFF_TRACK'], // progress 1/6: ratio 0.33
    [60, 'ON_TRACK'], // beyond the target: progress clamped to 1
  ] as const)('derives the status of value %d at midway as %s', (value, status) => {
    spec.given([defined()]).when(checkIn({ value })).then([checkedIn({ value, status })]);
  });

  it('derives ON_TRACK on the first day of the cycle, whatever the value', () => {
    spec
      .given([defined()])
      .when(checkIn({ value: 10, reportedFor: '2026-10-01' }))
      .then([checkedIn({ value: 10, reportedFor: '2026-10-01', status: 'ON_TRACK' })]);
  });

  it('derives the status of a DECREASE metric from how far it came down', () => {
    spec.given([defined(decrease)]).when(checkIn({ value: 550 })).then([checkedIn({ value: 550, status: 'ON_TRACK' })]);
    spec.given([defined(decrease)]).when(checkIn({ value: 900 })).then([checkedIn({ value: 900, status: 'OFF_TRACK' })]);
  });

  it('derives the status against the current target after a revision', () => {
    const revised: KeyResultEvent = { type: 'KeyResultTargetRevised', payload: { previousTarget: 40, target: 20, decisionId: null } };
    spec.given([defined(), revised]).when(checkIn({ value: 15 })).then([checkedIn({ value: 15, status: 'ON_TRACK' })]);
  });

  it('needs a value and refuses done', () => {
    spec.given([defined()]).when(checkIn({ value: null })).thenFails({ code: 'INVALID_INPUT', field: ['value'] });
    spec.given([defined()]).when(checkIn({ done: true })).thenFails({ code: 'INVALID_INPUT', field: ['done'], message: /milestone/ });
  });
});

describe('CheckInKeyResult on a milestone', () => {
  it('takes done or a value of 0 or 1, stored as 0 or 1', () => {
    spec.given([defined(milestone)]).when(checkIn({ value: null, done: true })).then([checkedIn({ value: 1 })]);
    spec.given([defined(milestone)]).when(checkIn({ value: 1 })).then([checkedIn({ value: 1 })]);
    spec.given([defined(milestone)]).when(checkIn({ value: 1, done: true })).then([checkedIn({ value: 1 })]);
  });

  it.each([
    [0.8, 'ON_TRACK'],
    [0.5, 'AT_RISK'],
    [0.2, 'OFF_TRACK'],
  ] as const)('derives the status of a milestone not done from the confidence %d: %s', (confidence, status) => {
    spec.given([defined(milestone)]).when(checkIn({ value: 0, confidence })).then([checkedIn({ value: 0, confidence, status })]);
  });

  it('refuses other values, no answer, and value and done disagreeing', () => {
    spec.given([defined(milestone)]).when(checkIn({ value: 0.5 })).thenFails({ code: 'INVALID_INPUT', field: ['value'] });
    spec.given([defined(milestone)]).when(checkIn({ value: null })).thenFails({ code: 'INVALID_INPUT', field: ['done'] });
    spec
      .given([defined(milestone)])
      .when(checkIn({ value: 1, done: false }))
      .thenFails({ code: 'INVALID_INPUT', field: ['value'], message: /disagree/ });
  });
});

describe('the business date of a check-in', () => {
  it('must lie inside the cycle', () => {
    spec
      .given([defined()])
      .when(checkIn({ reportedFor: '2026-09-30' }))
      .thenFails({ code: 'INVALID_INPUT', field: ['reportedFor'], message: /2026-10-01 to 2026-12-31/ });
  });

  it('may be tomorrow (time zones ahead of UTC) but not later', () => {
    spec.given([defined()]).when(checkIn({}, '2026-11-15')).then([checkedIn()]);
    spec.given([defined()]).when(checkIn({}, '2026-11-14')).thenFails({ code: 'INVALID_INPUT', field: ['reportedFor'], message: /future/ });
  });
});

describe('corrections', () => {
  it('points at the check-in it corrects', () => {
    spec
      .given([defined(), checkedIn()])
      .when(checkIn({ value: 22, corrects: 2 }))
      .then([checkedIn({ value: 22, status: 'AT_RISK', corrects: 2 })]);
  });

  it('refuses to correct what is not a check-in of this key result', () => {
    spec.given([defined(), checkedIn()]).when(checkIn({ corrects: 7 })).thenFails({ code: 'NOT_FOUND', field: ['corrects'] });
    spec.given([defined(), checkedIn()]).when(checkIn({ corrects: 1 })).thenFails({ code: 'NOT_FOUND', field: ['corrects'] });
  });

  it('refuses to correct a check-in twice, but corrects the correction', () => {
    const history = [defined(), checkedIn(), checkedIn({ value: 22, corrects: 2 })];
    spec.given(history).when(checkIn({ corrects: 2 })).thenFails({ code: 'INVALID_TRANSITION', field: ['corrects'], message: /version 3/ });
    spec.given(history).when(checkIn({ value: 23, corrects: 3 })).then([checkedIn({ value: 23, status: 'AT_RISK', corrects: 3 })]);
  });

  it('reports every problem of a check-in at once', () => {
    spec
      .given([defined(), checkedIn()])
      .when(checkIn({ value: null, reportedFor: '2027-01-01', corrects: 9 }))
      .thenFails(
        { code: 'INVALID_INPUT', field: ['value'] },
        { code: 'INVALID_INPUT', field: ['reportedFor'] },
        { code: 'NOT_FOUND', field: ['corrects'] },
      );
  });
});

it('refuses a check-in on an unknown key result', () => {
  spec.given().when(checkIn()).thenFails({ code: 'NOT_FOUND', field: ['keyResult'] });
});

describe('the check-ins in the state', () => {
  const state = spec.stateAfter([
    defined(),
    checkedIn({ reportedFor: '2026-11-09', value: 18 }), // v2
    checkedIn({ reportedFor: '2026-11-02', value: 14 }), // v3, reported late for an earlier week
    checkedIn({ reportedFor: '2026-11-09', value: 19, corrects: 2 }), // v4
  ]);

  it('marks corrected check-ins and keeps the raw history in recording order', () => {
    expect(state.checkIns.map((c) => [c.version, c.value, c.correctedBy])).toEqual([
      [2, 18, 4],
      [3, 14, null],
      [4, 19, null],
    ]);
    expect(state.checkIns[0]).toMatchObject({ keyResultId: ID, recordedAt: recordedAtOf(2), recordedBy: TEST_ACTOR });
  });

  it('orders the series by business date, with corrections applied', () => {
    expect(checkInSeries(state.checkIns).map((c) => c.version)).toEqual([3, 4]);
    expect(latestCheckIn(state.checkIns)?.value).toBe(19);
    expect(latestCheckIn([])).toBeUndefined();
  });

  it('takes the last recorded of two standing check-ins on the same business date, and a later date over a later recording', () => {
    const sameDay = spec.stateAfter([
      defined(),
      checkedIn({ reportedFor: '2026-11-09', value: 18 }), // v2
      checkedIn({ reportedFor: '2026-11-09', value: 21 }), // v3, same date: it stands beside v2
      checkedIn({ reportedFor: '2026-11-02', value: 14 }), // v4, recorded last for an earlier date
    ]);
    expect(checkInSeries(sameDay.checkIns).map((c) => c.version)).toEqual([4, 2, 3]);
    expect(latestCheckIn(sameDay.checkIns)?.version).toBe(3);
  });
});

describe('progress and derived status', () => {
  it('clamps metric progress to [0, 1] in both directions', () => {
    expect(progressOf(increase, 25)).toBe(0.5);
    expect(progressOf(increase, 0)).toBe(0);
    expect(progressOf(increase, 99)).toBe(1);
    expect(progressOf(decrease, 300)).toBe(1);
    expect(progressOf(decrease, 425)).toBe(0.75);
    expect(progressOf(decrease, 1000)).toBe(0);
    expect(progressOf(milestone, 1)).toBe(1);
    expect(progressOf(milestone, 0)).toBe(0);
  });

  it('applies the ratio thresholds exactly at 0.9 and 0.6', () => {
    expect(deriveStatus({ measure: increase, progress: 0.45, elapsed: 0.5, confidence: 0 })).toBe('ON_TRACK');
    expect(deriveStatus({ measure: increase, progress: 0.449, elapsed: 0.5, confidence: 1 })).toBe('AT_RISK');
    expect(deriveStatus({ measure: increase, progress: 0.3, elapsed: 0.5, confidence: 1 })).toBe('AT_RISK');
    expect(deriveStatus({ measure: increase, progress: 0.299, elapsed: 0.5, confidence: 1 })).toBe('OFF_TRACK');
  });
});

describe('check-in ids and inputs', () => {
  it('round-trips <keyResultId>:<version>', () => {
    expect(parseCheckInId(checkInId('a:b-1', 12))).toEqual({ keyResultId: 'a:b-1', version: 12 });
    expect(parseCheckInId('kr-1')).toBeNull();
    expect(parseCheckInId('kr-1:0')).toBeNull();
  });

  it('validates confidence and the business date, and defaults the rest', () => {
    expect(CheckInKeyResultInput.parse({ keyResult: 'k', confidence: 0.5, reportedFor: '2026-11-16', value: 3 })).toEqual({
      keyResult: 'k',
      expectedVersion: undefined,
      value: 3,
      done: null,
      confidence: 0.5,
      status: null,
      note: null,
      reportedFor: '2026-11-16',
      corrects: null,
      reason: null,
      links: [],
    });
    const issues = CheckInKeyResultInput.safeParse({ keyResult: 'k', confidence: 1.1, reportedFor: '2026-11-31' }).error?.issues;
    expect(issues?.map((i) => i.path)).toEqual([['confidence'], ['reportedFor']]);
  });
});

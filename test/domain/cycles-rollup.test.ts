import { describe, expect, it } from 'vitest';
import { cyclesDecider, cycleErrors, initialCyclesState } from '../../domain/cycles/cycles.ts';
import { CYCLES_ID, CYCLES_STREAM, type CycleDefinition } from '../../domain/cycles/events.ts';
import { cycleEnd, cycleStart, elapsedFraction, isInCycle } from '../../domain/okrs/cycle.ts';
import { computeProgress, objectiveHealth, PROGRESS_FORMULAS } from '../../domain/okrs/roll-up.ts';
import { OkrsView } from '../../domain/okrs/view.ts';
import { KEY_RESULT_STREAM, type KeyResultEvent } from '../../domain/okrs/key-result-events.ts';
import { OBJECTIVE_STREAM, type ObjectiveEvent } from '../../domain/okrs/objective-events.ts';
import { deciderSpec, recorded } from '../support/decider-spec.ts';

const cycle = (key: string, cadence: string, start: string, end: string): CycleDefinition => ({ key, name: key, cadence, start, end });

describe('cycles', () => {
  const spec = deciderSpec(cyclesDecider, initialCyclesState, { stream: { kind: CYCLES_STREAM, id: CYCLES_ID } });

  it('defines cycles of several cadences, overlapping only across cadences', () => {
    const cycles = [cycle('FY2027', 'ANNUAL', '2027-01-01', '2027-12-31'), cycle('H1-2027', 'HALF', '2027-01-01', '2027-06-30')];
    spec.given().when({ type: 'DefineCycles', cycles }).then([{ type: 'CyclesDefined', payload: { cycles } }]);
    spec.given([{ type: 'CyclesDefined', payload: { cycles } }]).when({ type: 'DefineCycles', cycles }).thenFails({ code: 'INVALID_INPUT', field: ['cycles'] });
  });

  it('refuses an overlap within a cadence, a quarter-shaped key, a duplicate key and reversed dates', () => {
    expect(cycleErrors([cycle('A', 'HALF', '2027-01-01', '2027-06-30'), cycle('B', 'HALF', '2027-06-30', '2027-12-31')])).toEqual([
      expect.objectContaining({ field: ['cycles', '1', 'start'], message: expect.stringMatching(/overlaps "A"/) }),
    ]);
    expect(cycleErrors([cycle('2027-Q9', 'Q', '2027-01-01', '2027-03-31')]).map((e) => e.field)).toEqual([['cycles', '0', 'key']]);
    expect(cycleErrors([cycle('A', 'X', '2027-02-01', '2027-01-01'), cycle('A', 'Y', '2027-01-01', '2027-01-02')]).map((e) => e.field)).toEqual([
      ['cycles', '0', 'end'],
      ['cycles', '1', 'key'],
    ]);
  });

  it('computes dates of a defined range like those of a quarter', () => {
    const range = { start: '2027-01-01', end: '2027-01-10' };
    expect([cycleStart('S1', range), cycleEnd('S1', range)]).toEqual(['2027-01-01', '2027-01-10']);
    expect([isInCycle('S1', '2027-01-10', range), isInCycle('S1', '2027-01-11', range)]).toEqual([true, false]);
    expect(elapsedFraction('S1', '2027-01-06', range)).toBe(0.5);
    expect(elapsedFraction('2027-Q1', '2027-01-01')).toBe(0);
  });
});

describe('progress formulas and the derived status', () => {
  const inputs = [
    { kind: 'key-result' as const, id: 'k1', progress: 0.4, weight: 25 },
    { kind: 'objective' as const, id: 'o2', progress: 0.8, weight: 75 },
    { kind: 'objective' as const, id: 'o3', progress: null, weight: 0 },
  ];

  it('version 1 is the mean of the key results; version 2 the weighted mean of everything with a progress', () => {
    expect(computeProgress(1, inputs)).toBe(0.4);
    expect(computeProgress(2, inputs)).toBeCloseTo(0.7, 12);
    expect(computeProgress(2, [{ kind: 'objective', id: 'o', progress: null, weight: 1 }])).toBeNull();
    expect(computeProgress(2, [{ kind: 'key-result', id: 'k', progress: 1, weight: 0 }])).toBeNull();
    expect(() => computeProgress(3, inputs)).toThrow(/unknown progress formula/);
    expect(Object.keys(PROGRESS_FORMULAS)).toEqual(['1', '2']);
  });

  it('the status is the worst of the key results’ latest statuses, null without any', () => {
    expect(objectiveHealth([])).toBeNull();
    expect(objectiveHealth([null, 'ON_TRACK'])).toBe('ON_TRACK');
    expect(objectiveHealth(['ON_TRACK', 'AT_RISK', null])).toBe('AT_RISK');
    expect(objectiveHealth(['AT_RISK', 'OFF_TRACK', 'ON_TRACK'])).toBe('OFF_TRACK');
  });

  it('an objective recorded before roll-up (no formula version) keeps formula 1: aligned objectives do not count', () => {
    const view = new OkrsView();
    let position = 0;
    const feed = (kind: string, id: string, version: number, event: ObjectiveEvent | KeyResultEvent) =>
      view.apply(recorded(event, { stream: { kind, id }, version, position: ++position, recordedAt: '2026-11-01T00:00:00.000Z' }));
    const content = { title: 'O', description: null, level: 'COMPANY' as const, ownerTeam: null, owner: null, cycle: '2026-Q4' };
    const measure = { kind: 'METRIC' as const, baseline: 0, target: 10, unit: 'x', direction: 'INCREASE' as const };
    const kr = (objectiveId: string) => ({ objectiveId, cycle: '2026-Q4', title: 'k', description: null, owner: null, measure });
    const checkIn = (value: number) => ({
      type: 'KeyResultCheckedIn' as const,
      payload: { value, confidence: 1, status: 'ON_TRACK' as const, statusDerived: false, note: null, reportedFor: '2026-11-01', corrects: null },
    });
    feed(OBJECTIVE_STREAM, 'old', 1, { type: 'ObjectiveSet', payload: { ...content, alignedTo: null } });
    feed(OBJECTIVE_STREAM, 'new', 1, { type: 'ObjectiveSet', payload: { ...content, alignedTo: null, progressFormulaVersion: 2 } });
    for (const parent of ['old', 'new']) {
      feed(KEY_RESULT_STREAM, `k-${parent}`, 1, { type: 'KeyResultDefined', payload: kr(parent) });
      feed(KEY_RESULT_STREAM, `k-${parent}`, 2, checkIn(2));
      feed(OBJECTIVE_STREAM, `child-${parent}`, 1, { type: 'ObjectiveSet', payload: { ...content, alignedTo: { kind: 'objective', id: parent }, progressFormulaVersion: 2 } });
      feed(KEY_RESULT_STREAM, `kc-${parent}`, 1, { type: 'KeyResultDefined', payload: kr(`child-${parent}`) });
      feed(KEY_RESULT_STREAM, `kc-${parent}`, 2, checkIn(8));
    }
    expect(view.progressFormula('old')).toMatchObject({ version: 1, progress: 0.2 });
    expect(view.progressFormula('new')).toMatchObject({ version: 2, progress: 0.5 });
  });
});

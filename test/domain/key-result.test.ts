import { describe, expect, it } from 'vitest';
import { initialKeyResultState, keyResultDecider, type KeyResultCommand, type MeasureInput } from '../../domain/okrs/key-result.ts';
import { DefineKeyResultInput, GradeKeyResultInput, ReviseKeyResultTargetInput } from '../../domain/okrs/key-result-inputs.ts';
import { initialObjectiveState, objectiveDecider } from '../../domain/okrs/objective.ts';
import { KEY_RESULT_STREAM, type KeyResultEvent, type Measure } from '../../domain/okrs/key-result-events.ts';
import { OBJECTIVE_STREAM, type ObjectiveEvent } from '../../domain/okrs/objective-events.ts';
import { deciderSpec, recordedAtOf, TEST_ACTOR } from '../support/decider-spec.ts';

const ID = 'kr-1';
const OBJECTIVE_ID = 'o-1';
const spec = deciderSpec(keyResultDecider, () => initialKeyResultState(ID), { stream: { kind: KEY_RESULT_STREAM, id: ID } });
const objectiveSpec = deciderSpec(objectiveDecider, () => initialObjectiveState(OBJECTIVE_ID), {
  stream: { kind: OBJECTIVE_STREAM, id: OBJECTIVE_ID },
});

const objectiveSet: ObjectiveEvent = {
  type: 'ObjectiveSet',
  payload: { title: 'Adoption', description: null, level: 'COMPANY', ownerTeam: null, owner: null, alignedTo: null, cycle: '2026-Q4' },
};
const activeObjective = objectiveSpec.stateAfter([objectiveSet]);
const closedObjective = objectiveSpec.stateAfter([objectiveSet, { type: 'ObjectiveClosed', payload: { outcome: 'MISSED', note: 'n' } }]);
const noObjective = initialObjectiveState('o-missing');

const metric: Measure = { kind: 'METRIC', baseline: 10, target: 40, unit: '%', direction: 'INCREASE' };
const defined = (measure: Measure = metric): KeyResultEvent => ({
  type: 'KeyResultDefined',
  payload: { objectiveId: OBJECTIVE_ID, cycle: '2026-Q4', title: 'Weekly active teams', description: null, owner: 'ana', measure },
});

const define = (measure: MeasureInput, objective = activeObjective): KeyResultCommand => ({
  type: 'DefineKeyResult',
  data: { title: 'Weekly active teams', description: null, owner: 'ana', measure },
  objective,
});
const reviseTarget = (target: number, objective = activeObjective, decisionId: string | null = null): KeyResultCommand => ({
  type: 'ReviseKeyResultTarget',
  target,
  decisionId,
  objective,
});
const grade = (value: number): KeyResultCommand => ({ type: 'GradeKeyResult', grade: value });

describe('DefineKeyResult', () => {
  it('defines a metric on an ACTIVE objective, copying the objective id and cycle', () => {
    spec.given().when(define(metric)).then([defined()]);
  });

  it('derives the direction of a metric from baseline and target when it is not given', () => {
    spec.given().when(define({ ...metric, direction: null })).then([defined()]);
    const decrease: Measure = { kind: 'METRIC', baseline: 800, target: 300, unit: 'ms', direction: 'DECREASE' };
    spec.given().when(define({ ...decrease, direction: null })).then([defined(decrease)]);
  });

  it('defines a milestone', () => {
    spec.given().when(define({ kind: 'MILESTONE' })).then([defined({ kind: 'MILESTONE' })]);
  });

  it('refuses a target equal to the baseline', () => {
    spec.given().when(define({ ...metric, target: 10 })).thenFails({ code: 'INVALID_INPUT', field: ['target'], message: /differ/ });
  });

  it('refuses a target on the wrong side of the baseline for the direction', () => {
    spec.given().when(define({ ...metric, target: 5 })).thenFails({ code: 'INVALID_INPUT', field: ['target'], message: /above/ });
    spec
      .given()
      .when(define({ ...metric, direction: 'DECREASE' }))
      .thenFails({ code: 'INVALID_INPUT', field: ['target'], message: /below/ });
  });

  it('refuses an unknown or CLOSED objective', () => {
    spec.given().when(define(metric, noObjective)).thenFails({ code: 'NOT_FOUND', field: ['objective'] });
    spec.given().when(define(metric, closedObjective)).thenFails({ code: 'INVALID_TRANSITION', field: ['objective'], message: /CLOSED/ });
  });

  it('refuses to define a key result twice', () => {
    spec.given([defined()]).when(define(metric)).thenFails({ code: 'INVALID_INPUT', field: ['id'] });
  });
});

describe('ReviseKeyResultTarget', () => {
  it('keeps the old and new target and the decision behind the change', () => {
    spec
      .given([defined()])
      .when(reviseTarget(30, activeObjective, 'd-7'))
      .then([{ type: 'KeyResultTargetRevised', payload: { previousTarget: 40, target: 30, decisionId: 'd-7' } }]);
  });

  it('refuses a target that is already the target, or on the wrong side of the baseline', () => {
    spec.given([defined()]).when(reviseTarget(40)).thenFails({ code: 'INVALID_INPUT', field: ['target'], message: /already/ });
    spec.given([defined()]).when(reviseTarget(10)).thenFails({ code: 'INVALID_INPUT', field: ['target'], message: /differ/ });
    spec.given([defined()]).when(reviseTarget(0)).thenFails({ code: 'INVALID_INPUT', field: ['target'], message: /above/ });
  });

  it('refuses to revise a milestone, an unknown key result, or one of a CLOSED objective', () => {
    spec.given([defined({ kind: 'MILESTONE' })]).when(reviseTarget(1)).thenFails({ code: 'INVALID_INPUT', field: ['target'] });
    spec.given().when(reviseTarget(50)).thenFails({ code: 'NOT_FOUND', field: ['id'] });
    spec.given([defined()]).when(reviseTarget(50, closedObjective)).thenFails({ code: 'INVALID_TRANSITION', field: ['id'] });
  });
});

describe('GradeKeyResult', () => {
  it.each([0, 0.7, 1])('grades %d', (value) => {
    spec.given([defined()]).when(grade(value)).then([{ type: 'KeyResultGraded', payload: { grade: value } }]);
  });

  it('refuses grades outside 0.0-1.0, the current grade again, and unknown key results', () => {
    spec.given([defined()]).when(grade(1.2)).thenFails({ code: 'INVALID_INPUT', field: ['grade'] });
    spec.given([defined()]).when(grade(-0.1)).thenFails({ code: 'INVALID_INPUT', field: ['grade'] });
    spec
      .given([defined(), { type: 'KeyResultGraded', payload: { grade: 0.5 } }])
      .when(grade(0.5))
      .thenFails({ code: 'INVALID_INPUT', field: ['grade'], message: /already/ });
    spec.given().when(grade(0.5)).thenFails({ code: 'NOT_FOUND', field: ['id'] });
  });
});

describe('evolve', () => {
  it('keeps the target history and the current target and grade', () => {
    const state = spec.stateAfter([
      defined(),
      { type: 'KeyResultTargetRevised', payload: { previousTarget: 40, target: 30, decisionId: 'd-7' } },
      { type: 'KeyResultGraded', payload: { grade: 0.8 } },
    ]);
    expect(state).toMatchObject({ version: 3, objectiveId: OBJECTIVE_ID, grade: 0.8, gradedAt: recordedAtOf(3), createdBy: TEST_ACTOR });
    expect(state.measure).toEqual({ ...metric, target: 30 });
    expect(state.targetRevisions).toEqual([
      { version: 2, previousTarget: 40, target: 30, decisionId: 'd-7', reason: null, recordedAt: recordedAtOf(2), recordedBy: TEST_ACTOR },
    ]);
  });
});

describe('key result inputs', () => {
  it('turns a metric input into a measure, keeping an absent direction as null', () => {
    const parsed = DefineKeyResultInput.parse({ objective: 'o', title: 'Latency', kind: 'METRIC', baseline: 800, target: 300, unit: 'ms' });
    expect(parsed.data.measure).toEqual({ kind: 'METRIC', baseline: 800, target: 300, unit: 'ms', direction: null });
  });

  it('requires baseline, target and unit of a metric and refuses them on a milestone', () => {
    const metricIssues = DefineKeyResultInput.safeParse({ objective: 'o', title: 'x', kind: 'METRIC', unit: '' }).error?.issues;
    expect(metricIssues?.map((i) => i.path)).toEqual([['baseline'], ['target'], ['unit']]);
    const milestoneIssues = DefineKeyResultInput.safeParse({ objective: 'o', title: 'x', kind: 'MILESTONE', target: 1, direction: 'INCREASE' })
      .error?.issues;
    expect(milestoneIssues?.map((i) => i.path)).toEqual([['target'], ['direction']]);
  });

  it('requires a reason to revise a target and a grade within 0.0-1.0', () => {
    expect(ReviseKeyResultTargetInput.safeParse({ id: 'k', expectedVersion: 1, reason: ' ', target: 3 }).error?.issues[0]?.path).toEqual([
      'reason',
    ]);
    expect(GradeKeyResultInput.safeParse({ id: 'k', expectedVersion: 1, grade: 1.5 }).error?.issues[0]?.path).toEqual(['grade']);
  });
});

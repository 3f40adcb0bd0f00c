import { KEY_RESULT_STREAM, keyResultEvents } from './key-result-events.ts';
import type { KeyResultEvent, Measure, MetricDirection, MetricMeasure } from './key-result-events.ts';
import { accept, type Decided, type DomainError, type RecordedEvent, refuse, recordKind, evolving, unstamped, taken, type Stamps } from '../decider.ts';
import { decideCheckIn, withCheckIn, type CheckIn, type CheckInInput } from './check-ins.ts';
import type { ObjectiveState } from './objective.ts';
import { appended } from '../lists.ts';
import type { ExternalLink } from '../links/links.ts';
import type { CycleRange } from './cycle.ts';

export type { Measure, MetricDirection };

/** One change of a metric's target, as `targetHistory` shows it. */
export interface TargetRevision {
  version: number;
  previousTarget: number;
  target: number;
  decisionId: string | null;
  reason: string | null;
  recordedAt: string;
  recordedBy: RecordedEvent['actor'];
}

export interface KeyResultState extends Stamps {
  id: string;
  /** 0 until the key result is defined. */
  version: number;
  objectiveId: string;
  cycle: string;
  cycleRange: CycleRange | null;
  /** The key result it continues and that one's last value (its value until the first check-in here). */
  carriedOverFrom: { keyResultId: string; value: number } | null;
  title: string;
  description: string | null;
  owner: string | null;
  measure: Measure;
  grade: number | null;
  gradedAt: string | null;
  targetRevisions: TargetRevision[];
  /** Every check-in in recording order, corrected ones included. */
  checkIns: CheckIn[];
  links: ExternalLink[];
}

/** A metric's direction may be left out: it follows from baseline and target. */
export type MeasureInput = (Omit<MetricMeasure, 'direction'> & { direction: MetricDirection | null }) | { kind: 'MILESTONE' };

export type KeyResultCommand =
  | {
      type: 'DefineKeyResult';
      data: { title: string; description: string | null; owner: string | null; measure: MeasureInput; links?: ExternalLink[] };
      /** The objective it belongs to, as loaded (version 0 when there is none). */
      objective: ObjectiveState;
      /** When carried over (carryOverObjective): the key result it continues and its last value. */
      carriedOverFrom?: { keyResultId: string; value: number };
    }
  | { type: 'ReviseKeyResultTarget'; target: number; decisionId: string | null; objective: ObjectiveState }
  | { type: 'GradeKeyResult'; grade: number }
  /** `today` is the caller's current ISO date: a check-in may not report on the future. */
  | { type: 'CheckInKeyResult'; checkIn: CheckInInput; today: string };

export const initialKeyResultState = (id: string): KeyResultState => ({
  id,
  version: 0,
  objectiveId: '',
  cycle: '',
  cycleRange: null,
  carriedOverFrom: null,
  title: '',
  description: null,
  owner: null,
  measure: { kind: 'MILESTONE' },
  grade: null,
  gradedAt: null,
  targetRevisions: [],
  checkIns: [],
  ...unstamped(),
  links: [],
});

const notFound = (field: string): DomainError => ({ code: 'NOT_FOUND', field: [field], message: 'No key result has this id' });

/** A metric's target differs from its baseline in its direction: above for INCREASE, below for DECREASE. */
function targetError(baseline: number, target: number, direction: MetricDirection): DomainError | null {
  if (target === baseline) return { code: 'INVALID_INPUT', field: ['target'], message: `must differ from the baseline (${baseline})` };
  if ((direction === 'INCREASE') !== target > baseline) {
    return {
      code: 'INVALID_INPUT',
      field: ['target'],
      message: `An ${direction} metric needs a target ${direction === 'INCREASE' ? 'above' : 'below'} its baseline (${baseline})`,
    };
  }
  return null;
}

function objectiveErrors(objective: ObjectiveState, field: string, action: string): DomainError[] {
  if (objective.version === 0) return [{ code: 'NOT_FOUND', field: [field], message: 'No objective has this id' }];
  if (objective.status === 'CLOSED') {
    return [{ code: 'INVALID_TRANSITION', field: [field], message: `The objective is CLOSED: its key results cannot be ${action}` }];
  }
  return [];
}

function defineKeyResult(command: Extract<KeyResultCommand, { type: 'DefineKeyResult' }>, state: KeyResultState): Decided<KeyResultEvent> {
  if (state.version > 0) return refuse(taken('This key result is already defined'));
  const errors = objectiveErrors(command.objective, 'objective', 'added to');
  let measure: Measure = { kind: 'MILESTONE' };
  if (command.data.measure.kind === 'METRIC') {
    const { baseline, target, direction } = command.data.measure;
    const resolved = direction ?? (target < baseline ? 'DECREASE' : 'INCREASE');
    const error = targetError(baseline, target, resolved);
    if (error) errors.push(error);
    measure = { ...command.data.measure, direction: resolved };
  }
  if (errors.length) return refuse(...errors);
  const { objective } = command;
  const carried = command.carriedOverFrom ? { carriedOverFrom: command.carriedOverFrom } : {};
  const range = objective.cycleRange ? { cycleRange: objective.cycleRange } : {};
  return accept({
    type: 'KeyResultDefined',
    payload: { ...command.data, measure, objectiveId: objective.id, cycle: objective.cycle, ...range, ...carried },
  });
}

function decide(command: KeyResultCommand, state: KeyResultState): Decided<KeyResultEvent> {
  switch (command.type) {
    case 'DefineKeyResult':
      return defineKeyResult(command, state);
    case 'ReviseKeyResultTarget': {
      if (state.version === 0) return refuse(notFound('id'));
      const { measure } = state;
      if (measure.kind !== 'METRIC') {
        return refuse({ code: 'INVALID_INPUT', field: ['target'], message: 'A milestone key result has no target to revise' });
      }
      const errors = objectiveErrors(command.objective, 'id', 'revised');
      if (command.target === measure.target) {
        errors.push({ code: 'INVALID_INPUT', field: ['target'], message: `${command.target} is already the target` });
      } else {
        const error = targetError(measure.baseline, command.target, measure.direction);
        if (error) errors.push(error);
      }
      if (errors.length) return refuse(...errors);
      return accept({
        type: 'KeyResultTargetRevised',
        payload: { previousTarget: measure.target, target: command.target, decisionId: command.decisionId },
      });
    }
    case 'GradeKeyResult': {
      if (state.version === 0) return refuse(notFound('id'));
      if (!(command.grade >= 0 && command.grade <= 1)) {
        return refuse({ code: 'INVALID_INPUT', field: ['grade'], message: 'must be between 0.0 and 1.0' });
      }
      if (command.grade === state.grade) {
        return refuse({ code: 'INVALID_INPUT', field: ['grade'], message: `The key result is already graded ${state.grade}` });
      }
      return accept({ type: 'KeyResultGraded', payload: { grade: command.grade } });
    }
    case 'CheckInKeyResult':
      if (state.version === 0) return refuse(notFound('keyResult'));
      return decideCheckIn(state, command.checkIn, command.today);
  }
}

/**
 * A copy of a state, every field written out: one allocation with the fields inside the object.
 * `{ ...state }` of this 16-field state copies into an object with 4 fields inside and a separate
 * property array, and grows that array on the way (measured: 181 bytes for the spread alone, and
 * evolve of a check-in 749 -> 502 bytes with this). Check-ins are half of a typical log.
 */
const evolve = evolving<KeyResultState, KeyResultEvent, 'KeyResultDefined'>(initialKeyResultState, { created: 'KeyResultDefined' }, (next, event, state) => {
  switch (event.type) {
    case 'KeyResultTargetRevised': {
      const { previousTarget, target, decisionId } = event.payload;
      const measure = state.measure.kind === 'METRIC' ? { ...state.measure, target } : state.measure;
      const revision: TargetRevision = {
        version: event.version,
        previousTarget,
        target,
        decisionId,
        reason: event.reason,
        recordedAt: event.recordedAt,
        recordedBy: event.actor,
      };
      next.measure = measure;
      next.targetRevisions = appended(state.targetRevisions, revision);
      return next;
    }
    case 'KeyResultGraded':
      next.grade = event.payload.grade;
      next.gradedAt = event.recordedAt;
      return next;
    case 'KeyResultCheckedIn': {
      // Written out, not `{ ...payload, newKey }` nor Object.assign: V8 11 (Node 20) takes a slow
      // path for a copy of a parsed payload followed by new keys, and check-ins are half of a
      // typical log (BENCHMARKS.md). The type makes sure no payload field is left out.
      const { value, confidence, status, statusDerived, note, reportedFor, corrects, links } = event.payload;
      const checkIn: CheckIn = {
        value,
        confidence,
        status,
        statusDerived,
        note,
        reportedFor,
        corrects,
        links: links ?? [],
        keyResultId: state.id,
        version: event.version,
        correctedBy: null,
        recordedAt: event.recordedAt,
        recordedBy: event.actor,
      };
      next.checkIns = withCheckIn(state.checkIns, checkIn);
      return next;
    }
  }
});

export const keyResults = recordKind<KeyResultCommand, KeyResultState, KeyResultEvent>(KEY_RESULT_STREAM, keyResultEvents, { initialState: initialKeyResultState, decide, evolve });
export const keyResultDecider = keyResults.decider;

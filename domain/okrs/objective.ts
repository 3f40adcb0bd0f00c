import type { ExternalLink } from '../links/links.ts';
import { OBJECTIVE_STREAM, objectiveEvents } from './objective-events.ts';
import type {
  Alignment,
  ObjectiveContent,
  ObjectiveEvent,
  ObjectiveLevel,
  ObjectiveOutcome,
  ObjectiveStatus,
  ProgressWeight,
} from './objective-events.ts';
import { accept, changesNothing, type Decided, type DomainError, refuse, recordKind, evolving, unstamped, decided, taken, type Stamps } from '../decider.ts';
import { cycleOf, type CycleRange } from './cycle.ts';
import { PROGRESS_FORMULA_VERSION } from './roll-up.ts';

export type { Alignment, ObjectiveContent, ObjectiveLevel, ObjectiveOutcome, ObjectiveStatus };

export interface ObjectiveState extends ObjectiveContent, Stamps {
  id: string;
  /** 0 until the objective is set. */
  version: number;
  cycle: string;
  status: ObjectiveStatus;
  outcome: ObjectiveOutcome | null;
  closingNote: string | null;
  closedAt: string | null;
  tags: string[];
  links: ExternalLink[];
  /** The dates of a cycle the org defined, as they were when it was set; null for a calendar quarter. */
  cycleRange: CycleRange | null;
  /** The closed objective this one continues, if it was carried over. */
  carriedOverFrom: string | null;
  /** Which progress formula applies (domain/okrs/roll-up.ts). */
  progressFormulaVersion: number;
  /** Weights of its contributors; null: every contributor weighs the same. */
  progressWeights: ProgressWeight[] | null;
}

/**
 * The record an objective is to be aligned to, as the API found it, with the chain of objectives
 * above it (nearest first: the target objective itself, or the objective of the target key result,
 * then what each of those is aligned to). The decider uses the chain to refuse alignment cycles.
 */
export interface AlignmentTarget extends Alignment {
  objectiveChain: readonly string[];
}

type ContentInput = Omit<ObjectiveContent, 'alignedTo'> & { alignedTo: AlignmentTarget | null };

export type ObjectiveCommand =
  /** `cycle` null means the quarter `today` (an ISO date, given by the caller) falls in. */
  | {
      type: 'SetObjective';
      data: ContentInput & { cycle: string | null; cycleRange?: CycleRange | null; carriedOverFrom?: string | null };
      today: string;
    }
  /** `contributors`: the key results and aligned objectives it has now, as the API found them. */
  | { type: 'SetProgressWeights'; weights: ProgressWeight[]; contributors: Pick<ProgressWeight, 'kind' | 'id'>[]; progressFormulaVersion: number }
  | { type: 'ReviseObjective'; changes: Partial<ContentInput> }
  | { type: 'CloseObjective'; outcome: ObjectiveOutcome; note: string };

export const initialObjectiveState = (id: string): ObjectiveState => ({
  id,
  version: 0,
  title: '',
  description: null,
  cycle: '',
  level: 'COMPANY',
  ownerTeam: null,
  owner: null,
  alignedTo: null,
  status: 'ACTIVE',
  outcome: null,
  closingNote: null,
  closedAt: null,
  ...unstamped(),
  tags: [],
  links: [],
  cycleRange: null,
  carriedOverFrom: null,
  progressFormulaVersion: 1,
  progressWeights: null,
});

const notFound = (): DomainError => ({ code: 'NOT_FOUND', field: ['id'], message: 'No objective has this id' });

const closed = (action: string): DomainError => ({
  code: 'INVALID_TRANSITION',
  field: ['id'],
  message: `A CLOSED objective cannot be ${action}; set a new objective instead`,
});

/**
 * Rules on the whole content: a TEAM objective names its owner team, an INDIVIDUAL objective its
 * owner (person); COMPANY objectives may name either. An objective cannot be aligned to itself,
 * to one of its own key results, or to anything that is (transitively) aligned to it.
 */
function contentErrors(id: string, content: Omit<ObjectiveContent, 'alignedTo'>, alignedTo: AlignmentTarget | null): DomainError[] {
  const errors: DomainError[] = [];
  if (content.level === 'TEAM' && content.ownerTeam === null) {
    errors.push({ code: 'INVALID_INPUT', field: ['ownerTeam'], message: 'A TEAM objective needs an owner team' });
  }
  if (content.level === 'INDIVIDUAL' && content.owner === null) {
    errors.push({ code: 'INVALID_INPUT', field: ['owner'], message: 'An INDIVIDUAL objective needs an owner' });
  }
  if (alignedTo && alignedTo.objectiveChain.includes(id)) {
    errors.push({
      code: 'INVALID_INPUT',
      field: ['alignedTo'],
      message:
        alignedTo.kind === 'objective' && alignedTo.id === id
          ? 'An objective cannot be aligned to itself'
          : 'This alignment would make a cycle: the target is this objective, one of its key results, or aligned below it',
    });
  }
  return errors;
}

const toAlignment = (target: AlignmentTarget | null): Alignment | null => (target ? { kind: target.kind, id: target.id } : null);

function decide(command: ObjectiveCommand, state: ObjectiveState): Decided<ObjectiveEvent> {
  switch (command.type) {
    case 'SetObjective': {
      if (state.version > 0) return refuse(taken('This objective is already set'));
      const { cycle, alignedTo, cycleRange, carriedOverFrom, ...content } = command.data;
      const errors = contentErrors(state.id, content, alignedTo);
      if (errors.length) return refuse(...errors);
      return accept({
        type: 'ObjectiveSet',
        payload: {
          ...content,
          alignedTo: toAlignment(alignedTo),
          cycle: cycle ?? cycleOf(command.today),
          ...(cycleRange ? { cycleRange } : {}),
          ...(carriedOverFrom ? { carriedOverFrom } : {}),
          progressFormulaVersion: PROGRESS_FORMULA_VERSION,
        },
      });
    }
    case 'SetProgressWeights': {
      if (state.version === 0) return refuse(notFound());
      if (state.status === 'CLOSED') return refuse(closed('reweighted'));
      const errors = weightErrors(command.weights, command.contributors);
      return errors.length
        ? refuse(...errors)
        : accept({ type: 'ObjectiveProgressWeightsSet', payload: { weights: command.weights, progressFormulaVersion: command.progressFormulaVersion } });
    }
    case 'ReviseObjective': {
      if (state.version === 0) return refuse(notFound());
      if (state.status === 'CLOSED') return refuse(closed('revised'));
      const { alignedTo, ...rest } = command.changes;
      const changes: Partial<ObjectiveContent> = Object.fromEntries(
        Object.entries(rest).filter(([key, value]) => value !== undefined && value !== state[key as keyof ObjectiveContent]),
      );
      const alignmentChanged = alignedTo !== undefined && JSON.stringify(toAlignment(alignedTo)) !== JSON.stringify(state.alignedTo);
      if (alignmentChanged) changes.alignedTo = toAlignment(alignedTo);
      if (Object.keys(changes).length === 0) return refuse(changesNothing());
      const merged = { ...state, ...changes };
      const errors = contentErrors(state.id, merged, alignmentChanged ? alignedTo : null);
      return decided(errors, { type: 'ObjectiveRevised', payload: { changes } });
    }
    case 'CloseObjective': {
      if (state.version === 0) return refuse(notFound());
      if (state.status === 'CLOSED') return refuse(closed('closed again'));
      return accept({ type: 'ObjectiveClosed', payload: { outcome: command.outcome, note: command.note } });
    }
  }
}

const evolve = evolving<ObjectiveState, ObjectiveEvent, 'ObjectiveSet' | 'ObjectiveRevised'>(initialObjectiveState, { created: 'ObjectiveSet', revised: 'ObjectiveRevised' }, (next, event, state) => {
  switch (event.type) {
    case 'ObjectiveClosed':
      next.status = 'CLOSED';
      next.outcome = event.payload.outcome;
      next.closingNote = event.payload.note;
      next.closedAt = event.recordedAt;
      return next;
    case 'ObjectiveProgressWeightsSet':
      next.progressWeights = event.payload.weights;
      next.progressFormulaVersion = event.payload.progressFormulaVersion;
      return next;
  }
});

/**
 * Weights name each current contributor (key result or aligned objective) exactly once, none is
 * negative, and they add up to 100 (per cent).
 */
function weightErrors(weights: readonly ProgressWeight[], contributors: readonly Pick<ProgressWeight, 'kind' | 'id'>[]): DomainError[] {
  const errors: DomainError[] = [];
  const key = (w: Pick<ProgressWeight, 'kind' | 'id'>) => `${w.kind}:${w.id}`;
  const known = new Set(contributors.map(key));
  const seen = new Set<string>();
  weights.forEach((w, index) => {
    if (!known.has(key(w))) {
      errors.push({ code: 'INVALID_INPUT', field: ['weights', String(index), 'contributor'], message: 'is neither a key result of this objective nor an objective aligned to it' });
    }
    if (seen.has(key(w))) errors.push({ code: 'INVALID_INPUT', field: ['weights', String(index), 'contributor'], message: 'is weighted twice' });
    seen.add(key(w));
  });
  const missing = contributors.filter((c) => !seen.has(key(c)));
  if (missing.length) {
    errors.push({
      code: 'INVALID_INPUT',
      field: ['weights'],
      message: `must weight every contributor; missing: ${missing.map((m) => `${m.kind} ${m.id}`).join(', ')}`,
    });
  }
  const total = weights.reduce((sum, w) => sum + w.weight, 0);
  if (Math.abs(total - 100) > 1e-9) {
    errors.push({ code: 'INVALID_INPUT', field: ['weights'], message: `must add up to 100 (per cent); these add up to ${total}` });
  }
  return errors;
}

export const objectives = recordKind<ObjectiveCommand, ObjectiveState, ObjectiveEvent>(OBJECTIVE_STREAM, objectiveEvents, { initialState: initialObjectiveState, decide, evolve });
export const objectiveDecider = objectives.decider;

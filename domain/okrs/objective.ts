import type { ExternalLink } from '../links/links.ts';
import { OBJECTIVE_STREAM, objectiveEvents } from './objective-events.ts';
import type {
  Alignment,
  ObjectiveContent,
  ObjectiveEvent,
  ObjectiveLevel,
  ObjectiveOutcome,
  ObjectiveStatus,
} from './objective-events.ts';
import { accept, created, type Decided, type DomainError, type RecordedEvent, refuse, recordKind, evolving } from '../decider.ts';
import { cycleOf } from './cycle.ts';

export type { Alignment, ObjectiveContent, ObjectiveLevel, ObjectiveOutcome, ObjectiveStatus };

export interface ObjectiveState extends ObjectiveContent {
  id: string;
  /** 0 until the objective is set. */
  version: number;
  cycle: string;
  status: ObjectiveStatus;
  outcome: ObjectiveOutcome | null;
  closingNote: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: RecordedEvent['actor'] | null;
  /** Global position of the event that set it: a stable order for lists. */
  createdPosition: number;
  tags: string[];
  links: ExternalLink[];
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
  | { type: 'SetObjective'; data: ContentInput & { cycle: string | null }; today: string }
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
  createdAt: '',
  updatedAt: '',
  createdBy: null,
  createdPosition: 0,
  tags: [],
  links: [],
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
      if (state.version > 0) return refuse({ code: 'INVALID_INPUT', field: ['id'], message: 'This objective is already set' });
      const { cycle, alignedTo, ...content } = command.data;
      const errors = contentErrors(state.id, content, alignedTo);
      if (errors.length) return refuse(...errors);
      return accept({
        type: 'ObjectiveSet',
        payload: { ...content, alignedTo: toAlignment(alignedTo), cycle: cycle ?? cycleOf(command.today) },
      });
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
      if (Object.keys(changes).length === 0) return refuse({ code: 'INVALID_INPUT', field: [], message: 'The revision changes nothing' });
      const merged = { ...state, ...changes };
      const errors = contentErrors(state.id, merged, alignmentChanged ? alignedTo : null);
      return errors.length ? refuse(...errors) : accept({ type: 'ObjectiveRevised', payload: { changes } });
    }
    case 'CloseObjective': {
      if (state.version === 0) return refuse(notFound());
      if (state.status === 'CLOSED') return refuse(closed('closed again'));
      return accept({ type: 'ObjectiveClosed', payload: { outcome: command.outcome, note: command.note } });
    }
  }
}

const evolve = evolving(initialObjectiveState, (next, event: RecordedEvent<ObjectiveEvent>, state) => {
  switch (event.type) {
    case 'ObjectiveSet':
      return created(next, event);
    case 'ObjectiveRevised':
      return Object.assign(next, event.payload.changes);
    case 'ObjectiveClosed':
      next.status = 'CLOSED';
      next.outcome = event.payload.outcome;
      next.closingNote = event.payload.note;
      next.closedAt = event.recordedAt;
      return next;
  }
});

export const objectives = recordKind<ObjectiveCommand, ObjectiveState, ObjectiveEvent>(OBJECTIVE_STREAM, objectiveEvents, { initialState: initialObjectiveState, decide, evolve });
export const objectiveDecider = objectives.decider;

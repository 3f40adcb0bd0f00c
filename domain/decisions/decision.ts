import { DECISION_STREAM, decisionEvents, type DecisionContent, type DecisionEvent, type DecisionStatus } from './events.ts';
import type { ExternalLink } from '../links/links.ts';
import { changedFields } from '../changed-fields.ts';
import { accept, creating, changesNothing, type Decided, type DomainError, refuse, recordKind, evolving, unstamped, decided, type Stamps } from '../decider.ts';

export type { DecisionContent, DecisionStatus };

export interface DecisionState extends DecisionContent, Stamps {
  id: string;
  /** 0 until the decision is recorded. */
  version: number;
  status: DecisionStatus;
  supersededBy: string | null;
  links: ExternalLink[];
}

export type DecisionCommand =
  | { type: 'RecordDecision'; data: DecisionContent & { status: 'PROPOSED' | 'ACCEPTED' } }
  | { type: 'ReviseDecision'; changes: Partial<DecisionContent> }
  | { type: 'ChangeDecisionStatus'; status: Exclude<DecisionStatus, 'SUPERSEDED'> }
  | { type: 'SupersedeDecision'; successor: DecisionState };

export const initialDecisionState = (id: string): DecisionState => ({
  id,
  version: 0,
  title: '',
  context: null,
  options: [],
  chosenOption: null,
  rationale: '',
  consequences: null,
  owner: null,
  deciders: [],
  tags: [],
  links: [],
  status: 'PROPOSED',
  supersededBy: null,
  ...unstamped(),
});

/** Which status changes are allowed, from each status. */
const TRANSITIONS: Record<DecisionStatus, readonly DecisionStatus[]> = {
  PROPOSED: ['ACCEPTED', 'REJECTED'],
  ACCEPTED: ['DEPRECATED', 'SUPERSEDED'],
  REJECTED: [],
  DEPRECATED: ['SUPERSEDED'],
  SUPERSEDED: [],
};

const REVISABLE: readonly DecisionStatus[] = ['PROPOSED', 'ACCEPTED'];

function chosenOptionErrors(content: Pick<DecisionContent, 'options' | 'chosenOption'>, field: string[]): DomainError[] {
  const titles = content.options.map((o) => o.title);
  const duplicate = titles.find((t, i) => titles.indexOf(t) !== i);
  if (duplicate !== undefined) {
    return [{ code: 'INVALID_INPUT', field: ['options'], message: `Option titles must be unique; "${duplicate}" appears twice` }];
  }
  if (content.chosenOption !== null && !titles.includes(content.chosenOption)) {
    return [
      {
        code: 'INVALID_INPUT',
        field,
        message: `The chosen option "${content.chosenOption}" is not one of the options (${titles.map((t) => `"${t}"`).join(', ') || 'none given'})`,
      },
    ];
  }
  return [];
}

const notFound = (): DomainError => ({ code: 'NOT_FOUND', field: ['id'], message: 'No decision has this id' });

function transition(state: DecisionState, to: DecisionStatus): DomainError[] {
  if (state.version === 0) return [notFound()];
  if (!TRANSITIONS[state.status].includes(to)) {
    const allowed = TRANSITIONS[state.status];
    return [
      {
        code: 'INVALID_TRANSITION',
        field: ['status'],
        message: `A ${state.status} decision cannot become ${to}${allowed.length ? `; it can become ${allowed.join(' or ')}` : '; it is final'}`,
      },
    ];
  }
  return [];
}

function decide(command: DecisionCommand, state: DecisionState): Decided<DecisionEvent> {
  switch (command.type) {
    case 'RecordDecision':
      return creating(state, 'This decision is already recorded', chosenOptionErrors(command.data, ['chosenOption']), {
        type: 'DecisionRecorded',
        payload: command.data,
      });
    case 'ReviseDecision': {
      if (state.version === 0) return refuse(notFound());
      if (!REVISABLE.includes(state.status)) {
        return refuse({
          code: 'INVALID_TRANSITION',
          field: ['id'],
          message: `A ${state.status} decision cannot be revised; record a new decision and supersede it instead`,
        });
      }
      const changes = changedFields<DecisionContent>(state, command.changes);
      if (Object.keys(changes).length === 0) return refuse(changesNothing());
      const merged = { ...state, ...changes };
      // An option list that drops the chosen option must say which option is chosen now.
      const field = 'chosenOption' in changes ? ['chosenOption'] : ['options'];
      const errors = chosenOptionErrors(merged, field);
      return decided(errors, { type: 'DecisionRevised', payload: { changes } });
    }
    case 'ChangeDecisionStatus': {
      const errors = transition(state, command.status);
      if (errors.length || command.status === 'PROPOSED') return refuse(...errors);
      const type = ({ ACCEPTED: 'DecisionAccepted', REJECTED: 'DecisionRejected', DEPRECATED: 'DecisionDeprecated' } as const)[
        command.status
      ];
      return accept({ type, payload: {} });
    }
    case 'SupersedeDecision': {
      const errors = transition(state, 'SUPERSEDED');
      if (errors.length) return refuse(...errors);
      const successor = command.successor;
      if (successor.version === 0) {
        return refuse({ code: 'NOT_FOUND', field: ['supersededBy'], message: 'No decision has the superseding id' });
      }
      if (successor.id === state.id) {
        return refuse({ code: 'INVALID_INPUT', field: ['supersededBy'], message: 'A decision cannot supersede itself' });
      }
      if (!REVISABLE.includes(successor.status)) {
        return refuse({
          code: 'INVALID_TRANSITION',
          field: ['supersededBy'],
          message: `A ${successor.status} decision cannot supersede another; it must be PROPOSED or ACCEPTED`,
        });
      }
      return accept({ type: 'DecisionSuperseded', payload: { supersededBy: successor.id } });
    }
  }
}

const evolve = evolving<DecisionState, DecisionEvent, 'DecisionRecorded' | 'DecisionRevised'>(initialDecisionState, { created: 'DecisionRecorded', revised: 'DecisionRevised' }, (next, event, state) => {
  switch (event.type) {
    case 'DecisionAccepted':
      next.status = 'ACCEPTED';
      return next;
    case 'DecisionRejected':
      next.status = 'REJECTED';
      return next;
    case 'DecisionDeprecated':
      next.status = 'DEPRECATED';
      return next;
    case 'DecisionSuperseded':
      next.status = 'SUPERSEDED';
      next.supersededBy = event.payload.supersededBy;
      return next;
  }
});

export const decisions = recordKind<DecisionCommand, DecisionState, DecisionEvent>(DECISION_STREAM, decisionEvents, { initialState: initialDecisionState, decide, evolve });
export const decisionDecider = decisions.decider;

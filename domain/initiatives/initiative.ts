import type { ExternalLink } from '../links/links.ts';
import { INITIATIVE_STREAM, initiativeEvents } from './events.ts';
import type { InitiativeContent, InitiativeEvent, InitiativeKind, InitiativeStatus } from './events.ts';
import { accept, creating, changesNothing, type Decided, type DomainError, type RecordedEvent, refuse, recordKind, evolving, unstamped, type Stamps } from '../decider.ts';
import { changedFields } from '../changed-fields.ts';
import { computeScore, SCORE_FORMULA_VERSION, type ScoreInputs } from './score.ts';
import { appended } from '../lists.ts';

export type { InitiativeContent, InitiativeKind, InitiativeStatus, ScoreInputs };

type Actor = RecordedEvent['actor'];

/** One scoring: its inputs, the formula version and score, and who scored it when and why. */
export interface InitiativeScore extends ScoreInputs {
  formulaVersion: number;
  score: number;
  scoredAt: string;
  scoredBy: Actor;
  reason: string | null;
  /** Version of the initiative after the scoring. */
  version: number;
}

export interface InitiativeState extends InitiativeContent, Stamps {
  id: string;
  /** 0 until the initiative is created. */
  version: number;
  status: InitiativeStatus;
  /** Every scoring, oldest first; the last one is the current score. */
  scores: InitiativeScore[];
  tags: string[];
  links: ExternalLink[];
}

export type InitiativeCommand =
  | { type: 'CreateInitiative'; data: InitiativeContent & { status: 'PROPOSED' | 'ACTIVE' } }
  | { type: 'ReviseInitiative'; changes: Partial<InitiativeContent> }
  | { type: 'ScoreInitiative'; inputs: ScoreInputs }
  /** `rank`: the initiative's place on the priority list (null when not on it), loaded by the caller. */
  | { type: 'ChangeInitiativeStatus'; status: InitiativeStatus; rank: number | null };

export const initialInitiativeState = (id: string): InitiativeState => ({
  id,
  version: 0,
  title: '',
  description: null,
  owner: '',
  kind: 'INNOVATION',
  status: 'PROPOSED',
  scores: [],
  ...unstamped(),
  tags: [],
  links: [],
});

/** Which status changes are allowed, from each status. A dropped initiative can be proposed again. */
export const INITIATIVE_TRANSITIONS: Record<InitiativeStatus, readonly InitiativeStatus[]> = {
  PROPOSED: ['ACTIVE', 'DROPPED'],
  ACTIVE: ['DONE', 'DROPPED'],
  DONE: [],
  DROPPED: ['PROPOSED'],
};

/** Statuses in which an initiative is still open: it can be revised, scored and ranked. */
export const OPEN_STATUSES: readonly InitiativeStatus[] = ['PROPOSED', 'ACTIVE'];

export const isOpen = (initiative: Pick<InitiativeState, 'status'>): boolean => OPEN_STATUSES.includes(initiative.status);

export const latestScore = (initiative: Pick<InitiativeState, 'scores'>): InitiativeScore | null => initiative.scores.at(-1) ?? null;

const notFound = (): DomainError => ({ code: 'NOT_FOUND', field: ['id'], message: 'No initiative has this id' });

const closed = (state: InitiativeState, what: string): DomainError => ({
  code: 'INVALID_TRANSITION',
  field: ['id'],
  message: `A ${state.status} initiative cannot be ${what}${state.status === 'DROPPED' ? '; propose it again first' : ''}`,
});

const sameInputs = (a: ScoreInputs, b: ScoreInputs) =>
  a.customerImpact === b.customerImpact &&
  a.businessImpact === b.businessImpact &&
  a.operationalEfficiency === b.operationalEfficiency &&
  a.effort === b.effort &&
  a.confidence === b.confidence;

function changeStatus(state: InitiativeState, to: InitiativeStatus, rank: number | null): Decided<InitiativeEvent> {
  if (state.version === 0) return refuse(notFound());
  const allowed = INITIATIVE_TRANSITIONS[state.status];
  if (!allowed.includes(to)) {
    return refuse({
      code: 'INVALID_TRANSITION',
      field: ['status'],
      message: `A ${state.status} initiative cannot become ${to}${allowed.length ? `; it can become ${allowed.join(' or ')}` : '; it is final'}`,
    });
  }
  if (!OPEN_STATUSES.includes(to) && rank !== null) {
    return refuse({
      code: 'INVALID_TRANSITION',
      field: ['status'],
      message: `The initiative is at rank ${rank} on the priority list; take it off with removeFromPriorities (with the reason) before it becomes ${to}`,
    });
  }
  return accept({ type: 'InitiativeStatusChanged', payload: { from: state.status, to } });
}

function decide(command: InitiativeCommand, state: InitiativeState): Decided<InitiativeEvent> {
  switch (command.type) {
    case 'CreateInitiative':
      return creating(state, 'This initiative already exists', [], { type: 'InitiativeCreated', payload: command.data });
    case 'ReviseInitiative': {
      if (state.version === 0) return refuse(notFound());
      if (!isOpen(state)) return refuse(closed(state, 'revised'));
      const changes = changedFields(state, command.changes);
      if (Object.keys(changes).length === 0) return refuse(changesNothing());
      return accept({ type: 'InitiativeRevised', payload: { changes } });
    }
    case 'ScoreInitiative': {
      if (state.version === 0) return refuse(notFound());
      if (!isOpen(state)) return refuse(closed(state, 'scored'));
      const latest = latestScore(state);
      if (latest && latest.formulaVersion === SCORE_FORMULA_VERSION && sameInputs(latest, command.inputs)) {
        return refuse({ code: 'INVALID_INPUT', field: [], message: `The scores are the same as the current ones (score ${latest.score})` });
      }
      const { inputs } = command;
      return accept({
        type: 'InitiativeScored',
        payload: { ...inputs, formulaVersion: SCORE_FORMULA_VERSION, score: computeScore(inputs, SCORE_FORMULA_VERSION) },
      });
    }
    case 'ChangeInitiativeStatus':
      return changeStatus(state, command.status, command.rank);
  }
}

const evolve = evolving<InitiativeState, InitiativeEvent, 'InitiativeCreated' | 'InitiativeRevised'>(initialInitiativeState, { created: 'InitiativeCreated', revised: 'InitiativeRevised' }, (next, event, state) => {
  switch (event.type) {
    case 'InitiativeScored': {
      // Written out, not `{ ...payload, newKey }` (a slow path in V8 11, Node 20): see key-result.ts.
      const { customerImpact, businessImpact, operationalEfficiency, effort, confidence, formulaVersion, score } = event.payload;
      const scoring: InitiativeScore = {
        customerImpact,
        businessImpact,
        operationalEfficiency,
        effort,
        confidence,
        formulaVersion,
        score,
        scoredAt: event.recordedAt,
        scoredBy: event.actor,
        reason: event.reason,
        version: event.version,
      };
      next.scores = appended(state.scores, scoring);
      return next;
    }
    case 'InitiativeStatusChanged':
      next.status = event.payload.to;
      return next;
  }
});

export const initiatives = recordKind<InitiativeCommand, InitiativeState, InitiativeEvent>(INITIATIVE_STREAM, initiativeEvents, { initialState: initialInitiativeState, decide, evolve });
export const initiativeDecider = initiatives.decider;

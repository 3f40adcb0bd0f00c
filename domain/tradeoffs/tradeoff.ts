import type { ExternalLink } from '../links/links.ts';
import { TRADEOFF_STREAM, tradeoffEvents } from './events.ts';
import type { RecordLink } from '../common-fields.ts';
import type { RevisitOutcome, TradeoffContent, TradeoffEvent, TradeoffStatus } from './events.ts';
import { accept, creating, changesNothing, type Decided, type DomainError, type RecordedEvent, refuse, recordKind, evolving, unstamped, decided, type Stamps } from '../decider.ts';
import { changedFields } from '../changed-fields.ts';
import { appended } from '../lists.ts';

export type { RecordLink, RevisitOutcome, TradeoffContent, TradeoffStatus };

type Actor = RecordedEvent['actor'];

/** One look back at the tradeoff: what was concluded, by whom, when and why. */
export interface TradeoffRevisit {
  outcome: RevisitOutcome;
  nextRevisitBy: string | null;
  reason: string | null;
  revisitedAt: string;
  revisitedBy: Actor;
  /** Version of the tradeoff after the revisit. */
  version: number;
}

export interface TradeoffState extends TradeoffContent, Stamps {
  id: string;
  /** 0 until the tradeoff is noted. */
  version: number;
  status: TradeoffStatus;
  revisits: TradeoffRevisit[];
  tags: string[];
  links: ExternalLink[];
}

/** Linked records arrive checked: the API found each of them in the read models. */
export type TradeoffCommand =
  | { type: 'NoteTradeoff'; data: TradeoffContent }
  | { type: 'ReviseTradeoff'; changes: Partial<TradeoffContent> }
  | { type: 'RevisitTradeoff'; outcome: RevisitOutcome; nextRevisitBy: string | null };

export const initialTradeoffState = (id: string): TradeoffState => ({
  id,
  version: 0,
  title: '',
  chose: '',
  over: '',
  rationale: '',
  relatedTo: [],
  revisitBy: null,
  status: 'IN_EFFECT',
  revisits: [],
  ...unstamped(),
  tags: [],
  links: [],
});

const notFound = (): DomainError => ({ code: 'NOT_FOUND', field: ['id'], message: 'No tradeoff has this id' });

const reversed = (what: string): DomainError => ({
  code: 'INVALID_TRANSITION',
  field: ['id'],
  message: `A REVERSED tradeoff cannot be ${what}; note a new tradeoff for the choice made instead`,
});

const normalise = (text: string) => text.trim().toLowerCase();

function sameChoiceErrors(content: Pick<TradeoffContent, 'chose' | 'over'>, field: string[]): DomainError[] {
  return normalise(content.chose) === normalise(content.over)
    ? [{ code: 'INVALID_INPUT', field, message: 'What was chosen and what was given up for it must differ' }]
    : [];
}

function decide(command: TradeoffCommand, state: TradeoffState): Decided<TradeoffEvent> {
  switch (command.type) {
    case 'NoteTradeoff':
      return creating(state, 'This tradeoff is already noted', sameChoiceErrors(command.data, ['over']), { type: 'TradeoffNoted', payload: command.data });
    case 'ReviseTradeoff': {
      if (state.version === 0) return refuse(notFound());
      if (state.status === 'REVERSED') return refuse(reversed('revised'));
      const changes = changedFields(state, command.changes);
      if (Object.keys(changes).length === 0) return refuse(changesNothing());
      const errors = sameChoiceErrors({ ...state, ...changes }, 'over' in changes ? ['over'] : ['chose']);
      return decided(errors, { type: 'TradeoffRevised', payload: { changes } });
    }
    case 'RevisitTradeoff': {
      if (state.version === 0) return refuse(notFound());
      if (state.status === 'REVERSED') return refuse(reversed('revisited'));
      if (command.outcome === 'REVERSED' && command.nextRevisitBy !== null) {
        return refuse({
          code: 'INVALID_INPUT',
          field: ['nextRevisitBy'],
          message: 'A reversed tradeoff has nothing left to revisit; leave nextRevisitBy empty',
        });
      }
      return accept({ type: 'TradeoffRevisited', payload: { outcome: command.outcome, nextRevisitBy: command.nextRevisitBy } });
    }
  }
}

const evolve = evolving<TradeoffState, TradeoffEvent, 'TradeoffNoted' | 'TradeoffRevised'>(initialTradeoffState, { created: 'TradeoffNoted', revised: 'TradeoffRevised' }, (next, event, state) => {
  switch (event.type) {
    case 'TradeoffRevisited': {
      const { outcome, nextRevisitBy } = event.payload;
      const revisit: TradeoffRevisit = {
        outcome,
        nextRevisitBy,
        reason: event.reason,
        revisitedAt: event.recordedAt,
        revisitedBy: event.actor,
        version: event.version,
      };
      next.status = outcome === 'REVERSED' ? 'REVERSED' : 'IN_EFFECT';
      next.revisitBy = nextRevisitBy;
      next.revisits = appended(state.revisits, revisit);
      return next;
    }
  }
});

/** Due for revisit on `date` (ISO): in effect, with a revisit date on or before it. */
export const isDueForRevisit = (tradeoff: TradeoffState, date: string): boolean =>
  tradeoff.status === 'IN_EFFECT' && tradeoff.revisitBy !== null && tradeoff.revisitBy <= date;

export const tradeoffs = recordKind<TradeoffCommand, TradeoffState, TradeoffEvent>(TRADEOFF_STREAM, tradeoffEvents, { initialState: initialTradeoffState, decide, evolve });
export const tradeoffDecider = tradeoffs.decider;

import { CADENCE_ID, CADENCE_STREAM, cadenceEvents, type CadenceContent, type CadenceEvent } from './events.ts';
import { accept, recordKind, refuse, type Decided, type RecordedEvent } from '../decider.ts';
import { canonicalJson } from '../../events/integrity.ts';

export interface CadenceState extends CadenceContent {
  id: string;
  /** 0 while the defaults are in force (nobody set a cadence yet). */
  version: number;
  updatedAt: string | null;
}

export type CadenceCommand = { type: 'SetCadence'; cadence: CadenceContent };

/** In force until an ADMIN sets one: Friday 17:00 UTC, weekly check-ins, decisions proposed for at most 14 days. */
export const DEFAULT_CADENCE: CadenceContent = {
  timeZone: 'UTC',
  reportDeadline: { weekday: 'FRIDAY', time: '17:00' },
  checkInEveryWeeks: 1,
  checkInOverrides: {},
  proposedDecisionMaxDays: 14,
};

export const initialCadenceState = (id: string = CADENCE_ID): CadenceState => ({ id, version: 0, ...DEFAULT_CADENCE, updatedAt: null });

const contentOf = (s: CadenceState): CadenceContent => ({
  timeZone: s.timeZone,
  reportDeadline: s.reportDeadline,
  checkInEveryWeeks: s.checkInEveryWeeks,
  checkInOverrides: s.checkInOverrides,
  proposedDecisionMaxDays: s.proposedDecisionMaxDays,
});

// The cadence exists from the start (the defaults), so setting it is never NOT_FOUND.
function decide(command: CadenceCommand, state: CadenceState): Decided<CadenceEvent> {
  if (canonicalJson(contentOf(state)) === canonicalJson(command.cadence)) {
    return refuse({ code: 'INVALID_INPUT', field: [], message: 'This is the cadence in force already' });
  }
  return accept({ type: 'CadenceSet', payload: command.cadence });
}

const evolve = (state: CadenceState, event: RecordedEvent<CadenceEvent>): CadenceState => ({
  id: state.id,
  ...event.payload,
  version: event.version,
  updatedAt: event.recordedAt,
});

/** The weeks between check-ins of a key result. */
export const checkInEveryWeeksOf = (cadence: CadenceContent, keyResultId: string): number =>
  cadence.checkInOverrides[keyResultId] ?? cadence.checkInEveryWeeks;

export const cadences = recordKind<CadenceCommand, CadenceState, CadenceEvent>(CADENCE_STREAM, cadenceEvents, { initialState: initialCadenceState, decide, evolve });

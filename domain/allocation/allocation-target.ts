import { ALLOCATION_TARGET_STREAM, allocationTargetEvents } from './events.ts';
import type { AllocationTargetEvent, TargetEntry } from './events.ts';
import { accept, refuse, type Decided, type RecordedEvent, recordKind } from '../decider.ts';
import type { TeamState } from '../teams/team.ts';
import { categoryErrors, SUM_TOLERANCE, sumOf } from './taxonomy.ts';

/**
 * A target breakdown for one team (or the whole organisation, team null) from a week on. Targets
 * are never edited: a newer target replaces an older one from its `fromWeek` (see targetInForce).
 * A target may name only the categories it cares about, so its percents add up to 100 at most.
 */
export interface AllocationTargetState {
  id: string;
  team: string | null;
  fromWeek: string;
  taxonomyVersion: number;
  entries: TargetEntry[];
  /** Id of the decision behind the target. */
  decision: string | null;
  reason: string | null;
  /** 0 until the target is set. */
  version: number;
  createdAt: string;
  /** Global position of the setting event: later targets from the same week win. */
  position: number;
}

export type AllocationTargetCommand = {
  type: 'SetAllocationTarget';
  /** The team the target is for, as loaded by the caller (version 0 when it does not exist); null: org-wide. */
  team: TeamState | null;
  fromWeek: string;
  entries: TargetEntry[];
  taxonomyVersion: number;
  decision: string | null;
};

export const initialAllocationTargetState = (id: string): AllocationTargetState => ({
  id,
  team: null,
  fromWeek: '',
  taxonomyVersion: 0,
  entries: [],
  decision: null,
  reason: null,
  version: 0,
  createdAt: '',
  position: 0,
});

function decide(command: AllocationTargetCommand, state: AllocationTargetState): Decided<AllocationTargetEvent> {
  const { team, fromWeek, entries, taxonomyVersion, decision } = command;
  if (state.version > 0) return refuse({ code: 'INVALID_INPUT', field: ['id'], message: 'This target is already set; set a new one to replace it' });
  if (team && team.version === 0) return refuse({ code: 'NOT_FOUND', field: ['team'], message: `No team has the key "${team.key}"` });
  const errors = categoryErrors(entries, taxonomyVersion);
  const sum = sumOf(entries);
  if (sum > 100 + SUM_TOLERANCE) {
    errors.push({ code: 'INVALID_INPUT', field: ['entries'], message: `The target percents add up to ${sum}, more than 100` });
  }
  if (errors.length) return refuse(...errors);
  return accept({ type: 'AllocationTargetSet', payload: { team: team?.key ?? null, fromWeek, taxonomyVersion, entries, decision } });
}

function evolve(state: AllocationTargetState, event: RecordedEvent<AllocationTargetEvent>): AllocationTargetState {
  return { ...state, ...event.payload, reason: event.reason, version: event.version, createdAt: event.recordedAt, position: event.position };
}

export const allocationTargets = recordKind<AllocationTargetCommand, AllocationTargetState, AllocationTargetEvent>(ALLOCATION_TARGET_STREAM, allocationTargetEvents, { initialState: initialAllocationTargetState, decide, evolve });
export const allocationTargetDecider = allocationTargets.decider;

import { ALLOCATION_TARGET_STREAM, allocationTargetEvents } from './events.ts';
import type { AllocationTargetEvent, TargetEntry, TargetGroup } from './events.ts';
import { accept, refuse, type Decided, type RecordedEvent, recordKind } from '../decider.ts';
import type { TeamState } from '../teams/team.ts';
import { BUILT_IN_TAXONOMIES, breakdownIn, categoryErrors, SUM_TOLERANCE, sumOf, taxonomyInForce, versionErrors, type AllocationTaxonomy } from './taxonomy.ts';
import type { DomainError } from '../decider.ts';

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
  /** Targets on groups of breakdowns (built-in or the version's own). */
  groups: TargetGroup[];
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
  /** Targets on groups of breakdowns of the version in force at `fromWeek`. */
  groups?: TargetGroup[];
  /** Every taxonomy version published; default: the built-in version 1. */
  taxonomies?: readonly AllocationTaxonomy[];
  /** When given, the version the caller expects in force at `fromWeek`; refused if another one is. */
  taxonomyVersion?: number;
  decision: string | null;
};

export const initialAllocationTargetState = (id: string): AllocationTargetState => ({
  id,
  team: null,
  fromWeek: '',
  taxonomyVersion: 0,
  entries: [],
  groups: [],
  decision: null,
  reason: null,
  version: 0,
  createdAt: '',
  position: 0,
});

/** Each group target names a breakdown and a group of it in the version, once; a breakdown's groups add up to 100 at most. */
function groupErrors(groups: readonly TargetGroup[], taxonomy: AllocationTaxonomy): DomainError[] {
  const errors: DomainError[] = [];
  groups.forEach((goal, i) => {
    const breakdown = breakdownIn(taxonomy, goal.breakdown);
    const at = (field: string) => ['groups', String(i), field];
    if (!breakdown) {
      const known = taxonomy.breakdowns.map((b) => b.key).join(', ');
      errors.push({ code: 'INVALID_INPUT', field: at('breakdown'), message: `"${goal.breakdown}" is not a breakdown of taxonomy version ${taxonomy.version}; use one of ${known}` });
    } else if (!breakdown.groups.some((g) => g.key === goal.group)) {
      const known = breakdown.groups.map((g) => g.key).join(', ');
      errors.push({ code: 'INVALID_INPUT', field: at('group'), message: `"${goal.group}" is not a group of "${goal.breakdown}"; use one of ${known}` });
    } else if (groups.findIndex((o) => o.breakdown === goal.breakdown && o.group === goal.group) !== i) {
      errors.push({ code: 'INVALID_INPUT', field: at('group'), message: `"${goal.breakdown}" / "${goal.group}" appears more than once` });
    }
  });
  for (const breakdown of new Set(groups.map((g) => g.breakdown))) {
    const sum = sumOf(groups.filter((g) => g.breakdown === breakdown));
    if (sum > 100 + SUM_TOLERANCE) errors.push({ code: 'INVALID_INPUT', field: ['groups'], message: `The targets on "${breakdown}" add up to ${sum}, more than 100` });
  }
  return errors;
}

function decide(command: AllocationTargetCommand, state: AllocationTargetState): Decided<AllocationTargetEvent> {
  const { team, fromWeek, entries, decision } = command;
  const groups = command.groups ?? [];
  if (state.version > 0) return refuse({ code: 'INVALID_INPUT', field: ['id'], message: 'This target is already set; set a new one to replace it' });
  if (team && team.version === 0) return refuse({ code: 'NOT_FOUND', field: ['team'], message: `No team has the key "${team.key}"` });
  const taxonomy = taxonomyInForce(command.taxonomies ?? BUILT_IN_TAXONOMIES, fromWeek);
  const errors = [...versionErrors(command.taxonomyVersion, taxonomy, ['fromWeek'], fromWeek), ...categoryErrors(entries, taxonomy), ...groupErrors(groups, taxonomy)];
  const sum = sumOf(entries);
  if (sum > 100 + SUM_TOLERANCE) {
    errors.push({ code: 'INVALID_INPUT', field: ['entries'], message: `The target percents add up to ${sum}, more than 100` });
  }
  if (errors.length) return refuse(...errors);
  const payload = { team: team?.key ?? null, fromWeek, taxonomyVersion: taxonomy.version, entries, ...(groups.length ? { groups } : {}), decision };
  return accept({ type: 'AllocationTargetSet', payload });
}

function evolve(state: AllocationTargetState, event: RecordedEvent<AllocationTargetEvent>): AllocationTargetState {
  return { ...state, ...event.payload, groups: event.payload.groups ?? [], reason: event.reason, version: event.version, createdAt: event.recordedAt, position: event.position };
}

export const allocationTargets = recordKind<AllocationTargetCommand, AllocationTargetState, AllocationTargetEvent>(ALLOCATION_TARGET_STREAM, allocationTargetEvents, { initialState: initialAllocationTargetState, decide, evolve });
export const allocationTargetDecider = allocationTargets.decider;

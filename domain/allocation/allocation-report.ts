import { ALLOCATION_REPORT_STREAM, allocationReportEvents } from './events.ts';
import type { AllocationEntry, AllocationReportEvent } from './events.ts';
import { accept, refuse, type Decided, type DomainError, type RecordedEvent, recordKind } from '../decider.ts';
import { headcountAt, teamSince, type TeamState } from '../teams/team.ts';
import { BUILT_IN_TAXONOMIES, categoryErrors, SUM_TOLERANCE, sumOf, taxonomyInForce, versionErrors, type AllocationTaxonomy } from './taxonomy.ts';

/**
 * One team's breakdown of one ISO week; a second report for the week is a correction. A team
 * reports only weeks it has a headcount in force (from its first effectiveWeek on): the org-wide
 * rollup weighs every report by that headcount.
 */
export interface AllocationReportState {
  /** `<team>.<week>`: the stream id. */
  id: string;
  team: string;
  week: string;
  taxonomyVersion: number;
  entries: AllocationEntry[];
  /** 0 until the week is reported; 1 + the number of corrections after. */
  version: number;
  corrections: number;
  createdAt: string;
  updatedAt: string;
  createdPosition: number;
}

export type AllocationReportCommand = {
  type: 'ReportAllocation';
  /** The team reporting, as loaded by the caller (version 0 when it does not exist). */
  team: TeamState;
  week: string;
  entries: AllocationEntry[];
  /** Every taxonomy version published (the allocation-taxonomy record's); default: the built-in version 1. */
  taxonomies?: readonly AllocationTaxonomy[];
  /** When given, the version the caller expects in force for the week; refused if another one is. */
  taxonomyVersion?: number;
  /** Required for a correction; kept in the event envelope. */
  reason: string | null;
};

export const initialAllocationReportState = (id: string): AllocationReportState => ({
  id,
  team: '',
  week: '',
  taxonomyVersion: 0,
  entries: [],
  version: 0,
  corrections: 0,
  createdAt: '',
  updatedAt: '',
  createdPosition: 0,
});

/** Errors shared by every breakdown of a whole week: known, distinct categories summing to 100 (within SUM_TOLERANCE). */
export function breakdownErrors(entries: readonly AllocationEntry[], taxonomy: AllocationTaxonomy): DomainError[] {
  const errors = categoryErrors(entries, taxonomy);
  const sum = sumOf(entries);
  if (Math.abs(sum - 100) > SUM_TOLERANCE) {
    errors.push({ code: 'INVALID_INPUT', field: ['entries'], message: `The percents add up to ${sum}, not 100 (within ${SUM_TOLERANCE})` });
  }
  return errors;
}

/** The same breakdown, whatever the order of the entries and whether zero entries are listed. */
function sameBreakdown(a: readonly AllocationEntry[], b: readonly AllocationEntry[]): boolean {
  const nonZero = (entries: readonly AllocationEntry[]) =>
    JSON.stringify(entries.filter((e) => e.percent !== 0).map((e) => [e.category, e.percent]).sort());
  return nonZero(a) === nonZero(b);
}

function decide(command: AllocationReportCommand, state: AllocationReportState): Decided<AllocationReportEvent> {
  const { team, week, entries } = command;
  if (team.version === 0) return refuse({ code: 'NOT_FOUND', field: ['team'], message: `No team has the key "${team.key}"` });
  const taxonomy = taxonomyInForce(command.taxonomies ?? BUILT_IN_TAXONOMIES, week);
  const taxonomyVersion = taxonomy.version;
  const errors = [...versionErrors(command.taxonomyVersion, taxonomy, ['week'], week), ...breakdownErrors(entries, taxonomy)];
  if (headcountAt(team, week) === undefined) {
    errors.push({
      code: 'INVALID_INPUT',
      field: ['week'],
      message:
        `Team "${team.key}" exists from ${teamSince(team)}, after ${week}; ` +
        'to report earlier weeks, first record its headcount then (reviseTeam with effectiveWeek)',
    });
  }
  const payload = { team: team.key, week, taxonomyVersion, entries };
  if (state.version === 0) return errors.length ? refuse(...errors) : accept({ type: 'AllocationReported', payload });

  if (!command.reason) {
    errors.push({
      code: 'INVALID_INPUT',
      field: ['reason'],
      message: `Team "${team.key}" already reported ${week}; a correction needs a reason`,
    });
  }
  if (errors.length === 0 && taxonomyVersion === state.taxonomyVersion && sameBreakdown(entries, state.entries)) {
    errors.push({ code: 'INVALID_INPUT', field: ['entries'], message: `The correction changes nothing: ${week} already has this breakdown` });
  }
  return errors.length ? refuse(...errors) : accept({ type: 'AllocationReportCorrected', payload });
}

function evolve(state: AllocationReportState, event: RecordedEvent<AllocationReportEvent>): AllocationReportState {
  const next: AllocationReportState = { ...state, ...event.payload, version: event.version, updatedAt: event.recordedAt };
  return event.type === 'AllocationReported'
    ? { ...next, createdAt: event.recordedAt, createdPosition: event.position }
    : { ...next, corrections: state.corrections + 1 };
}

export const allocationReports = recordKind<AllocationReportCommand, AllocationReportState, AllocationReportEvent>(ALLOCATION_REPORT_STREAM, allocationReportEvents, { initialState: initialAllocationReportState, decide, evolve });
export const allocationReportDecider = allocationReports.decider;

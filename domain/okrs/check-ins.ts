import type { CheckInPayload, CheckInStatus, KeyResultEvent, Measure } from './key-result-events.ts';
import { accept, refuse, type Decided, type DomainError, type RecordedEvent } from '../decider.ts';
import { cycleEnd, cycleStart, dayNumber, elapsedFraction, isInCycle, type CycleRange } from './cycle.ts';
import { deriveStatus, progressOf } from './progress.ts';
import { appended } from '../lists.ts';
import type { ExternalLink } from '../links/links.ts';

/** One recorded check-in of a key result. */
export interface CheckIn extends CheckInPayload {
  links: ExternalLink[];
  keyResultId: string;
  /** Stream version of its event: with the key result id, the check-in's id. */
  version: number;
  /** Version of the check-in that corrected this one, if any. */
  correctedBy: number | null;
  recordedAt: string;
  recordedBy: RecordedEvent['actor'];
}

/** What a reporter gives; `value` or `done` (milestones), the status only when they want to override the derived one. */
export interface CheckInInput {
  value: number | null;
  done: boolean | null;
  confidence: number;
  status: CheckInStatus | null;
  note: string | null;
  reportedFor: string;
  /** Stream version of the check-in this one corrects. */
  corrects: number | null;
  /** Evidence outside the ledger; none when absent. */
  links?: ExternalLink[];
}

/** The parts of a key result's state a check-in is decided against. */
interface CheckInTarget {
  version: number;
  cycle: string;
  /** The dates of a cycle the org defined; null for a calendar quarter. */
  cycleRange: CycleRange | null;
  measure: Measure;
  checkIns: readonly CheckIn[];
}

/** How many days after the caller's `today` a business date may be: time zones ahead of UTC are already there. */
const FUTURE_SLACK_DAYS = 1;

export const checkInId = (keyResultId: string, version: number): string => `${keyResultId}:${version}`;

/** `<keyResultId>:<version>` -> its parts, or null. */
export function parseCheckInId(id: string): { keyResultId: string; version: number } | null {
  const match = /^(.+):([1-9]\d*)$/.exec(id);
  return match ? { keyResultId: match[1]!, version: Number(match[2]) } : null;
}

/** The check-ins that stand: corrected ones replaced by their corrections, ordered by business date (then recording order). */
export function checkInSeries(checkIns: readonly CheckIn[]): CheckIn[] {
  return checkIns.filter((c) => c.correctedBy === null).sort(byBusinessDate);
}

// reportedFor is an ISO date (YYYY-MM-DD): plain string order is date order, without localeCompare's collation.
const byBusinessDate = (a: CheckIn, b: CheckIn): number =>
  a.reportedFor < b.reportedFor ? -1 : a.reportedFor > b.reportedFor ? 1 : a.version - b.version;

/** The standing check-in with the latest business date (the last recorded one on a tie), if any. */
export function latestCheckIn(checkIns: readonly CheckIn[]): CheckIn | undefined {
  // The last of checkInSeries, in one pass: the read models ask for it on every check-in (objective status).
  let latest: CheckIn | undefined;
  for (const checkIn of checkIns) {
    if (checkIn.correctedBy === null && (!latest || byBusinessDate(checkIn, latest) > 0)) latest = checkIn;
  }
  return latest;
}

/** A value the key result's kind accepts: any number for a metric, 0/1 or `done` for a milestone. */
function valueOf(measure: Measure, input: CheckInInput): { value: number } | { error: DomainError } {
  const invalid = (field: string, message: string) => ({ error: { code: 'INVALID_INPUT' as const, field: [field], message } });
  if (measure.kind === 'METRIC') {
    if (input.done !== null) return invalid('done', 'done is for milestone key results; give the metric value instead');
    if (input.value === null) return invalid('value', 'A metric check-in needs a value');
    return { value: input.value };
  }
  if (input.value !== null && input.value !== 0 && input.value !== 1) return invalid('value', 'A milestone value is 0 (not done) or 1 (done)');
  const done = input.done ?? (input.value === null ? null : input.value === 1);
  if (done === null) return invalid('done', 'A milestone check-in says whether it is done (done, or value 0 or 1)');
  if (input.value !== null && input.done !== null && (input.value === 1) !== input.done) {
    return invalid('value', 'value and done disagree');
  }
  return { value: done ? 1 : 0 };
}

function correctionError(checkIns: readonly CheckIn[], corrects: number): DomainError | null {
  const corrected = checkIns.find((c) => c.version === corrects);
  if (!corrected) return { code: 'NOT_FOUND', field: ['corrects'], message: 'This key result has no such check-in' };
  if (corrected.correctedBy !== null) {
    return {
      code: 'INVALID_TRANSITION',
      field: ['corrects'],
      message: `That check-in was already corrected (by version ${corrected.correctedBy}); correct the latest correction instead`,
    };
  }
  return null;
}

/**
 * Rules of a check-in: a value the kind accepts, a business date inside the cycle and not in the
 * future (one day of slack), a correction only of a standing check-in of this key result. Without a
 * status, the status is derived (see deriveStatus) from the progress at that date.
 */
export function decideCheckIn(state: CheckInTarget, input: CheckInInput, today: string): Decided<KeyResultEvent> {
  const errors: DomainError[] = [];
  const value = valueOf(state.measure, input);
  if ('error' in value) errors.push(value.error);
  if (!isInCycle(state.cycle, input.reportedFor, state.cycleRange)) {
    errors.push({
      code: 'INVALID_INPUT',
      field: ['reportedFor'],
      message: `must be a date inside ${state.cycle} (${cycleStart(state.cycle, state.cycleRange)} to ${cycleEnd(state.cycle, state.cycleRange)})`,
    });
  } else if (dayNumber(input.reportedFor)! > dayNumber(today)! + FUTURE_SLACK_DAYS) {
    errors.push({ code: 'INVALID_INPUT', field: ['reportedFor'], message: `is in the future (today is ${today})` });
  }
  const correction = input.corrects === null ? null : correctionError(state.checkIns, input.corrects);
  if (correction) errors.push(correction);
  if (errors.length || 'error' in value) return refuse(...errors);

  const status =
    input.status ??
    deriveStatus({
      measure: state.measure,
      progress: progressOf(state.measure, value.value),
      elapsed: elapsedFraction(state.cycle, input.reportedFor, state.cycleRange),
      confidence: input.confidence,
    });
  return accept({
    type: 'KeyResultCheckedIn',
    payload: {
      value: value.value,
      confidence: input.confidence,
      status,
      statusDerived: input.status === null,
      note: input.note,
      ...(input.links?.length ? { links: input.links } : {}),
      reportedFor: input.reportedFor,
      corrects: input.corrects,
    },
  });
}

/** The check-in list after a check-in event: appended (see appended), and the corrected one marked. */
export function withCheckIn(checkIns: readonly CheckIn[], checkIn: CheckIn): CheckIn[] {
  return appended(checkIn.corrects === null ? checkIns : withCorrected(checkIns, checkIn.corrects, checkIn.version), checkIn);
}

function withCorrected(checkIns: readonly CheckIn[], version: number, by: number): CheckIn[] {
  return checkIns.map((c) => (c.version === version ? markCorrected(c, by) : c));
}

function markCorrected(checkIn: CheckIn, by: number): CheckIn {
  const marked = { ...checkIn };
  marked.correctedBy = by;
  return marked;
}

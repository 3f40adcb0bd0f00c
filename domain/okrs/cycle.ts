/**
 * OKR cycles are calendar quarters written `YYYY-Qn` (e.g. `2026-Q4`), and business dates are ISO
 * dates `YYYY-MM-DD`. All arithmetic is on whole UTC days, so results never depend on the time zone
 * of the machine.
 */

export interface Cycle {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

const CYCLE_PATTERN = /^(\d{4})-Q([1-4])$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** `2026-Q4` -> { year: 2026, quarter: 4 }; anything else -> null. */
export function parseCycle(text: string): Cycle | null {
  const match = CYCLE_PATTERN.exec(text);
  if (!match) return null;
  return { year: Number(match[1]), quarter: Number(match[2]) as Cycle['quarter'] };
}

export const formatCycle = ({ year, quarter }: Cycle): string => `${year}-Q${quarter}`;

/** Days since 1970-01-01 of a valid ISO date (`YYYY-MM-DD`), or null for anything else (e.g. 2026-02-30). */
export function dayNumber(date: string): number | null {
  const match = DATE_PATTERN.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const back = new Date(time);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return time / DAY_MS;
}

export const isIsoDate = (date: string): boolean => dayNumber(date) !== null;

const isoDateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The ISO date (UTC) of a timestamp such as an event's `recordedAt`. */
export const isoDateOf = (timestamp: string | Date): string => new Date(timestamp).toISOString().slice(0, 10);

function requireCycle(cycle: string): Cycle {
  const parsed = parseCycle(cycle);
  if (!parsed) throw new RangeError(`"${cycle}" is not a cycle (expected YYYY-Qn)`);
  return parsed;
}

const firstDay = ({ year, quarter }: Cycle): number => Date.UTC(year, (quarter - 1) * 3, 1) / DAY_MS;
/** The first day of the next quarter (exclusive end). */
const endDay = ({ year, quarter }: Cycle): number => Date.UTC(year, quarter * 3, 1) / DAY_MS;

/**
 * The dates of a cycle the organisation defined (`defineCycles`), first and last day included.
 * A record naming such a cycle keeps the dates it had when the record was made; a record without
 * them names a calendar quarter.
 */
export interface CycleRange {
  start: string;
  end: string;
}

/** First day of the cycle, e.g. `2026-Q4` -> `2026-10-01`. */
export const cycleStart = (cycle: string, range?: CycleRange | null): string =>
  range ? range.start : isoDateOfDay(firstDay(requireCycle(cycle)));

/** Last day of the cycle (inclusive), e.g. `2026-Q4` -> `2026-12-31`. */
export const cycleEnd = (cycle: string, range?: CycleRange | null): string =>
  range ? range.end : isoDateOfDay(endDay(requireCycle(cycle)) - 1);

/** First day and the day after the last, as day numbers. */
function days(cycle: string, range?: CycleRange | null): [number, number] {
  if (range) return [dayNumber(range.start)!, dayNumber(range.end)! + 1];
  const parsed = requireCycle(cycle);
  return [firstDay(parsed), endDay(parsed)];
}

/** The quarter a date or timestamp falls in, e.g. `2026-11-15` -> `2026-Q4`. */
export function cycleOf(dateOrTimestamp: string | Date): string {
  const date = new Date(dateOrTimestamp);
  return formatCycle({ year: date.getUTCFullYear(), quarter: (Math.floor(date.getUTCMonth() / 3) + 1) as Cycle['quarter'] });
}

/** Whether an ISO date lies inside the cycle (first and last day included). */
export function isInCycle(cycle: string, date: string, range?: CycleRange | null): boolean {
  const day = dayNumber(date);
  const [start, end] = days(cycle, range);
  return day !== null && day >= start && day < end;
}

/**
 * How much of the cycle has passed at the start of `date`: 0 on the first day, (n-1)/n on the last,
 * clamped to 0 before the cycle and 1 after it. A check-in reports the state of its business date,
 * so on the first day nothing is expected yet.
 */
export function elapsedFraction(cycle: string, date: string, range?: CycleRange | null): number {
  const day = dayNumber(date);
  if (day === null) throw new RangeError(`"${date}" is not an ISO date (YYYY-MM-DD)`);
  const [start, end] = days(cycle, range);
  const fraction = (day - start) / (end - start);
  return Math.min(1, Math.max(0, fraction));
}

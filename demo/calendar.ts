/** The seed's calendar: which quarters, which weeks, which have ended. */
import { addWeeks, isoWeekOf, weekStartDate } from '../domain/allocation/iso-week.ts';
import { cycleEnd, cycleStart, formatCycle, isoDateOf, parseCycle, type Cycle } from '../domain/okrs/cycle.ts';
import type { QuarterKey } from './data/people.ts';

export interface SeedWeek {
  /** 1..n inside the quarter. */
  index: number;
  /** ISO week, e.g. 2026-W27. */
  week: string;
  /** The business date of the week's check-ins: its Friday, or the quarter's last day if earlier. */
  friday: string;
}

export interface SeedQuarter {
  key: QuarterKey;
  cycle: string;
  /** The ISO weeks whose Thursday falls in the quarter. */
  weeks: SeedWeek[];
  /** The weeks whose Friday has come. */
  elapsed: SeedWeek[];
}

export interface SeedPlan {
  previous: SeedQuarter;
  current: SeedQuarter;
  asOf: string;
}

const DAY_MS = 86_400_000;
export const plusDays = (date: string, days: number): string => isoDateOf(new Date(Date.parse(date) + days * DAY_MS));
const earlier = (a: string, b: string): string => (a < b ? a : b);

export function shiftCycle(cycle: string, quarters: number): string {
  const { year, quarter } = parseCycle(cycle)!;
  const n = year * 4 + quarter - 1 + quarters;
  return formatCycle({ year: Math.floor(n / 4), quarter: ((n % 4) + 1) as Cycle['quarter'] });
}

export function quarterWeeks(cycle: string): SeedWeek[] {
  const [first, last] = [cycleStart(cycle), cycleEnd(cycle)];
  const weeks: SeedWeek[] = [];
  for (let week = isoWeekOf(first); ; week = addWeeks(week, 1)) {
    const thursday = plusDays(weekStartDate(week), 3);
    if (thursday > last) return weeks;
    if (thursday >= first) weeks.push({ index: weeks.length + 1, week, friday: earlier(plusDays(thursday, 1), last) });
  }
}

/** The previous quarter in full, the one after it up to `today` (at most to its end). */
export function planQuarters(previousCycle: string, today: string): SeedPlan {
  const currentCycle = shiftCycle(previousCycle, 1);
  const cutoff = earlier(today, cycleEnd(currentCycle));
  const quarter = (key: QuarterKey, cycle: string): SeedQuarter => {
    const weeks = quarterWeeks(cycle);
    return { key, cycle, weeks, elapsed: weeks.filter((w) => w.friday <= cutoff) };
  };
  return { previous: quarter('previous', previousCycle), current: quarter('current', currentCycle), asOf: cutoff };
}

/**
 * When the story's moments happen (UTC), as the seed's clock records them: a quarter's planning at
 * 09:00 on its first day, a week's check-ins, reports and decisions at 15:00 on its Friday (the
 * business date of its check-ins), the quarter's grading and closing at 18:00 on its last day.
 * Each is later than the one before, across quarters too.
 */
export const planningAt = (cycle: string): string => `${cycleStart(cycle)}T09:00:00.000Z`;
export const weekAt = (week: SeedWeek): string => `${week.friday}T15:00:00.000Z`;
export const closingAt = (cycle: string): string => `${cycleEnd(cycle)}T18:00:00.000Z`;

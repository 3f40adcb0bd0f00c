import { DateTime, IANAZone, type WeekdayNumbers } from 'luxon';
import { isoWeekOf, parseIsoWeek } from '../allocation/iso-week.ts';

/**
 * The organisation's calendar: ISO weeks and weekly deadlines in its time zone. All time-zone
 * arithmetic is luxon's (over the platform's Intl time-zone data), none of it hand-written.
 * A deadline is a weekday and a wall-clock time in the zone, e.g. Friday 17:00 Europe/Berlin.
 */

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WeeklyDeadline {
  weekday: Weekday;
  /** Wall-clock time in the organisation's zone, `HH:MM` (24 h). */
  time: string;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const isWallTime = (time: string): boolean => TIME.test(time);

/** Whether `zone` is an IANA time zone the platform knows (e.g. `Europe/Berlin`, `UTC`). */
export const isTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);

function hourMinute(time: string): { hour: number; minute: number } {
  const match = TIME.exec(time);
  if (!match) throw new RangeError(`"${time}" is not a time written HH:MM`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

const weekdayNumber = (weekday: Weekday): WeekdayNumbers => (WEEKDAYS.indexOf(weekday) + 1) as WeekdayNumbers;

function weekParts(week: string): { weekYear: number; weekNumber: number } {
  const parsed = parseIsoWeek(week);
  if (!parsed) throw new RangeError(`"${week}" is not an ISO week`);
  return { weekYear: parsed.year, weekNumber: parsed.week };
}

/** The wall-clock deadline of `week` in `zone`, as luxon builds it (a time in a spring-forward gap moves forward). */
function localDeadline(week: string, deadline: WeeklyDeadline, zone: string): DateTime {
  return DateTime.fromObject({ ...weekParts(week), weekday: weekdayNumber(deadline.weekday), ...hourMinute(deadline.time) }, { zone });
}

/**
 * The instant of `week`'s deadline. A wall-clock time that a DST change skips that week cannot be
 * set (see `missingDeadline`); should a zone's rules change later, it moves forward by the gap. Of
 * a time that happens twice (clocks going back), the earlier one counts.
 */
export function deadlineOf(week: string, deadline: WeeklyDeadline, zone: string): Date {
  return localDeadline(week, deadline, zone).toJSDate();
}

/** The ISO week (`2026-W53`) an instant falls in, in `zone`. */
export function weekIn(instant: Date | string, zone: string): string {
  const local = DateTime.fromJSDate(new Date(instant), { zone });
  return `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`;
}

/** The calendar date (`YYYY-MM-DD`) of an instant in `zone`. */
export function dateIn(instant: Date | string, zone: string): string {
  return DateTime.fromJSDate(new Date(instant), { zone }).toISODate()!;
}

/** The ISO week of a calendar date (a business date such as a check-in's `reportedFor`). */
export const weekOfDate = (date: string): string => isoWeekOf(`${date}T12:00:00Z`);

/**
 * The first week from `fromYear` to `toYear` (ISO week-years, both included) whose deadline does not
 * exist on the clock of `zone` (the hour a DST change skips), or null when every week has it.
 */
export function missingDeadline(deadline: WeeklyDeadline, zone: string, fromYear: number, toYear: number): string | null {
  const { hour, minute } = hourMinute(deadline.time);
  for (let year = fromYear; year <= toYear; year += 1) {
    const weeks = DateTime.fromObject({ year, month: 12, day: 28 }, { zone: 'UTC' }).weekNumber;
    for (let weekNumber = 1; weekNumber <= weeks; weekNumber += 1) {
      const week = `${year}-W${String(weekNumber).padStart(2, '0')}`;
      const local = localDeadline(week, deadline, zone);
      if (local.hour !== hour || local.minute !== minute) return week;
    }
  }
  return null;
}

/** `YYYY-MM-DDTHH:MM` in `zone`, with its offset: how a deadline reads to the people who have it. */
export const localTimeText = (instant: Date, zone: string): string =>
  DateTime.fromJSDate(instant, { zone }).toFormat("ccc d LLL yyyy HH:mm ZZ '('z')'");

/** The ISO week `weeks` weeks after `week` (before, when negative), across year ends. */
export function shiftWeek(week: string, weeks: number): string {
  const shifted = DateTime.fromObject({ ...weekParts(week), weekday: 1 }, { zone: 'UTC' }).plus({ weeks });
  return `${shifted.weekYear}-W${String(shifted.weekNumber).padStart(2, '0')}`;
}

import { z } from 'zod';

/**
 * ISO 8601 week arithmetic on `YYYY-Www` strings (e.g. `2026-W47`), all in UTC.
 * Weeks start on Monday; week 1 is the week with the year's first Thursday, so a year has 52 or
 * 53 weeks. Zero-padded week strings sort lexicographically in time order, so plain string
 * comparison orders them.
 */

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const PATTERN = /^(\d{4})-W(\d{2})$/;

export interface IsoWeek {
  year: number;
  week: number;
}

/** Day of the week, Monday = 0 ... Sunday = 6. */
const weekday = (date: Date): number => (date.getUTCDay() + 6) % 7;

const formatWeek = ({ year, week }: IsoWeek): string => `${year}-W${String(week).padStart(2, '0')}`;

/** The ISO week a moment falls in (UTC). */
export function isoWeekOf(moment: Date | string): string {
  const date = new Date(moment);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  // The Thursday of the same week decides the week-year.
  const thursday = new Date(day + (3 - weekday(date)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS);
  return formatWeek({ year, week });
}

/** 53 for long years (those whose 28 December, always in the last week, is in week 53), else 52. */
export function weeksInYear(year: number): number {
  return Number(isoWeekOf(new Date(Date.UTC(year, 11, 28))).slice(6));
}

/** The year and week of a valid week string, or null (bad format, a year before 1970, week 00, or week 53 of a 52-week year). */
export function parseIsoWeek(text: string): IsoWeek | null {
  const match = PATTERN.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (year < 1970 || week < 1 || week > weeksInYear(year)) return null;
  return { year, week };
}

export const isIsoWeek = (text: string): boolean => parseIsoWeek(text) !== null;

/** An ISO week as input: `2026-W47`, a week number the year really has. */
export const IsoWeekSchema = z
  .string()
  .trim()
  .refine(isIsoWeek, 'must be an ISO week like 2026-W47 (week 01 to 52, or 53 in years that have one)');

function parsed(text: string): IsoWeek {
  const week = parseIsoWeek(text);
  if (!week) throw new RangeError(`"${text}" is not an ISO week`);
  return week;
}

/** The Monday (00:00 UTC) that starts a week. */
export function weekStart(text: string): Date {
  const { year, week } = parsed(text);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  return new Date(jan4.getTime() - weekday(jan4) * DAY_MS + (week - 1) * WEEK_MS);
}

/** The Monday that starts a week, as a date: `2026-W47` -> `2026-11-16`. */
export const weekStartDate = (text: string): string => weekStart(text).toISOString().slice(0, 10);

/** Weeks since the week of 1970-01-01 (a Thursday, hence the 3 days): a stable numeric key for a week. */
export const weekIndex = (text: string): number => (weekStart(text).getTime() + 3 * DAY_MS) / WEEK_MS;

export const addWeeks = (text: string, weeks: number): string => isoWeekOf(new Date(weekStart(text).getTime() + weeks * WEEK_MS));

/** Whole weeks from `from` to `to` (negative when `to` is earlier). */
export const weeksBetween = (from: string, to: string): number => weekIndex(to) - weekIndex(from);

/** Every week from `from` to `to`, both included (empty when `to` is before `from`). */
export function weekRange(from: string, to: string): string[] {
  const count = weeksBetween(from, to) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => addWeeks(from, i));
}

/** Something that takes effect from a week on, recorded at a log position. */
export interface FromWeek {
  fromWeek: string;
  position: number;
}

const later = (a: FromWeek, b: FromWeek): boolean => a.fromWeek > b.fromWeek || (a.fromWeek === b.fromWeek && a.position > b.position);

/** The entry that takes effect last: latest `fromWeek`, and of several from one week the one recorded last. */
export function latestOf<T extends FromWeek>(entries: Iterable<T>): T | undefined {
  let best: T | undefined;
  for (const entry of entries) if (!best || later(entry, best)) best = entry;
  return best;
}

/** The entry in force at `week`: the latest of those that start at or before it (undefined when all start later). */
export const inForceAt = <T extends FromWeek>(entries: readonly T[], week: string): T | undefined =>
  latestOf(entries.filter((entry) => entry.fromWeek <= week));

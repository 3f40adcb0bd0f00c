import { describe, expect, it } from 'vitest';
import {
  addWeeks,
  inForceAt,
  isIsoWeek,
  isoWeekOf,
  IsoWeekSchema,
  latestOf,
  parseIsoWeek,
  weekIndex,
  weekRange,
  weeksBetween,
  weeksInYear,
  weekStart,
  weekStartDate,
} from '../../domain/allocation/iso-week.ts';

describe('isoWeekOf', () => {
  it.each([
    ['2026-11-16T00:00:00Z', '2026-W47'], // a Monday
    ['2026-11-22T23:59:59Z', '2026-W47'], // the Sunday after
    ['2026-01-01T12:00:00Z', '2026-W01'], // a Thursday: week 1 of its own year
    ['2025-12-29T00:00:00Z', '2026-W01'], // a Monday in December that belongs to next year's week 1
    ['2027-01-01T00:00:00Z', '2026-W53'], // a Friday in January that belongs to last year's week 53
    ['2021-01-03T00:00:00Z', '2020-W53'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
    ['2023-01-01T00:00:00Z', '2022-W52'],
  ])('puts %s in %s', (moment, week) => {
    expect(isoWeekOf(moment)).toBe(week);
  });

  it('uses UTC, not the local time zone', () => {
    expect(isoWeekOf(new Date(Date.UTC(2026, 10, 22, 23, 30)))).toBe('2026-W47');
  });
});

describe('weeksInYear', () => {
  it.each([
    [2015, 53], // starts on a Thursday
    [2020, 53], // leap year starting on a Wednesday
    [2026, 53], // starts on a Thursday
    [2025, 52], // starts on a Wednesday, not a leap year
    [2024, 52],
    [2027, 52],
  ])('gives %i %i weeks', (year, weeks) => {
    expect(weeksInYear(year)).toBe(weeks);
  });
});

describe('parseIsoWeek / isIsoWeek', () => {
  it('reads a valid week', () => {
    expect(parseIsoWeek('2026-W47')).toEqual({ year: 2026, week: 47 });
    expect(isIsoWeek('2026-W53')).toBe(true);
  });

  it.each(['2025-W53', '2026-W00', '2026-W54', '2026-W7', '2026W47', '2026-w47', ' 2026-W47', '1969-W10', '26-W47', ''])(
    'refuses "%s"',
    (text) => {
      expect(parseIsoWeek(text)).toBeNull();
      expect(isIsoWeek(text)).toBe(false);
    },
  );

  it('as an input schema, trims and explains what is wrong', () => {
    expect(IsoWeekSchema.parse(' 2026-W47 ')).toBe('2026-W47');
    const result = IsoWeekSchema.safeParse('2025-W53');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/ISO week like 2026-W47/);
  });
});

describe('week arithmetic', () => {
  it('finds the Monday a week starts on', () => {
    expect(weekStart('2026-W47').toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(weekStartDate('2026-W01')).toBe('2025-12-29');
    expect(weekStartDate('2020-W53')).toBe('2020-12-28');
    expect(() => weekStart('2025-W53')).toThrow(RangeError);
  });

  it('round-trips every week of a long and a short year', () => {
    for (const year of [2025, 2026]) {
      for (let week = 1; week <= weeksInYear(year); week += 1) {
        const text = `${year}-W${String(week).padStart(2, '0')}`;
        expect(isoWeekOf(weekStart(text))).toBe(text);
      }
    }
  });

  it('adds weeks across year ends, both ways', () => {
    expect(addWeeks('2026-W52', 1)).toBe('2026-W53');
    expect(addWeeks('2026-W53', 1)).toBe('2027-W01');
    expect(addWeeks('2025-W52', 1)).toBe('2026-W01');
    expect(addWeeks('2026-W01', -1)).toBe('2025-W52');
    expect(addWeeks('2026-W47', 0)).toBe('2026-W47');
  });

  it('counts weeks between two weeks and numbers weeks consecutively', () => {
    expect(weeksBetween('2026-W50', '2027-W02')).toBe(5);
    expect(weeksBetween('2027-W02', '2026-W50')).toBe(-5);
    expect(weekIndex('2027-W01') - weekIndex('2026-W53')).toBe(1);
    expect(weekIndex('1970-W01')).toBe(0);
  });

  it('lists a range, both ends included, and nothing when it is backwards', () => {
    expect(weekRange('2026-W52', '2027-W02')).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
    expect(weekRange('2026-W10', '2026-W10')).toEqual(['2026-W10']);
    expect(weekRange('2026-W11', '2026-W10')).toEqual([]);
  });

  it('orders weeks as strings in time order', () => {
    const weeks = ['2027-W01', '2026-W09', '2026-W53', '2026-W10'];
    expect([...weeks].sort()).toEqual(['2026-W09', '2026-W10', '2026-W53', '2027-W01']);
  });
});

describe('inForceAt / latestOf', () => {
  const entries = [
    { fromWeek: '2026-W10', position: 1, value: 'a' },
    { fromWeek: '2026-W20', position: 2, value: 'b' },
    { fromWeek: '2026-W05', position: 3, value: 'backdated' },
    { fromWeek: '2026-W20', position: 4, value: 'b, restated' },
  ];

  it('picks the entry with the latest start not after the week', () => {
    expect(inForceAt(entries, '2026-W04')).toBeUndefined();
    expect(inForceAt(entries, '2026-W05')?.value).toBe('backdated');
    expect(inForceAt(entries, '2026-W19')?.value).toBe('a');
  });

  it('of entries starting the same week, picks the one recorded last', () => {
    expect(inForceAt(entries, '2026-W20')?.value).toBe('b, restated');
    expect(latestOf(entries)?.value).toBe('b, restated');
    expect(latestOf([])).toBeUndefined();
  });
});

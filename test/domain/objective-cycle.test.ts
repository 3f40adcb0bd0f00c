import { describe, expect, it } from 'vitest';
import {
  cycleEnd,
  cycleOf,
  cycleStart,
  dayNumber,
  elapsedFraction,
  formatCycle,
  isInCycle,
  isIsoDate,
  isoDateOf,
  parseCycle,
} from '../../domain/okrs/cycle.ts';

describe('cycles (quarters)', () => {
  it('parses YYYY-Qn and formats it back', () => {
    expect(parseCycle('2026-Q4')).toEqual({ year: 2026, quarter: 4 });
    expect(formatCycle({ year: 2026, quarter: 1 })).toBe('2026-Q1');
  });

  it.each(['2026-Q0', '2026-Q5', '2026Q4', '26-Q4', '2026-q4', ' 2026-Q4', ''])('rejects %j', (text) => {
    expect(parseCycle(text)).toBeNull();
  });

  it.each([
    ['2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-Q3', '2026-07-01', '2026-09-30'],
    ['2026-Q4', '2026-10-01', '2026-12-31'],
    ['2024-Q1', '2024-01-01', '2024-03-31'],
  ])('%s runs from %s to %s', (cycle, start, end) => {
    expect(cycleStart(cycle)).toBe(start);
    expect(cycleEnd(cycle)).toBe(end);
  });

  it('throws on a malformed cycle, where callers must have validated it', () => {
    expect(() => cycleStart('2026-Q9')).toThrow(/not a cycle/);
  });

  it.each([
    ['2026-01-01', '2026-Q1'],
    ['2026-03-31T23:59:59.999Z', '2026-Q1'],
    ['2026-04-01T00:00:00.000Z', '2026-Q2'],
    ['2026-11-15', '2026-Q4'],
    ['2026-12-31T23:59:59Z', '2026-Q4'],
  ])('%s falls in %s', (date, cycle) => {
    expect(cycleOf(date)).toBe(cycle);
  });

  it('tells whether a date is inside a cycle, both ends included', () => {
    expect(isInCycle('2026-Q4', '2026-10-01')).toBe(true);
    expect(isInCycle('2026-Q4', '2026-12-31')).toBe(true);
    expect(isInCycle('2026-Q4', '2026-09-30')).toBe(false);
    expect(isInCycle('2026-Q4', '2027-01-01')).toBe(false);
    expect(isInCycle('2026-Q4', 'not a date')).toBe(false);
  });
});

describe('ISO dates', () => {
  it.each(['2026-02-30', '2026-13-01', '2025-02-29', '2026-1-1', '2026-01-01T00:00:00Z', ''])('rejects %j', (date) => {
    expect(isIsoDate(date)).toBe(false);
  });

  it('accepts real calendar dates, leap days included', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(dayNumber('1970-01-02')).toBe(1);
  });

  it('takes the UTC date of a timestamp', () => {
    expect(isoDateOf('2026-11-15T23:30:00-02:00')).toBe('2026-11-16');
  });
});

describe('elapsedFraction', () => {
  it('is 0 on the first day, grows one day at a time, and is (n-1)/n on the last day', () => {
    // 2026-Q4 has 92 days.
    expect(elapsedFraction('2026-Q4', '2026-10-01')).toBe(0);
    expect(elapsedFraction('2026-Q4', '2026-10-02')).toBeCloseTo(1 / 92);
    expect(elapsedFraction('2026-Q4', '2026-11-16')).toBeCloseTo(46 / 92);
    expect(elapsedFraction('2026-Q4', '2026-12-31')).toBeCloseTo(91 / 92);
  });

  it('is clamped to 0 before the cycle and 1 after it', () => {
    expect(elapsedFraction('2026-Q4', '2026-01-01')).toBe(0);
    expect(elapsedFraction('2026-Q4', '2027-01-01')).toBe(1);
  });

  it('counts the leap day', () => {
    expect(elapsedFraction('2024-Q1', '2024-03-01')).toBeCloseTo(60 / 91);
  });

  it('throws on a malformed date', () => {
    expect(() => elapsedFraction('2026-Q4', '2026-11-31')).toThrow(/not an ISO date/);
  });
});

import { describe, expect, it } from 'vitest';
import { deadlineOf, missingDeadline, shiftWeek, weekIn } from '../../domain/cadence/calendar.ts';

const FRIDAY_17 = { weekday: 'FRIDAY', time: '17:00' } as const;

describe('the cadence calendar (luxon over the platform time-zone data)', () => {
  it('puts a deadline at its wall-clock time on both sides of a DST change', () => {
    // Europe/Berlin leaves summer time on Sunday 25 October 2026.
    expect(deadlineOf('2026-W43', FRIDAY_17, 'Europe/Berlin').toISOString()).toBe('2026-10-23T15:00:00.000Z');
    expect(deadlineOf('2026-W44', FRIDAY_17, 'Europe/Berlin').toISOString()).toBe('2026-10-30T16:00:00.000Z');
    // America/New_York starts summer time on Sunday 8 March 2026: a Monday-09:00 deadline moves an hour in UTC.
    expect(deadlineOf('2026-W10', { weekday: 'MONDAY', time: '09:00' }, 'America/New_York').toISOString()).toBe('2026-03-02T14:00:00.000Z');
    expect(deadlineOf('2026-W11', { weekday: 'MONDAY', time: '09:00' }, 'America/New_York').toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });

  it('gets ISO weeks right across year ends, in the zone of the organisation', () => {
    // 2026 has 53 ISO weeks; 1 January 2027 is a Friday of 2026-W53.
    expect(weekIn('2027-01-01T12:00:00Z', 'UTC')).toBe('2026-W53');
    expect(deadlineOf('2026-W53', FRIDAY_17, 'UTC').toISOString()).toBe('2027-01-01T17:00:00.000Z');
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53');
    expect(shiftWeek('2025-W52', 1)).toBe('2026-W01');
    // Monday 4 January 2027 00:30 in Auckland is still Sunday 3 January in UTC: different weeks.
    expect(weekIn('2027-01-03T11:30:00Z', 'Pacific/Auckland')).toBe('2027-W01');
    expect(weekIn('2027-01-03T11:30:00Z', 'UTC')).toBe('2026-W53');
    // 29 December 2025 (a Monday) starts 2026-W01.
    expect(weekIn('2025-12-29T00:00:00Z', 'UTC')).toBe('2026-W01');
  });

  it('finds a deadline the clocks skip, and none for one they do not', () => {
    // Berlin skips 02:00-03:00 on Sunday 29 March 2026 (2026-W13).
    expect(missingDeadline({ weekday: 'SUNDAY', time: '02:30' }, 'Europe/Berlin', 2026, 2027)).toBe('2026-W13');
    expect(missingDeadline(FRIDAY_17, 'Europe/Berlin', 2026, 2028)).toBeNull();
    expect(missingDeadline({ weekday: 'SUNDAY', time: '02:30' }, 'UTC', 2026, 2028)).toBeNull();
  });
});

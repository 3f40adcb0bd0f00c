import { describe, expect, it } from 'vitest';
import { ReportAllocationInput } from '../../domain/allocation/inputs.ts';
import {
  allocationReportDecider,
  initialAllocationReportState,
  type AllocationReportCommand,
} from '../../domain/allocation/allocation-report.ts';
import { TAXONOMY_VERSION } from '../../domain/allocation/taxonomy.ts';
import { initialTeamState, teamDecider } from '../../domain/teams/team.ts';
import { ALLOCATION_REPORT_STREAM, type AllocationEntry, type AllocationReportEvent } from '../../domain/allocation/events.ts';
import { TEAM_STREAM } from '../../domain/teams/events.ts';
import { deciderSpec, recordedAtOf } from '../support/decider-spec.ts';

const WEEK = '2026-W47';
const ID = `payments.${WEEK}`;
const spec = deciderSpec(allocationReportDecider, () => initialAllocationReportState(ID), { stream: { kind: ALLOCATION_REPORT_STREAM, id: ID } });

const teamSpec = deciderSpec(teamDecider, () => initialTeamState('payments'), { stream: { kind: TEAM_STREAM, id: 'payments' } });
const team = teamSpec.stateAfter([
  { type: 'TeamDefined', payload: { name: 'Payments', kind: 'PRODUCT', headcount: 6, effectiveWeek: '2026-W01' } },
]);
const missingTeam = initialTeamState('nope');

const entries: AllocationEntry[] = [
  { category: 'new-features', percent: 50 },
  { category: 'tech-debt', percent: 20 },
  { category: 'incidents', percent: 30 },
];
const corrected: AllocationEntry[] = [
  { category: 'new-features', percent: 40 },
  { category: 'tech-debt', percent: 20 },
  { category: 'incidents', percent: 40 },
];

const payload = (e: AllocationEntry[] = entries) => ({ team: 'payments', week: WEEK, taxonomyVersion: TAXONOMY_VERSION, entries: e });
const reported = (e: AllocationEntry[] = entries): AllocationReportEvent => ({ type: 'AllocationReported', payload: payload(e) });
const correctedEvent = (e: AllocationEntry[]): AllocationReportEvent => ({ type: 'AllocationReportCorrected', payload: payload(e) });

const report = (over: Partial<AllocationReportCommand> = {}): AllocationReportCommand => ({
  type: 'ReportAllocation',
  team,
  week: WEEK,
  entries,
  taxonomyVersion: TAXONOMY_VERSION,
  reason: null,
  ...over,
});

describe('ReportAllocation: a first report', () => {
  it('records the breakdown with the taxonomy version', () => {
    spec.given().when(report()).then([reported()]);
  });

  it('accepts percents that add up to 100 within 0.5', () => {
    const thirds = [
      { category: 'new-features', percent: 33.3 },
      { category: 'tech-debt', percent: 33.3 },
      { category: 'support', percent: 33.3 },
    ];
    spec.given().when(report({ entries: thirds })).then([reported(thirds)]);
  });

  it('refuses a team that does not exist', () => {
    spec.given().when(report({ team: missingTeam })).thenFails({ code: 'NOT_FOUND', field: ['team'], message: /"nope"/ });
  });

  it('refuses a week before the team has a headcount', () => {
    spec.given().when(report({ week: '2025-W52' })).thenFails({ code: 'INVALID_INPUT', field: ['week'], message: /exists from 2026-W01/ });
  });

  it('refuses an unknown category, at its index', () => {
    const bad = [...entries.slice(0, 2), { category: 'meetings', percent: 30 }];
    spec.given().when(report({ entries: bad })).thenFails({ code: 'INVALID_INPUT', field: ['entries', '2', 'category'], message: /"meetings" is not a category/ });
  });

  it('refuses a category given twice', () => {
    const twice = [{ category: 'tech-debt', percent: 50 }, { category: 'tech-debt', percent: 50 }];
    spec.given().when(report({ entries: twice })).thenFails({ code: 'INVALID_INPUT', field: ['entries', '1', 'category'], message: /more than once/ });
  });

  it.each([
    [99.4, [{ category: 'tech-debt', percent: 99.4 }]],
    [100.6, [{ category: 'tech-debt', percent: 50.6 }, { category: 'support', percent: 50 }]],
  ])('refuses percents adding up to %d, saying the sum', (sum, bad) => {
    spec.given().when(report({ entries: bad })).thenFails({ code: 'INVALID_INPUT', field: ['entries'], message: new RegExp(`add up to ${sum}, not 100`) });
  });

  it('reports every problem at once', () => {
    const bad = [{ category: 'meetings', percent: 10 }];
    spec.given().when(report({ entries: bad })).thenFails({ code: 'INVALID_INPUT', field: ['entries', '0', 'category'] }, { code: 'INVALID_INPUT', field: ['entries'] });
  });
});

describe('ReportAllocation: a correction', () => {
  it('records a correction when the week is reported again with a reason', () => {
    spec.given([reported()]).when(report({ entries: corrected, reason: 'Forgot the outage' })).then([correctedEvent(corrected)]);
  });

  it('refuses a correction without a reason', () => {
    spec.given([reported()]).when(report({ entries: corrected })).thenFails({ code: 'INVALID_INPUT', field: ['reason'], message: /already reported 2026-W47/ });
  });

  it('refuses a correction that changes nothing (order and zero entries aside)', () => {
    const same = [{ category: 'support', percent: 0 }, ...[...entries].reverse()];
    spec.given([reported()]).when(report({ entries: same, reason: 'Again' })).thenFails({ code: 'INVALID_INPUT', field: ['entries'], message: /changes nothing/ });
  });

  it('checks the breakdown of a correction like a first report', () => {
    spec
      .given([reported()])
      .when(report({ entries: [{ category: 'tech-debt', percent: 10 }], reason: 'Fix' }))
      .thenFails({ code: 'INVALID_INPUT', field: ['entries'], message: /add up to 10/ });
  });
});

describe('the report state', () => {
  it('keeps the latest breakdown and counts corrections', () => {
    const state = spec.stateAfter([reported(), correctedEvent(corrected), correctedEvent(entries)]);
    expect(state).toMatchObject({
      id: ID,
      team: 'payments',
      week: WEEK,
      entries,
      version: 3,
      corrections: 2,
      createdAt: recordedAtOf(1),
      updatedAt: recordedAtOf(3),
      createdPosition: 1,
    });
  });
});

describe('reportAllocation input', () => {
  const valid = { team: 'payments', week: WEEK, entries };

  it('turns an empty reason into none and leaves expectedVersion out when not given', () => {
    const parsed = ReportAllocationInput.parse({ ...valid, reason: '  ', expectedVersion: null });
    expect(parsed.reason).toBeNull();
    expect(parsed.expectedVersion).toBeUndefined();
  });

  it.each([
    ['week', { week: '2025-W53' }, ['week']],
    ['percent', { entries: [{ category: 'tech-debt', percent: 101 }] }, ['entries', 0, 'percent']],
    ['negative percent', { entries: [{ category: 'tech-debt', percent: -1 }] }, ['entries', 0, 'percent']],
    ['no entries', { entries: [] }, ['entries']],
    ['team key', { team: 'Payments' }, ['team']],
  ])('refuses a bad %s', (_what, over, path) => {
    expect(ReportAllocationInput.safeParse({ ...valid, ...over }).error?.issues[0]?.path).toEqual(path);
  });
});

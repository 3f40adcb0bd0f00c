import { describe, expect, it } from 'vitest';
import { AllocationAnalysis } from '../../domain/allocation/allocation-analysis.ts';
import { AllocationView } from '../../domain/allocation/view.ts';
import { driftOf, sharesOf, splitsOf, weightedShares } from '../../domain/allocation/breakdown.ts';
import { staffingBalance } from '../../domain/allocation/staffing-balance.ts';
import { TAXONOMY_VERSION } from '../../domain/allocation/taxonomy.ts';
import { TeamsView } from '../../domain/teams/view.ts';
import { ALLOCATION_REPORT_STREAM, ALLOCATION_TARGET_STREAM, allocationReportId, type AllocationEntry } from '../../domain/allocation/events.ts';
import { TEAM_STREAM, type TeamKind } from '../../domain/teams/events.ts';
import { recorded, recordedAtOf } from '../support/decider-spec.ts';

/** A log in memory feeding both views, as the API's log cache does. */
class TestLog {
  readonly teams = new TeamsView();
  readonly allocation = new AllocationView();
  readonly analysis = new AllocationAnalysis(this.allocation, this.teams);
  private position = 0;
  private readonly versions = new Map<string, number>();

  private append(kind: string, id: string, type: string, payload: unknown): this {
    const key = `${kind}#${id}`;
    const version = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, version);
    this.position += 1;
    const event = recorded({ type, payload }, { stream: { kind, id }, version, position: this.position, recordedAt: recordedAtOf(this.position) });
    // As the log does: each view gets the events of the types it handles.
    for (const view of [this.teams, this.allocation]) if (view.eventTypes.includes(type as never)) view.apply(event as never);
    return this;
  }

  team(key: string, headcount: number, kind: TeamKind = 'PRODUCT', effectiveWeek = '2026-W01'): this {
    return this.append(TEAM_STREAM, key, 'TeamDefined', { name: key, kind, headcount, effectiveWeek });
  }

  revise(key: string, changes: { headcount?: number; kind?: TeamKind }, effectiveWeek: string): this {
    return this.append(TEAM_STREAM, key, 'TeamRevised', { changes, effectiveWeek });
  }

  report(team: string, week: string, entries: Record<string, number>): this {
    const id = allocationReportId(team, week);
    const type = this.versions.has(`${ALLOCATION_REPORT_STREAM}#${id}`) ? 'AllocationReportCorrected' : 'AllocationReported';
    return this.append(ALLOCATION_REPORT_STREAM, id, type, { team, week, taxonomyVersion: TAXONOMY_VERSION, entries: toEntries(entries) });
  }

  target(id: string, team: string | null, fromWeek: string, entries: Record<string, number>, tolerance = 5): this {
    const payload = { team, fromWeek, taxonomyVersion: TAXONOMY_VERSION, entries: toEntries(entries).map((e) => ({ ...e, tolerance })), decision: null };
    return this.append(ALLOCATION_TARGET_STREAM, id, 'AllocationTargetSet', payload);
  }
}

const toEntries = (entries: Record<string, number>): AllocationEntry[] => Object.entries(entries).map(([category, percent]) => ({ category, percent }));
const percents = (shares: { category: { key: string }; percent: number }[]) => Object.fromEntries(shares.map((s) => [s.category.key, s.percent]));

describe('splits', () => {
  it('split the week into elective / non-elective and innovation / tune-up', () => {
    const shares = sharesOf(toEntries({ 'new-features': 35, 'existing-features': 15, 'tech-debt': 20, platform: 10, incidents: 12.5, support: 7.5 }), 1);
    expect(splitsOf(shares)).toEqual({ elective: 80, nonElective: 20, innovation: 50, tuneUp: 50 });
  });

  it('count non-elective work as tune-up, so innovation and tune-up make the whole week', () => {
    const shares = sharesOf(toEntries({ security: 60, 'keep-the-lights-on': 40 }), 1);
    expect(splitsOf(shares)).toEqual({ elective: 0, nonElective: 100, innovation: 0, tuneUp: 100 });
  });

  it('round decimal sums to two places', () => {
    const shares = sharesOf(toEntries({ 'new-features': 33.3, 'existing-features': 33.3, support: 33.4 }), 1);
    expect(splitsOf(shares).innovation).toBe(66.6);
  });
});

describe('drift', () => {
  const log = new TestLog().target('t', null, '2026-W01', { 'new-features': 40, 'tech-debt': 20, incidents: 10 }, 5);
  const target = log.allocation.target('t')!;

  it('is actual - target per target category, flagged only beyond the tolerance', () => {
    const drift = driftOf(sharesOf(toEntries({ 'new-features': 45, 'tech-debt': 10, support: 45 }), 1), target);
    expect(drift.map((d) => [d.category.key, d.actual, d.target, d.drift, d.outside])).toEqual([
      ['new-features', 45, 40, 5, false], // exactly at the tolerance: on target
      ['tech-debt', 10, 20, -10, true],
      ['incidents', 0, 10, -10, true], // not reported: 0%
    ]);
  });
});

describe('weightedShares', () => {
  it('weighs each breakdown, ignores zero weights, and is empty without weight', () => {
    const a = sharesOf(toEntries({ 'new-features': 100 }), 1);
    const b = sharesOf(toEntries({ 'tech-debt': 100 }), 1);
    expect(percents(weightedShares([{ shares: a, weight: 2 }, { shares: b, weight: 6 }]))).toEqual({ 'new-features': 25, 'tech-debt': 75 });
    expect(weightedShares([{ shares: a, weight: 0 }])).toEqual([]);
  });
});

describe('the target in force', () => {
  const log = new TestLog()
    .team('payments', 5)
    .team('search', 5)
    .target('org-1', null, '2026-W10', { 'tech-debt': 20 })
    .target('pay-1', 'payments', '2026-W20', { 'tech-debt': 30 })
    .target('org-2', null, '2026-W30', { 'tech-debt': 25 })
    .target('pay-2', 'payments', '2026-W40', { 'tech-debt': 35 })
    .target('pay-3', 'payments', '2026-W40', { 'tech-debt': 40 });
  const inForce = (team: string | null, week: string) => log.allocation.targetInForce(team, week)?.id;

  it('is the latest one from that week or before', () => {
    expect([inForce(null, '2026-W09'), inForce(null, '2026-W10'), inForce(null, '2026-W29'), inForce(null, '2026-W30')]).toEqual([
      undefined,
      'org-1',
      'org-1',
      'org-2',
    ]);
  });

  it("is the team's own target when it has one in force, even when an org-wide target is newer", () => {
    expect([inForce('payments', '2026-W19'), inForce('payments', '2026-W20'), inForce('payments', '2026-W35')]).toEqual(['org-1', 'pay-1', 'pay-1']);
  });

  it('of two targets from the same week, is the one set last', () => {
    expect(inForce('payments', '2026-W40')).toBe('pay-3');
  });

  it('is the org-wide one for teams without targets', () => {
    expect(inForce('search', '2026-W35')).toBe('org-2');
  });

  it('lists targets by start week', () => {
    expect(log.allocation.targetsOf('payments').map((t) => t.id)).toEqual(['pay-1', 'pay-2', 'pay-3']);
    expect(log.allocation.targetsOf(null).map((t) => t.id)).toEqual(['org-1', 'org-2']);
  });
});

describe('a team week', () => {
  const log = new TestLog()
    .team('payments', 6)
    .target('pay', 'payments', '2026-W01', { 'new-features': 50, 'tech-debt': 20 }, 5)
    .report('payments', '2026-W10', { 'new-features': 70, 'tech-debt': 10, incidents: 20 })
    .report('payments', '2026-W11', { 'new-features': 50, 'tech-debt': 20, incidents: 30 })
    .report('payments', '2026-W11', { 'new-features': 52, 'tech-debt': 20, incidents: 28 });

  it('gives breakdown, splits and drift against the target in force', () => {
    const week = log.analysis.teamWeek('payments', '2026-W10');
    expect(percents(week.shares)).toEqual({ 'new-features': 70, 'tech-debt': 10, incidents: 20 });
    expect(week.splits).toEqual({ elective: 80, nonElective: 20, innovation: 70, tuneUp: 30 });
    expect(week.target?.id).toBe('pay');
    expect(week.drift.map((d) => [d.category.key, d.drift, d.outside])).toEqual([
      ['new-features', 20, true],
      ['tech-debt', -10, true],
    ]);
    expect(week).toMatchObject({ team: 'payments', teamsReported: 1, headcount: 6, driftFlagged: true });
  });

  it('uses the latest correction', () => {
    const week = log.analysis.teamWeek('payments', '2026-W11');
    expect(percents(week.shares)['new-features']).toBe(52);
    expect(week.report).toMatchObject({ corrections: 1, version: 2 });
    expect(week.driftFlagged).toBe(false);
  });

  it('is empty for a week not reported, with the target still shown', () => {
    expect(log.analysis.teamWeek('payments', '2026-W12')).toMatchObject({ report: null, teamsReported: 0, shares: [], splits: null, drift: [], driftFlagged: false, target: { id: 'pay' } });
  });

  it('trends over a range of weeks, one row per week', () => {
    const rows = log.analysis.trend('payments', '2026-W09', '2026-W12');
    expect(rows.map((r) => [r.week, r.splits?.innovation ?? null])).toEqual([
      ['2026-W09', null],
      ['2026-W10', 70],
      ['2026-W11', 52],
      ['2026-W12', null],
    ]);
  });

  it('lists reports by week within a range', () => {
    expect(log.allocation.reportsOf('payments').map((r) => r.week)).toEqual(['2026-W10', '2026-W11']);
    expect(log.allocation.reportsOf('payments', '2026-W11', null).map((r) => r.week)).toEqual(['2026-W11']);
    expect(log.allocation.reportsOf('payments', null, '2026-W10').map((r) => r.week)).toEqual(['2026-W10']);
  });
});

describe('the org-wide rollup', () => {
  const log = new TestLog()
    .team('payments', 2)
    .team('platform', 6, 'PLATFORM')
    .team('ghost', 0)
    .revise('platform', { headcount: 2 }, '2026-W11')
    .target('org', null, '2026-W01', { 'new-features': 50 }, 10)
    .target('pay', 'payments', '2026-W01', { 'new-features': 100 }, 0);
  for (const week of ['2026-W10', '2026-W11']) {
    log.report('payments', week, { 'new-features': 100 }).report('platform', week, { platform: 100 }).report('ghost', week, { support: 100 });
  }

  it("weighs each team's report by its headcount in force that week", () => {
    const w10 = log.analysis.orgWeek('2026-W10');
    expect(percents(w10.shares)).toEqual({ 'new-features': 25, platform: 75 });
    expect(w10).toMatchObject({ team: null, report: null, teamsReported: 2, headcount: 8, splits: { innovation: 25, tuneUp: 75 } });
    const w11 = log.analysis.orgWeek('2026-W11');
    expect(percents(w11.shares)).toEqual({ 'new-features': 50, platform: 50 });
    expect(w11.headcount).toBe(4);
  });

  it('drifts against the org-wide target, not a team target', () => {
    const w10 = log.analysis.orgWeek('2026-W10');
    expect(w10.target?.id).toBe('org');
    expect(w10.drift.map((d) => [d.drift, d.outside])).toEqual([[-25, true]]);
    expect(log.analysis.orgWeek('2026-W11').driftFlagged).toBe(false);
  });

  it('is empty for a week nobody reported', () => {
    expect(log.analysis.trend(null, '2026-W12', '2026-W12')).toMatchObject([{ week: '2026-W12', teamsReported: 0, headcount: 0, splits: null }]);
  });
});

describe('staffingBalance', () => {
  const log = new TestLog()
    .team('payments', 6, 'PRODUCT', '2026-W01')
    .team('search', 4, 'PRODUCT', '2026-W01')
    .team('platform', 5, 'PLATFORM', '2026-W01')
    .team('infra', 5, 'INFRASTRUCTURE', '2026-W03')
    .revise('search', { kind: 'PLATFORM' }, '2026-W03')
    .report('payments', '2026-W02', { 'new-features': 50, 'tech-debt': 50 })
    .report('platform', '2026-W02', { platform: 100 });
  const [w2, w3] = staffingBalance(log.teams, log.allocation, '2026-W02', '2026-W03');

  it('counts people by team kind, with the kind and headcount in force that week', () => {
    const byKind = (week: typeof w2) => week!.kinds.map((k) => [k.kind, k.teams, k.headcount, k.headcountPercent]);
    expect(w2!.headcount).toBe(15);
    expect(byKind(w2)).toEqual([
      ['PRODUCT', 2, 10, 66.67],
      ['PLATFORM', 1, 5, 33.33],
      ['INFRASTRUCTURE', 0, 0, 0], // infra exists from W03
    ]);
    expect(w3!.headcount).toBe(20);
    expect(byKind(w3)).toEqual([
      ['PRODUCT', 1, 6, 30],
      ['PLATFORM', 2, 9, 45],
      ['INFRASTRUCTURE', 1, 5, 25],
    ]);
  });

  it('shows the reported time by kind: the people who reported and how their time split', () => {
    expect(w2!.reportedHeadcount).toBe(11);
    const [product, platform, infrastructure] = w2!.kinds;
    expect(product).toMatchObject({ reportingTeams: 1, reportedHeadcount: 6, reportedPercent: 54.55, splits: { innovation: 50, tuneUp: 50 } });
    expect(platform).toMatchObject({ reportingTeams: 1, reportedHeadcount: 5, reportedPercent: 45.45, splits: { innovation: 0, tuneUp: 100 } });
    expect(infrastructure).toMatchObject({ reportingTeams: 0, reportedHeadcount: 0, reportedPercent: 0, splits: null });
    expect(w3!.reportedHeadcount).toBe(0);
  });
});

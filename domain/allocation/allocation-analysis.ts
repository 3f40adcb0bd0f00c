import type { TeamsView } from '../teams/view.ts';
import { headcountAt } from '../teams/team.ts';
import type { AllocationReportState } from './allocation-report.ts';
import type { AllocationTargetState } from './allocation-target.ts';
import type { AllocationView } from './view.ts';
import {
  breakdownsOf,
  driftOf,
  groupDriftOf,
  sharesIn,
  splitsOf,
  weightedShares,
  type BreakdownShares,
  type CategoryDrift,
  type CategoryShare,
  type GroupDrift,
  type Splits,
} from './breakdown.ts';
import { weekRange } from './iso-week.ts';

/** The longest week range a trend or balance covers: three years. */
export const MAX_RANGE_WEEKS = 157;

/** One week of one team (or of the whole organisation): breakdown, splits and drift against the target in force. */
export interface AllocationWeek {
  week: string;
  /** The team's key, or null for the org-wide rollup. */
  team: string | null;
  /** The team's report of the week (null when it has not reported, and for org-wide rows). */
  report: AllocationReportState | null;
  /** How many teams' reports the row is made of. */
  teamsReported: number;
  /** People behind the row: the team's headcount in force, or the sum over the reporting teams. */
  headcount: number;
  /** The taxonomy version the shares are in (null when nothing was reported). */
  taxonomyVersion: number | null;
  /** Empty when nothing was reported. */
  shares: CategoryShare[];
  splits: Splits | null;
  /** Every breakdown of the shares' version, with the percent of each group; empty when nothing was reported. */
  breakdowns: BreakdownShares[];
  target: AllocationTargetState | null;
  drift: CategoryDrift[];
  groupDrift: GroupDrift[];
  /** Some category or group is further from its target than its tolerance. */
  driftFlagged: boolean;
}

/** Shares in one version: the version's number and the shares (empty, version null, when nothing was reported). */
interface VersionedShares {
  version: number | null;
  shares: CategoryShare[];
}

/** Read-side answers that combine reports, targets and teams. Pure: it only reads the views. */
export class AllocationAnalysis {
  constructor(
    private readonly allocation: AllocationView,
    private readonly teams: TeamsView,
  ) {}

  /**
   * `report`: the team's report of the week, when the caller has it (default: the one in the view).
   * `inVersion`: the taxonomy version to express it in (default: the report's own); a report under
   * a later version than that is a TaxonomyMappingError.
   */
  teamWeek(team: string, week: string, report = this.allocation.reportOf(team, week) ?? null, inVersion?: number): AllocationWeek {
    const state = this.teams.get(team);
    const shares: VersionedShares = report
      ? { version: inVersion ?? report.taxonomyVersion, shares: this.sharesIn(report, inVersion ?? report.taxonomyVersion) }
      : { version: null, shares: [] };
    return this.row(week, team, shares, {
      report,
      teamsReported: report ? 1 : 0,
      headcount: (state && headcountAt(state, week)) ?? 0,
    });
  }

  /**
   * Every team's report of the week, weighted by the team's headcount in force that week, in
   * `inVersion` (default: the latest version among the week's reports, so they add up).
   */
  orgWeek(week: string, inVersion?: number): AllocationWeek {
    const reports = this.allocation.reportsIn(week);
    const version = inVersion ?? (reports.length ? Math.max(...reports.map((r) => r.taxonomyVersion)) : null);
    const parts = reports
      .map((report) => {
        const team = this.teams.get(report.team);
        return { shares: this.sharesIn(report, version!), weight: (team && headcountAt(team, week)) ?? 0 };
      })
      .filter((part) => part.weight > 0);
    const shares = weightedShares(parts);
    return this.row(week, null, { version: shares.length ? version : null, shares }, {
      report: null,
      teamsReported: parts.length,
      headcount: parts.reduce((sum, p) => sum + p.weight, 0),
    });
  }

  /**
   * A row per week from `fromWeek` to `toWeek` (both included), for one team or (team null) the
   * organisation; with `inVersion`, every week in that taxonomy version, so a trend reads across a
   * taxonomy change.
   */
  trend(team: string | null, fromWeek: string, toWeek: string, inVersion?: number): AllocationWeek[] {
    return weekRange(fromWeek, toWeek).map((week) =>
      team === null ? this.orgWeek(week, inVersion) : this.teamWeek(team, week, undefined, inVersion),
    );
  }

  private sharesIn(report: { entries: AllocationReportState['entries']; taxonomyVersion: number }, version: number): CategoryShare[] {
    return sharesIn(report.entries, this.allocation.taxonomies(), report.taxonomyVersion, version);
  }

  /** Drift is measured in the later of the shares' and the target's versions, both carried into it. */
  private row(
    week: string,
    team: string | null,
    { version, shares }: VersionedShares,
    rest: Pick<AllocationWeek, 'report' | 'teamsReported' | 'headcount'>,
  ): AllocationWeek {
    const target = this.allocation.targetInForce(team, week) ?? null;
    let drift: CategoryDrift[] = [];
    let groupDrift: GroupDrift[] = [];
    if (target && version !== null && shares.length) {
      const common = Math.max(version, target.taxonomyVersion);
      const inCommon = common === version ? shares : this.sharesIn({ entries: shares.map((s) => ({ category: s.category.key, percent: s.percent })), taxonomyVersion: version }, common);
      drift = driftOf(inCommon, target, this.allocation.taxonomies(), common);
      groupDrift = groupDriftOf(inCommon, target, this.allocation.taxonomy(common)!);
    }
    return {
      week,
      team,
      ...rest,
      taxonomyVersion: version,
      shares,
      splits: shares.length ? splitsOf(shares) : null,
      breakdowns: version !== null && shares.length ? breakdownsOf(shares, this.allocation.taxonomy(version)!) : [],
      target,
      drift,
      groupDrift,
      driftFlagged: drift.some((d) => d.outside) || groupDrift.some((d) => d.outside),
    };
  }
}

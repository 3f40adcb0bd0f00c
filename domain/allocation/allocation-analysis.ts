import type { TeamsView } from '../teams/view.ts';
import { headcountAt } from '../teams/team.ts';
import type { AllocationReportState } from './allocation-report.ts';
import type { AllocationTargetState } from './allocation-target.ts';
import type { AllocationView } from './view.ts';
import {
  driftOf,
  sharesOf,
  splitsOf,
  weightedShares,
  type CategoryDrift,
  type CategoryShare,
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
  /** Empty when nothing was reported. */
  shares: CategoryShare[];
  splits: Splits | null;
  target: AllocationTargetState | null;
  drift: CategoryDrift[];
  /** Some category is further from its target than its tolerance. */
  driftFlagged: boolean;
}

/** Read-side answers that combine reports, targets and teams. Pure: it only reads the views. */
export class AllocationAnalysis {
  constructor(
    private readonly allocation: AllocationView,
    private readonly teams: TeamsView,
  ) {}

  /** `report`: the team's report of the week, when the caller has it (default: the one in the view). */
  teamWeek(team: string, week: string, report = this.allocation.reportOf(team, week) ?? null): AllocationWeek {
    const state = this.teams.get(team);
    return this.row(week, team, report ? sharesOf(report.entries, report.taxonomyVersion) : [], {
      report,
      teamsReported: report ? 1 : 0,
      headcount: (state && headcountAt(state, week)) ?? 0,
    });
  }

  /** Every team's report of the week, weighted by the team's headcount in force that week. */
  orgWeek(week: string): AllocationWeek {
    const parts = this.allocation
      .reportsIn(week)
      .map((report) => {
        const team = this.teams.get(report.team);
        return { shares: sharesOf(report.entries, report.taxonomyVersion), weight: (team && headcountAt(team, week)) ?? 0 };
      })
      .filter((part) => part.weight > 0);
    return this.row(week, null, weightedShares(parts), {
      report: null,
      teamsReported: parts.length,
      headcount: parts.reduce((sum, p) => sum + p.weight, 0),
    });
  }

  /** A row per week from `fromWeek` to `toWeek` (both included), for one team or (team null) the organisation. */
  trend(team: string | null, fromWeek: string, toWeek: string): AllocationWeek[] {
    return weekRange(fromWeek, toWeek).map((week) => (team === null ? this.orgWeek(week) : this.teamWeek(team, week)));
  }

  private row(
    week: string,
    team: string | null,
    shares: CategoryShare[],
    rest: Pick<AllocationWeek, 'report' | 'teamsReported' | 'headcount'>,
  ): AllocationWeek {
    const target = this.allocation.targetInForce(team, week) ?? null;
    const drift = target && shares.length ? driftOf(shares, target) : [];
    return {
      week,
      team,
      ...rest,
      shares,
      splits: shares.length ? splitsOf(shares) : null,
      target,
      drift,
      driftFlagged: drift.some((d) => d.outside),
    };
  }
}

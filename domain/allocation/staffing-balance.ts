import { TeamKindSchema, type TeamKind } from '../teams/events.ts';
import { headcountAt, kindAt } from '../teams/team.ts';
import type { TeamsView } from '../teams/view.ts';
import type { AllocationView } from './view.ts';
import { sharesOf, splitsOf, weightedShares, type CategoryShare, type Splits } from './breakdown.ts';
import { weekRange } from './iso-week.ts';
import { roundPercent } from './taxonomy.ts';

/**
 * The seeds' balance of staffing between product and platform teams: per week and team kind,
 * the people (headcount in force) and the reported time (the headcount of the teams that
 * reported, and how that time split). Teams count under the kind and headcount in force that week.
 */

export interface StaffingOfKind {
  kind: TeamKind;
  teams: number;
  headcount: number;
  /** Share of the organisation's people in teams of this kind. */
  headcountPercent: number;
  reportingTeams: number;
  /** People in the teams of this kind that reported the week: the person-weeks of reported time. */
  reportedHeadcount: number;
  /** Share of the organisation's reported time that teams of this kind reported. */
  reportedPercent: number;
  /** How this kind's reported time split, weighted by headcount; null when none of its teams reported. */
  splits: Splits | null;
}

export interface StaffingWeek {
  week: string;
  headcount: number;
  reportedHeadcount: number;
  kinds: StaffingOfKind[];
}

const percentOf = (part: number, whole: number): number => (whole > 0 ? roundPercent((part / whole) * 100) : 0);

export function staffingBalance(teams: TeamsView, allocation: AllocationView, fromWeek: string, toWeek: string): StaffingWeek[] {
  return weekRange(fromWeek, toWeek).map((week) => {
    const staffed = teams.list().flatMap((team) => {
      const kind = kindAt(team, week);
      const headcount = headcountAt(team, week);
      if (kind === undefined || headcount === undefined) return [];
      const report = allocation.reportOf(team.key, week);
      return [{ kind, headcount, shares: report ? sharesOf(report.entries, allocation.taxonomy(report.taxonomyVersion)!) : null }];
    });
    const reported = staffed.filter((t): t is typeof t & { shares: CategoryShare[] } => t.shares !== null);
    const headcount = staffed.reduce((sum, t) => sum + t.headcount, 0);
    const reportedHeadcount = reported.reduce((sum, t) => sum + t.headcount, 0);
    const kinds = TeamKindSchema.options.map((kind): StaffingOfKind => {
      const ofKind = staffed.filter((t) => t.kind === kind);
      const reportedOfKind = reported.filter((t) => t.kind === kind);
      const people = ofKind.reduce((sum, t) => sum + t.headcount, 0);
      const reportedPeople = reportedOfKind.reduce((sum, t) => sum + t.headcount, 0);
      const shares = weightedShares(reportedOfKind.map((t) => ({ shares: t.shares, weight: t.headcount })));
      return {
        kind,
        teams: ofKind.length,
        headcount: people,
        headcountPercent: percentOf(people, headcount),
        reportingTeams: reportedOfKind.length,
        reportedHeadcount: reportedPeople,
        reportedPercent: percentOf(reportedPeople, reportedHeadcount),
        splits: shares.length ? splitsOf(shares) : null,
      };
    });
    return { week, headcount, reportedHeadcount, kinds };
  });
}

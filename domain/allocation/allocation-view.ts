import {
  ALLOCATION_REPORT_STREAM,
  ALLOCATION_TARGET_STREAM,
  allocationReportId,
  type AllocationReportEvent,
  type AllocationTargetEvent,
} from '../../events/schemas/allocation-events.ts';
import type { Recorded } from '../decider.ts';
import type { LogEvent, Projection } from '../projection.ts';
import { allocationReportDecider, initialAllocationReportState, type AllocationReportState } from './allocation-report.ts';
import { allocationTargetDecider, initialAllocationTargetState, type AllocationTargetState } from './allocation-target.ts';
import { inForceAt } from './iso-week.ts';

const byWeek = (a: AllocationReportState, b: AllocationReportState) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0);

/** Every allocation report (current breakdown per team and week) and every allocation target. */
export class AllocationView implements Projection {
  private readonly reportsById = new Map<string, AllocationReportState>();
  private readonly reportIdsByTeam = new Map<string, Set<string>>();
  private readonly reportIdsByWeek = new Map<string, Set<string>>();
  private readonly targetsById = new Map<string, AllocationTargetState>();

  apply(event: LogEvent): void {
    const id = event.stream.id;
    if (event.stream.kind === ALLOCATION_REPORT_STREAM) {
      const current = this.reportsById.get(id) ?? initialAllocationReportState(id);
      const next = allocationReportDecider.evolve(current, event as Recorded<AllocationReportEvent>);
      this.reportsById.set(id, next);
      index(this.reportIdsByTeam, next.team, id);
      index(this.reportIdsByWeek, next.week, id);
    } else if (event.stream.kind === ALLOCATION_TARGET_STREAM) {
      const current = this.targetsById.get(id) ?? initialAllocationTargetState(id);
      this.targetsById.set(id, allocationTargetDecider.evolve(current, event as Recorded<AllocationTargetEvent>));
    }
  }

  /** A report by its id (`<team>.<week>`). */
  report(id: string): AllocationReportState | undefined {
    return this.reportsById.get(id);
  }

  reportOf(team: string, week: string): AllocationReportState | undefined {
    return this.reportsById.get(allocationReportId(team, week));
  }

  /** One team's reports, oldest week first, optionally only those from `fromWeek` to `toWeek` (both included). */
  reportsOf(team: string, fromWeek?: string | null, toWeek?: string | null): AllocationReportState[] {
    return this.lookup(this.reportIdsByTeam.get(team))
      .filter((r) => (!fromWeek || r.week >= fromWeek) && (!toWeek || r.week <= toWeek))
      .sort(byWeek);
  }

  /** Every team's report of one week. */
  reportsIn(week: string): AllocationReportState[] {
    return this.lookup(this.reportIdsByWeek.get(week));
  }

  target(id: string): AllocationTargetState | undefined {
    return this.targetsById.get(id);
  }

  /** The targets of one team (null: org-wide targets) by `fromWeek`, then in the order they were set. */
  targetsOf(team: string | null): AllocationTargetState[] {
    return [...this.targetsById.values()]
      .filter((t) => t.team === team)
      .sort((a, b) => (a.fromWeek === b.fromWeek ? a.position - b.position : a.fromWeek < b.fromWeek ? -1 : 1));
  }

  /**
   * The target in force for a team at a week: the team's own latest target from that week or
   * before; only when it has none, the org-wide one. `team` null asks for the org-wide target.
   */
  targetInForce(team: string | null, week: string): AllocationTargetState | undefined {
    const own = team === null ? undefined : inForceAt(this.targetsOf(team), week);
    return own ?? inForceAt(this.targetsOf(null), week);
  }

  private lookup(ids: Set<string> | undefined): AllocationReportState[] {
    return [...(ids ?? [])].map((id) => this.reportsById.get(id)!);
  }
}

function index(map: Map<string, Set<string>>, key: string, id: string): void {
  const ids = map.get(key);
  if (ids) ids.add(id);
  else map.set(key, new Set([id]));
}

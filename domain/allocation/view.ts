import {
  ALLOCATION_REPORT_STREAM,
  ALLOCATION_TARGET_STREAM,
  ALLOCATION_TAXONOMY_STREAM,
  allocationReportId,
  type AllocationReportEvent,
  type AllocationTargetEvent,
  type AllocationTaxonomyEvent,
} from './events.ts';
import { allocationTaxonomies, initialAllocationTaxonomyState, type AllocationTaxonomyState } from './allocation-taxonomy.ts';
import { taxonomyInForce, taxonomyVersionOf, type AllocationTaxonomy } from './taxonomy.ts';
import { RecordTable } from '../copyable.ts';
import type { RecordedEvent } from '../decider.ts';
import type { ReadModel } from '../projection.ts';
import { allocationReportDecider, allocationReports, initialAllocationReportState, type AllocationReportState } from './allocation-report.ts';
import { allocationTargetDecider, allocationTargets, initialAllocationTargetState, type AllocationTargetState } from './allocation-target.ts';
import { inForceAt } from './iso-week.ts';

const byWeek = (a: AllocationReportState, b: AllocationReportState) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0);

const EVENT_TYPES = [...allocationReports.eventTypes, ...allocationTargets.eventTypes, ...allocationTaxonomies.eventTypes];

type AllocationEvent = AllocationReportEvent | AllocationTargetEvent | AllocationTaxonomyEvent;

/** Every allocation report (current breakdown per team and week), every allocation target and every taxonomy version. */
export class AllocationView implements ReadModel<AllocationView, AllocationEvent> {
  readonly eventTypes = EVENT_TYPES;

  constructor(
    private readonly reportsById = RecordTable.empty<AllocationReportState>(),
    /** Report ids by team and by week, in the order first reported. */
    private readonly reportIdsByTeam = RecordTable.empty<readonly string[]>(),
    private readonly reportIdsByWeek = RecordTable.empty<readonly string[]>(),
    /** Targets by id, in the order they were set. */
    private readonly targetsById = RecordTable.empty<AllocationTargetState>(),
    private taxonomyState: AllocationTaxonomyState = initialAllocationTaxonomyState(),
  ) {}

  apply(event: RecordedEvent<AllocationEvent>): void {
    const id = event.stream.id;
    if (event.stream.kind === ALLOCATION_REPORT_STREAM) {
      const current = this.reportsById.get(id) ?? initialAllocationReportState(id);
      const next = allocationReportDecider.evolve(current, event as RecordedEvent<AllocationReportEvent>);
      this.reportsById.set(id, next);
      index(this.reportIdsByTeam, next.team, id);
      index(this.reportIdsByWeek, next.week, id);
    } else if (event.stream.kind === ALLOCATION_TARGET_STREAM) {
      const current = this.targetsById.get(id) ?? initialAllocationTargetState(id);
      this.targetsById.set(id, allocationTargetDecider.evolve(current, event as RecordedEvent<AllocationTargetEvent>));
    } else if (event.stream.kind === ALLOCATION_TAXONOMY_STREAM) {
      this.taxonomyState = allocationTaxonomies.decider.evolve(this.taxonomyState, event as RecordedEvent<AllocationTaxonomyEvent>);
    }
  }

  copy(): AllocationView {
    return new AllocationView(this.reportsById.copy(), this.reportIdsByTeam.copy(), this.reportIdsByWeek.copy(), this.targetsById.copy(), this.taxonomyState);
  }

  /** The taxonomy record: every version, the built-in version 1 first. */
  taxonomyRecord(): AllocationTaxonomyState {
    return this.taxonomyState;
  }

  taxonomies(): readonly AllocationTaxonomy[] {
    return this.taxonomyState.versions;
  }

  taxonomy(version: number): AllocationTaxonomy | undefined {
    return taxonomyVersionOf(this.taxonomyState.versions, version);
  }

  /** The categories in force for an ISO week (see taxonomyInForce): what reports of that week are validated against. */
  taxonomyFor(week: string): AllocationTaxonomy {
    return taxonomyInForce(this.taxonomyState.versions, week);
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
    return this.targetsById
      .list()
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

  private lookup(ids: readonly string[] | undefined): AllocationReportState[] {
    return (ids ?? []).map((id) => this.reportsById.get(id)!);
  }
}

function index(table: RecordTable<readonly string[]>, key: string, id: string): void {
  const ids = table.get(key);
  if (!ids?.includes(id)) table.set(key, ids ? [...ids, id] : [id]);
}

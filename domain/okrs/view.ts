import { KEY_RESULT_STREAM, type CheckInStatus, type KeyResultEvent } from './key-result-events.ts';
import {
  OBJECTIVE_STREAM,
  type Alignment,
  type ObjectiveEvent,
  type ObjectiveLevel,
  type ObjectiveStatus,
} from './objective-events.ts';
import { RecordTable } from '../copyable.ts';
import type { RecordedEvent } from '../decider.ts';
import type { ReadModel } from '../projection.ts';
import { latestCheckIn, parseCheckInId, type CheckIn } from './check-ins.ts';
import { initialKeyResultState, keyResultDecider, keyResults, type KeyResultState } from './key-result.ts';
import { initialObjectiveState, objectiveDecider, objectives, type ObjectiveState } from './objective.ts';
import { meanProgress, progressOf } from './progress.ts';

export interface ObjectiveFilter {
  cycle?: string | null;
  /** Owner team key. */
  team?: string | null;
  level?: ObjectiveLevel | null;
  status?: ObjectiveStatus | null;
}

export interface AtRiskKeyResult {
  keyResult: KeyResultState;
  objective: ObjectiveState;
  checkIn: CheckIn;
  status: CheckInStatus;
}

const EVENT_TYPES = [...objectives.eventTypes, ...keyResults.eventTypes];

const RISK_ORDER: Record<CheckInStatus, number> = { OFF_TRACK: 0, AT_RISK: 1, ON_TRACK: 2 };

/** Progress of a key result from its latest standing check-in; 0 before the first one. */
export function keyResultProgress(keyResult: KeyResultState): number {
  const latest = latestCheckIn(keyResult.checkIns);
  return latest ? progressOf(keyResult.measure, latest.value) : 0;
}

/**
 * Objectives and key results (with their check-ins), folded from the log: objectives by cycle and
 * team with progress, each key result's check-in series, what is aligned to what, and the at-risk list.
 */
export class OkrsView implements ReadModel<OkrsView, ObjectiveEvent | KeyResultEvent> {
  readonly eventTypes = EVENT_TYPES;

  constructor(
    /** Objectives by id, in the order they were set. */
    private readonly objectivesById = RecordTable.empty<ObjectiveState>(),
    private readonly keyResultsById = RecordTable.empty<KeyResultState>(),
    /** Key result ids of each objective, in the order they were defined. */
    private readonly keyResultIds = RecordTable.empty<readonly string[]>(),
  ) {}

  apply(event: RecordedEvent<ObjectiveEvent | KeyResultEvent>): void {
    const id = event.stream.id;
    if (event.stream.kind === OBJECTIVE_STREAM) {
      const current = this.objectivesById.get(id) ?? initialObjectiveState(id);
      this.objectivesById.set(id, objectiveDecider.evolve(current, event as RecordedEvent<ObjectiveEvent>));
    } else if (event.stream.kind === KEY_RESULT_STREAM) {
      const current = this.keyResultsById.get(id) ?? initialKeyResultState(id);
      const next = keyResultDecider.evolve(current, event as RecordedEvent<KeyResultEvent>);
      if (current.version === 0) this.keyResultIds.set(next.objectiveId, [...(this.keyResultIds.get(next.objectiveId) ?? []), id]);
      this.keyResultsById.set(id, next);
    }
  }

  copy(): OkrsView {
    return new OkrsView(this.objectivesById.copy(), this.keyResultsById.copy(), this.keyResultIds.copy());
  }

  objective(id: string): ObjectiveState | undefined {
    return this.objectivesById.get(id);
  }

  keyResult(id: string): KeyResultState | undefined {
    return this.keyResultsById.get(id);
  }

  /** A check-in by its id `<keyResultId>:<version>`. */
  checkIn(id: string): CheckIn | undefined {
    const parsed = parseCheckInId(id);
    return parsed ? this.keyResultsById.get(parsed.keyResultId)?.checkIns.find((c) => c.version === parsed.version) : undefined;
  }

  /** Objectives in the order they were set, filtered by cycle, owner team, level and status when given. */
  objectives(filter: ObjectiveFilter = {}): ObjectiveState[] {
    return this.objectivesById
      .list()
      .filter(
        (o) =>
          (!filter.cycle || o.cycle === filter.cycle) &&
          (!filter.team || o.ownerTeam === filter.team) &&
          (!filter.level || o.level === filter.level) &&
          (!filter.status || o.status === filter.status),
      );
  }

  keyResultsOf(objectiveId: string): KeyResultState[] {
    return (this.keyResultIds.get(objectiveId) ?? []).map((id) => this.keyResultsById.get(id)!);
  }

  /** Mean progress of the objective's key results; null while it has none. */
  objectiveProgress(objectiveId: string): number | null {
    return meanProgress(this.keyResultsOf(objectiveId).map(keyResultProgress));
  }

  /** Objectives aligned directly to this record (an objective or a key result), in the order they were set. */
  alignedTo(target: Alignment): ObjectiveState[] {
    return this.objectives().filter((o) => o.alignedTo?.kind === target.kind && o.alignedTo.id === target.id);
  }

  /** Objectives aligned to this objective or to one of its key results. */
  children(objectiveId: string): ObjectiveState[] {
    const keyResults = new Set(this.keyResultIds.get(objectiveId) ?? []);
    return this.objectives().filter(
      (o) => o.alignedTo !== null && (o.alignedTo.kind === 'objective' ? o.alignedTo.id === objectiveId : keyResults.has(o.alignedTo.id)),
    );
  }

  /**
   * The objectives above an alignment target, nearest first: the target objective (or the objective
   * of the target key result), then what each is aligned to, up to the top.
   */
  objectiveChain(target: Alignment): string[] {
    const chain: string[] = [];
    let next: string | undefined = target.kind === 'objective' ? target.id : this.keyResultsById.get(target.id)?.objectiveId;
    while (next !== undefined && !chain.includes(next)) {
      chain.push(next);
      const alignedTo: Alignment | null | undefined = this.objectivesById.get(next)?.alignedTo;
      next = !alignedTo ? undefined : alignedTo.kind === 'objective' ? alignedTo.id : this.keyResultsById.get(alignedTo.id)?.objectiveId;
    }
    return chain;
  }

  /**
   * Key results of ACTIVE objectives whose latest standing check-in is AT_RISK or OFF_TRACK,
   * worst first, then in the order of their objectives and definition.
   */
  atRisk(filter: Pick<ObjectiveFilter, 'cycle' | 'team'> = {}): AtRiskKeyResult[] {
    const found: AtRiskKeyResult[] = [];
    for (const objective of this.objectives({ ...filter, status: 'ACTIVE' })) {
      for (const keyResult of this.keyResultsOf(objective.id)) {
        const checkIn = latestCheckIn(keyResult.checkIns);
        if (checkIn && checkIn.status !== 'ON_TRACK') found.push({ keyResult, objective, checkIn, status: checkIn.status });
      }
    }
    return found.sort((a, b) => RISK_ORDER[a.status] - RISK_ORDER[b.status]);
  }
}

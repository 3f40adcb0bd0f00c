import { KEY_RESULT_STREAM, type CheckInStatus, type KeyResultEvent } from './key-result-events.ts';
import {
  OBJECTIVE_STREAM,
  type Alignment,
  type ObjectiveEvent,
  type ObjectiveLevel,
  type ObjectiveStatus,
} from './objective-events.ts';
import { RecordTable, type Indexed } from '../copyable.ts';
import type { RecordedEvent } from '../decider.ts';
import type { ReadModel } from '../projection.ts';
import { latestCheckIn, parseCheckInId, type CheckIn } from './check-ins.ts';
import { initialKeyResultState, keyResultDecider, keyResults, type KeyResultState } from './key-result.ts';
import { initialObjectiveState, objectiveDecider, objectives, type ObjectiveState } from './objective.ts';
import { progressOf } from './progress.ts';
import { computeProgress, objectiveHealth, type ProgressInput } from './roll-up.ts';

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

/**
 * Progress of a key result from its latest standing check-in; before the first one, from the value
 * it was carried over with, else 0.
 */
export function keyResultProgress(keyResult: KeyResultState): number {
  const latest = latestCheckIn(keyResult.checkIns);
  if (latest) return progressOf(keyResult.measure, latest.value);
  return keyResult.carriedOverFrom ? progressOf(keyResult.measure, keyResult.carriedOverFrom.value) : 0;
}

/** A change of an objective's derived status (objectiveHealth), with the event that caused it. */
export interface TrackStatusChange {
  status: CheckInStatus | null;
  since: string;
  position: number;
  keyResultId: string;
}

/** The formula an objective's progress is computed with and the inputs it had. */
export interface ProgressFormula {
  version: number;
  inputs: ProgressInput[];
  progress: number | null;
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
    /** Each objective's derived status, every change of it, oldest first. */
    private readonly trackStatuses = RecordTable.empty<readonly TrackStatusChange[]>(),
    /** The objective each carried-over objective was carried into. */
    private readonly carriedInto = RecordTable.empty<string>(),
  ) {}

  apply(event: RecordedEvent<ObjectiveEvent | KeyResultEvent>): void {
    const id = event.stream.id;
    if (event.type === 'ObjectiveSet' || event.type === 'ObjectiveRevised' || event.type === 'KeyResultDefined') this.childIndexCache = null;
    if (event.stream.kind === OBJECTIVE_STREAM) {
      const current = this.objectivesById.get(id) ?? initialObjectiveState(id);
      const next = objectiveDecider.evolve(current, event as RecordedEvent<ObjectiveEvent>);
      if (current.version === 0 && next.carriedOverFrom) this.carriedInto.set(next.carriedOverFrom, id);
      this.objectivesById.set(id, next);
    } else if (event.stream.kind === KEY_RESULT_STREAM) {
      const current = this.keyResultsById.get(id) ?? initialKeyResultState(id);
      const next = keyResultDecider.evolve(current, event as RecordedEvent<KeyResultEvent>);
      if (current.version === 0) this.keyResultIds.set(next.objectiveId, [...(this.keyResultIds.get(next.objectiveId) ?? []), id]);
      this.keyResultsById.set(id, next);
      this.noteTrackStatus(next.objectiveId, event);
    }
  }

  /** Appends a change of the objective's derived status when this key-result event changed it. */
  private noteTrackStatus(objectiveId: string, event: RecordedEvent): void {
    const status = this.trackStatus(objectiveId);
    const history = this.trackStatuses.get(objectiveId) ?? [];
    if ((history.at(-1)?.status ?? null) === status) return;
    const change = { status, since: event.recordedAt, position: event.position, keyResultId: event.stream.id };
    this.trackStatuses.set(objectiveId, [...history, change]);
  }

  copy(): OkrsView {
    return new OkrsView(
      this.objectivesById.copy(),
      this.keyResultsById.copy(),
      this.keyResultIds.copy(),
      this.trackStatuses.copy(),
      this.carriedInto.copy(),
    );
  }

  /** The objective's status derived from its key results (see objectiveHealth). */
  trackStatus(objectiveId: string): CheckInStatus | null {
    return objectiveHealth(this.keyResultsOf(objectiveId).map((kr) => latestCheckIn(kr.checkIns)?.status ?? null));
  }

  /** Every change of the derived status, oldest first. */
  trackStatusHistory(objectiveId: string): readonly TrackStatusChange[] {
    return this.trackStatuses.get(objectiveId) ?? [];
  }

  /** The objective this one was carried over into, if any. */
  carriedOverTo(objectiveId: string): ObjectiveState | undefined {
    const id = this.carriedInto.get(objectiveId);
    return id === undefined ? undefined : this.objectivesById.get(id);
  }

  /** The key results and aligned objectives an objective's progress rolls up (formula 2), in that order. */
  contributors(objectiveId: string): { kind: 'key-result' | 'objective'; id: string }[] {
    return [
      ...this.keyResultsOf(objectiveId).map((kr) => ({ kind: 'key-result' as const, id: kr.id })),
      ...this.children(objectiveId).map((o) => ({ kind: 'objective' as const, id: o.id })),
    ];
  }

  /** The formula, its inputs and the figure they give (see domain/okrs/roll-up.ts). */
  progressFormula(objectiveId: string, seen: ReadonlySet<string> = new Set()): ProgressFormula {
    const objective = this.objectivesById.get(objectiveId);
    const version = objective?.progressFormulaVersion ?? 1;
    const weights = objective?.progressWeights ?? null;
    const weightOf = (kind: string, id: string) => (weights ? (weights.find((w) => w.kind === kind && w.id === id)?.weight ?? 0) : 1);
    const within = new Set(seen).add(objectiveId);
    const inputs: ProgressInput[] = this.keyResultsOf(objectiveId).map((kr) => ({
      kind: 'key-result',
      id: kr.id,
      progress: keyResultProgress(kr),
      weight: weightOf('key-result', kr.id),
    }));
    if (version >= 2) {
      for (const child of this.children(objectiveId)) {
        // Alignment refuses cycles; the guard keeps a corrupt log from recursing for ever.
        if (within.has(child.id)) continue;
        inputs.push({ kind: 'objective', id: child.id, progress: this.progressFormula(child.id, within).progress, weight: weightOf('objective', child.id) });
      }
    }
    return { version, inputs, progress: computeProgress(version, inputs) };
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

  /** Every objective in the order they were set, each read when asked for (a page reads only its objectives). */
  allObjectives(): Indexed<ObjectiveState> {
    return this.objectivesById.ordered();
  }

  keyResultsOf(objectiveId: string): KeyResultState[] {
    return (this.keyResultIds.get(objectiveId) ?? []).map((id) => this.keyResultsById.get(id)!);
  }

  /** The objective's progress by its formula (domain/okrs/roll-up.ts); null while it has nothing to count. */
  objectiveProgress(objectiveId: string): number | null {
    return this.progressFormula(objectiveId).progress;
  }

  /** Objectives aligned directly to this record (an objective or a key result), in the order they were set. */
  alignedTo(target: Alignment): ObjectiveState[] {
    return this.objectives().filter((o) => o.alignedTo?.kind === target.kind && o.alignedTo.id === target.id);
  }

  /** Objectives aligned to this objective or to one of its key results, in the order they were set. */
  children(objectiveId: string): ObjectiveState[] {
    return (this.childIndex().get(objectiveId) ?? []).map((id) => this.objectivesById.get(id)!);
  }

  /**
   * Child objective ids by parent objective, built on first use and dropped by any objective or
   * key-result definition: roll-up asks for the children of every objective in a tree, and a scan of
   * all objectives each time made a list of objectives quadratic.
   */
  private childIndexCache: Map<string, string[]> | null = null;

  private childIndex(): Map<string, string[]> {
    if (this.childIndexCache) return this.childIndexCache;
    const index = new Map<string, string[]>();
    for (const o of this.objectivesById.list()) {
      if (!o.alignedTo) continue;
      const parent = o.alignedTo.kind === 'objective' ? o.alignedTo.id : this.keyResultsById.get(o.alignedTo.id)?.objectiveId;
      if (parent === undefined) continue;
      index.set(parent, [...(index.get(parent) ?? []), o.id]);
    }
    this.childIndexCache = index;
    return index;
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

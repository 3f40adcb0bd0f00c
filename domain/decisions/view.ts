import { DECISION_STREAM, type DecisionEvent, type DecisionStatus } from './events.ts';
import { RecordTable } from '../copyable.ts';
import type { Recorded } from '../decider.ts';
import type { CopyableProjection, LogEvent } from '../projection.ts';
import { decisionDecider, initialDecisionState, type DecisionState } from './decision.ts';

const STREAM_KINDS = [DECISION_STREAM] as const;

/** Current state of every decision, and which decisions each one superseded. */
export class DecisionsView implements CopyableProjection<DecisionsView> {
  constructor(
    /** Decisions by id, in the order they were recorded. */
    private readonly byId = RecordTable.empty<DecisionState>(),
    /** Successor id -> the ids it superseded. */
    private readonly supersededIds = RecordTable.empty<readonly string[]>(),
  ) {}

  get streamKinds(): readonly string[] {
    return STREAM_KINDS;
  }

  apply(event: LogEvent): void {
    if (event.stream.kind !== DECISION_STREAM) return;
    const id = event.stream.id;
    const current = this.byId.get(id) ?? initialDecisionState(id);
    this.byId.set(id, decisionDecider.evolve(current, event as Recorded<DecisionEvent>));
    if (event.type === 'DecisionSuperseded') {
      const successor = (event.payload as { supersededBy: string }).supersededBy;
      this.supersededIds.set(successor, [...(this.supersededIds.get(successor) ?? []), id]);
    }
  }

  copy(): DecisionsView {
    return new DecisionsView(this.byId.copy(), this.supersededIds.copy());
  }

  get(id: string): DecisionState | undefined {
    return this.byId.get(id);
  }

  /** Decisions in recording order, optionally only those with the given statuses. */
  list(statuses?: readonly DecisionStatus[]): DecisionState[] {
    const all = this.byId.list();
    return statuses?.length ? all.filter((d) => statuses.includes(d.status)) : all;
  }

  /** The decisions that `id` superseded, oldest first. */
  supersedes(id: string): DecisionState[] {
    return (this.supersededIds.get(id) ?? []).map((d) => this.byId.get(d)!);
  }
}

import { RecordTable } from '../copyable.ts';
import type { RecordedEvent } from '../decider.ts';
import { among, RecordsView } from '../records-view.ts';
import { decisions, type DecisionState } from './decision.ts';
import type { DecisionEvent, DecisionStatus } from './events.ts';

/** Current state of every decision, and which decisions each one superseded. */
export class DecisionsView extends RecordsView<DecisionState, DecisionEvent> {
  constructor(
    byId = RecordTable.empty<DecisionState>(),
    /** Successor id -> the ids it superseded. */
    private readonly supersededIds = RecordTable.empty<readonly string[]>(),
  ) {
    super(decisions, byId);
  }

  override apply(event: RecordedEvent<DecisionEvent>): void {
    super.apply(event);
    if (event.type === 'DecisionSuperseded') {
      const successor = event.payload.supersededBy;
      this.supersededIds.set(successor, [...(this.supersededIds.get(successor) ?? []), event.stream.id]);
    }
  }

  override copy(): DecisionsView {
    return new DecisionsView(this.byId.copy(), this.supersededIds.copy());
  }

  /** Decisions in recording order, optionally only those with the given statuses. */
  byStatus(statuses?: readonly DecisionStatus[] | null): DecisionState[] {
    return statuses?.length ? this.list((d) => among(statuses, d.status)) : this.list();
  }

  /** The decisions that `id` superseded, oldest first. */
  supersedes(id: string): DecisionState[] {
    return (this.supersededIds.get(id) ?? []).map((d) => this.byId.get(d)!);
  }
}

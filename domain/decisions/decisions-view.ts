import { DECISION_STREAM, type DecisionEvent, type DecisionStatus } from '../../events/schemas/decision-events.ts';
import type { Recorded } from '../decider.ts';
import type { LogEvent, Projection } from '../projection.ts';
import { decisionDecider, initialDecisionState, type DecisionState } from './decision.ts';

/** Current state of every decision, and which decisions each one superseded. */
export class DecisionsView implements Projection {
  private readonly byId = new Map<string, DecisionState>();
  private readonly supersededIds = new Map<string, string[]>();
  /** Decisions in the order they were recorded. */
  private readonly ordered: string[] = [];

  apply(event: LogEvent): void {
    if (event.stream.kind !== DECISION_STREAM) return;
    const id = event.stream.id;
    const current = this.byId.get(id) ?? initialDecisionState(id);
    const next = decisionDecider.evolve(current, event as Recorded<DecisionEvent>);
    if (current.version === 0) this.ordered.push(id);
    this.byId.set(id, next);
    if (event.type === 'DecisionSuperseded') {
      const successor = (event.payload as { supersededBy: string }).supersededBy;
      this.supersededIds.set(successor, [...(this.supersededIds.get(successor) ?? []), id]);
    }
  }

  get(id: string): DecisionState | undefined {
    return this.byId.get(id);
  }

  /** Decisions in recording order, optionally only those with the given statuses. */
  list(statuses?: readonly DecisionStatus[]): DecisionState[] {
    const all = this.ordered.map((id) => this.byId.get(id)!);
    return statuses?.length ? all.filter((d) => statuses.includes(d.status)) : all;
  }

  /** The decisions that `id` superseded, oldest first. */
  supersedes(id: string): DecisionState[] {
    return (this.supersededIds.get(id) ?? []).map((d) => this.byId.get(d)!);
  }
}

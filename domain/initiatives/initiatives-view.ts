import {
  INITIATIVE_STREAM,
  type InitiativeEvent,
  type InitiativeKind,
  type InitiativeStatus,
} from '../../events/schemas/initiative-events.ts';
import type { Recorded } from '../decider.ts';
import type { LogEvent, Projection } from '../projection.ts';
import { initialInitiativeState, initiativeDecider, type InitiativeState } from './initiative.ts';

export interface InitiativeFilter {
  statuses?: readonly InitiativeStatus[];
  kinds?: readonly InitiativeKind[];
}

/** Current state of every initiative, with its score history. */
export class InitiativesView implements Projection {
  private readonly byId = new Map<string, InitiativeState>();
  /** Initiatives in the order they were created. */
  private readonly ordered: string[] = [];

  apply(event: LogEvent): void {
    if (event.stream.kind !== INITIATIVE_STREAM) return;
    const id = event.stream.id;
    const current = this.byId.get(id) ?? initialInitiativeState(id);
    if (current.version === 0) this.ordered.push(id);
    this.byId.set(id, initiativeDecider.evolve(current, event as Recorded<InitiativeEvent>));
  }

  get(id: string): InitiativeState | undefined {
    return this.byId.get(id);
  }

  /** Initiatives in creation order, optionally only those with the given statuses and kinds. */
  list({ statuses, kinds }: InitiativeFilter = {}): InitiativeState[] {
    return this.ordered
      .map((id) => this.byId.get(id)!)
      .filter((i) => (!statuses?.length || statuses.includes(i.status)) && (!kinds?.length || kinds.includes(i.kind)));
  }
}

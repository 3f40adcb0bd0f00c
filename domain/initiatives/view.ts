import {
  INITIATIVE_STREAM,
  type InitiativeEvent,
  type InitiativeKind,
  type InitiativeStatus,
} from './events.ts';
import { RecordTable } from '../copyable.ts';
import type { Recorded } from '../decider.ts';
import type { CopyableProjection, LogEvent } from '../projection.ts';
import { initialInitiativeState, initiativeDecider, type InitiativeState } from './initiative.ts';

export interface InitiativeFilter {
  statuses?: readonly InitiativeStatus[];
  kinds?: readonly InitiativeKind[];
}

const STREAM_KINDS = [INITIATIVE_STREAM] as const;

/** Current state of every initiative, with its score history. */
export class InitiativesView implements CopyableProjection<InitiativesView> {
  /** Initiatives by id, in the order they were created. */
  constructor(private readonly byId = RecordTable.empty<InitiativeState>()) {}

  get streamKinds(): readonly string[] {
    return STREAM_KINDS;
  }

  apply(event: LogEvent): void {
    if (event.stream.kind !== INITIATIVE_STREAM) return;
    const id = event.stream.id;
    const current = this.byId.get(id) ?? initialInitiativeState(id);
    this.byId.set(id, initiativeDecider.evolve(current, event as Recorded<InitiativeEvent>));
  }

  copy(): InitiativesView {
    return new InitiativesView(this.byId.copy());
  }

  get(id: string): InitiativeState | undefined {
    return this.byId.get(id);
  }

  /** Initiatives in creation order, optionally only those with the given statuses and kinds. */
  list({ statuses, kinds }: InitiativeFilter = {}): InitiativeState[] {
    return this.byId
      .list()
      .filter((i) => (!statuses?.length || statuses.includes(i.status)) && (!kinds?.length || kinds.includes(i.kind)));
  }
}

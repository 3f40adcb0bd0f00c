import { RecordTable } from '../copyable.ts';
import { among, RecordsView } from '../records-view.ts';
import type { InitiativeEvent, InitiativeKind, InitiativeStatus } from './events.ts';
import { initiatives, type InitiativeState } from './initiative.ts';

export interface InitiativeFilter {
  statuses?: readonly InitiativeStatus[];
  kinds?: readonly InitiativeKind[];
}

/** Current state of every initiative, with its score history. */
export class InitiativesView extends RecordsView<InitiativeState, InitiativeEvent> {
  constructor(byId = RecordTable.empty<InitiativeState>()) {
    super(initiatives, byId);
  }

  override copy(): InitiativesView {
    return new InitiativesView(this.byId.copy());
  }

  /** Initiatives in creation order, optionally only those with the given statuses and kinds. */
  filter({ statuses, kinds }: InitiativeFilter = {}): InitiativeState[] {
    return this.list((i) => among(statuses, i.status) && among(kinds, i.kind));
  }
}

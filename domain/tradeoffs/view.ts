import type { RecordLink } from '../common-fields.ts';
import { RecordTable } from '../copyable.ts';
import { RecordsView } from '../records-view.ts';
import type { TradeoffEvent } from './events.ts';
import { isDueForRevisit, tradeoffs, type TradeoffState } from './tradeoff.ts';

const sameLink = (a: RecordLink, b: RecordLink) => a.type === b.type && a.id === b.id;

/** Current state of every tradeoff note, in the order they were noted. */
export class TradeoffsView extends RecordsView<TradeoffState, TradeoffEvent> {
  constructor(byId = RecordTable.empty<TradeoffState>()) {
    super(tradeoffs, byId);
  }

  override copy(): TradeoffsView {
    return new TradeoffsView(this.byId.copy());
  }

  /** Tradeoffs in the order they were noted, optionally only those linked to a given record. */
  relatedTo(link?: RecordLink): TradeoffState[] {
    return link ? this.list((t) => t.relatedTo.some((l) => sameLink(l, link))) : this.list();
  }

  /** Tradeoffs in effect whose revisit date is on or before `date` (ISO), the most overdue first. */
  dueForRevisit(date: string): TradeoffState[] {
    return this.list((t) => isDueForRevisit(t, date)).sort(
      (a, b) => a.revisitBy!.localeCompare(b.revisitBy!) || a.createdPosition - b.createdPosition,
    );
  }
}

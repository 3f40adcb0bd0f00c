import type { RecordLink } from '../common-fields.ts';
import { TRADEOFF_STREAM, type TradeoffEvent } from './events.ts';
import { RecordTable } from '../copyable.ts';
import type { Recorded } from '../decider.ts';
import type { CopyableProjection, LogEvent } from '../projection.ts';
import { initialTradeoffState, isDueForRevisit, tradeoffDecider, type TradeoffState } from './tradeoff.ts';

const sameLink = (a: RecordLink, b: RecordLink) => a.type === b.type && a.id === b.id;

const STREAM_KINDS = [TRADEOFF_STREAM] as const;

/** Current state of every tradeoff note, in the order they were noted. */
export class TradeoffsView implements CopyableProjection<TradeoffsView> {
  /** Tradeoffs by id, in the order they were noted. */
  constructor(private readonly byId = RecordTable.empty<TradeoffState>()) {}

  get streamKinds(): readonly string[] {
    return STREAM_KINDS;
  }

  apply(event: LogEvent): void {
    if (event.stream.kind !== TRADEOFF_STREAM) return;
    const id = event.stream.id;
    const current = this.byId.get(id) ?? initialTradeoffState(id);
    this.byId.set(id, tradeoffDecider.evolve(current, event as Recorded<TradeoffEvent>));
  }

  copy(): TradeoffsView {
    return new TradeoffsView(this.byId.copy());
  }

  get(id: string): TradeoffState | undefined {
    return this.byId.get(id);
  }

  /** Tradeoffs in the order they were noted, optionally only those linked to a given record. */
  list(relatedTo?: RecordLink): TradeoffState[] {
    const all = this.byId.list();
    return relatedTo ? all.filter((t) => t.relatedTo.some((link) => sameLink(link, relatedTo))) : all;
  }

  /** Tradeoffs in effect whose revisit date is on or before `date` (ISO), the most overdue first. */
  dueForRevisit(date: string): TradeoffState[] {
    return this.list()
      .filter((t) => isDueForRevisit(t, date))
      .sort((a, b) => a.revisitBy!.localeCompare(b.revisitBy!) || a.createdPosition - b.createdPosition);
  }
}

import type { AnyEvent, RecordedEvent } from '../events/envelope.ts';
import { RecordTable, type Indexed } from './copyable.ts';
import type { FoldableKind, RecordState } from './decider.ts';
import type { ReadModel } from './projection.ts';

/**
 * The read model most kinds need: the current state of every record of one kind, in the order the
 * records were created, folded with the kind's own decider. A kind with nothing more to answer
 * registers `new RecordsView(kind)`; one with more extends it (and overrides `copy`).
 */
export class RecordsView<S extends RecordState, E extends AnyEvent> implements ReadModel<RecordsView<S, E>, E> {
  readonly eventTypes: readonly E['type'][];

  constructor(
    protected readonly kind: FoldableKind<S, E>,
    /** Records by id, in the order they were created. */
    protected readonly byId: RecordTable<S> = RecordTable.empty<S>(),
  ) {
    this.eventTypes = kind.eventTypes;
  }

  copy(): RecordsView<S, E> {
    return new RecordsView(this.kind, this.byId.copy());
  }

  apply(event: RecordedEvent<E>): void {
    const id = event.stream.id;
    this.byId.set(id, this.kind.decider.evolve(this.byId.get(id) ?? this.kind.decider.initialState(id), event), event.position);
  }

  /** Position of record `id`'s last event (a past position at or after it sees the record as it is now). */
  changedAt(id: string): number | undefined {
    return this.byId.markOf(id);
  }

  /** The stream kind of the records (their events' stream). */
  get stream(): string {
    return this.kind.stream;
  }

  /** Record `id` folded from `events`, its stream's events in version order (or a prefix of them); undefined for none. */
  recordFrom(id: string, events: readonly RecordedEvent[]): S | undefined {
    let state: S | undefined;
    for (const event of events) {
      if (this.eventTypes.includes(event.type)) state = this.kind.decider.evolve(state ?? this.kind.decider.initialState(id), event as RecordedEvent<E>);
    }
    return state;
  }

  get(id: string): S | undefined {
    return this.byId.get(id);
  }

  /** Every record in creation order, each read when asked for (a page reads only its records). */
  records(): Indexed<S> {
    return this.byId.ordered();
  }

  /** Every record in creation order, or those `keep` keeps. */
  list(keep?: (record: S) => boolean): S[] {
    const all = this.byId.list();
    return keep ? all.filter(keep) : all;
  }
}

/** A filter of a list argument: records whose value is among `wanted`, or all when none are given. */
export const among = <V>(wanted: readonly V[] | null | undefined, value: V): boolean => !wanted?.length || wanted.includes(value);

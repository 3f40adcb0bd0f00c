import type { AnyEvent } from '../events/envelope.ts';
import type { LogListener } from '../events/log-cache.ts';

/**
 * A read model: a fold over the log, kept current one event at a time (a LogListener of the event
 * types it handles), that can be copied to answer for a past position: `copy()` is a read model
 * equal to this one that later events applied to either leave the other unchanged.
 *
 * The invariant that keeps copies cheap: a read model never changes a value it has stored (a
 * record's state, an array or map of ids, a snapshot); it stores a new one instead. Evolve
 * functions already return new states, so a copy is shallow: new maps and arrays holding the same
 * per-record states.
 */
export interface ReadModel<Self, E extends AnyEvent = AnyEvent> extends LogListener<E> {
  readonly eventTypes: readonly E['type'][];
  copy(): Self;
  /**
   * The read model as it stood after log position `position` (at most the last it applied), for a
   * read model that keeps its own history: answered from that history, without a copy and a fold.
   */
  until?(position: number): Self;
}

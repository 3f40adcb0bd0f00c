import type { RecordedMeta } from './decider.ts';

/** What a read model sees of the log: any event, with its metadata. */
export type LogEvent = RecordedMeta & { type: string; payload: unknown };

/** A read model: a fold over the whole log, kept current one event at a time. */
export interface Projection {
  /** The stream kinds whose events change it: the log hands it only those (it ignores any other). */
  readonly streamKinds: readonly string[];
  apply(event: LogEvent): void;
}

/**
 * A read model that can be copied, to answer for a past position: `copy()` is a read model
 * equal to this one that later events applied to either leave the other unchanged.
 *
 * The invariant that keeps copies cheap: a read model never changes a value it has stored (a
 * record's state, an array or map of ids, a snapshot); it stores a new one instead. Evolve
 * functions already return new states, so a copy is shallow: new maps and arrays holding the same
 * per-record states.
 */
export interface CopyableProjection<Self> extends Projection {
  copy(): Self;
}

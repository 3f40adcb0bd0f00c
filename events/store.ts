import type {
  AppendMeta,
  AppendResult,
  ExpectedVersion,
  IdempotencyRecord,
  NewEvent,
  RecordedEvent,
  StreamRef,
} from './envelope.ts';
import type { ChainHead } from './integrity.ts';

export interface ReadOptions {
  /**
   * `raw`: payloads exactly as stored, in their stored schema version, neither upcast nor
   * validated: what the hash chain covers, for integrity checks and exports.
   */
  raw?: boolean;
}

/**
 * The append-only event log. Every implementation passes the same contract suite
 * (test/events/store-contract.ts).
 */
export interface EventStore {
  /**
   * Appends events to one stream atomically, at the next global positions, extending the hash
   * chain. Throws VersionConflictError when the stream is not at `expectedVersion`,
   * IdempotencyKeyTakenError when `meta.idempotencyKey` was used already, TooLargeError before
   * writing anything that breaks a limit, StoreUnavailableError when the store cannot be reached.
   */
  append(stream: StreamRef, expectedVersion: ExpectedVersion, events: NewEvent[], meta: AppendMeta): Promise<AppendResult>;

  /** Events of one stream in version order, `fromVersion` and `toVersion` inclusive. */
  readStream(stream: StreamRef, range?: { fromVersion?: number; toVersion?: number }, options?: ReadOptions): Promise<RecordedEvent[]>;

  /** Up to `limit` events after `afterPosition`, in global order. */
  readAll(afterPosition: number, limit?: number, options?: ReadOptions): Promise<RecordedEvent[]>;

  /** The last event's position and hash, or position 0 and the genesis hash for an empty log. */
  head(): Promise<ChainHead>;

  /** What an earlier append with this actor's idempotency key wrote, if any. */
  findIdempotency(actorId: string, key: string): Promise<IdempotencyRecord | null>;
}

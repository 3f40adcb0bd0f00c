import type { AppendMeta, AppendResult, ExpectedVersion, IdempotencyRecord, NewEvent, RecordedEvent, StreamRef } from './envelope.ts';
import type { ChainHead } from './integrity.ts';
import type { EventStore, ReadOptions, VersionRange } from './store.ts';

/**
 * An EventStore that decides how appends are made and reads from another store: the writer's
 * client (events/writer/remote-event-store.ts) and the log-snapshot layer, which also reads the
 * log its own way (events/snapshotted-store.ts).
 */
export abstract class ReadsFrom implements EventStore {
  constructor(private readonly reads: EventStore) {}

  abstract append(stream: StreamRef, expectedVersion: ExpectedVersion, events: NewEvent[], meta: AppendMeta): Promise<AppendResult>;

  readStream(stream: StreamRef, range?: VersionRange, options?: ReadOptions): Promise<RecordedEvent[]> {
    return this.reads.readStream(stream, range, options);
  }

  readAll(afterPosition: number, limit?: number, options?: ReadOptions): Promise<RecordedEvent[]> {
    return this.reads.readAll(afterPosition, limit, options);
  }

  head(): Promise<ChainHead> {
    return this.reads.head();
  }

  findIdempotency(actorId: string, key: string): Promise<IdempotencyRecord | null> {
    return this.reads.findIdempotency(actorId, key);
  }
}

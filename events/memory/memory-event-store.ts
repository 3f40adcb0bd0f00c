import type { AppendMeta, AppendResult, ExpectedVersion, IdempotencyRecord, NewEvent, RecordedEvent, StreamRef } from '../envelope.ts';
import { streamKey } from '../envelope.ts';
import { itemToEvent, itemToIdempotency } from '../dynamodb/event-item.ts';
import { idempotencyPartition } from '../dynamodb/keys.ts';
import { appendItems } from '../dynamodb/transaction-items.ts';
import { IdempotencyKeyTakenError, VersionConflictError } from '../errors.ts';
import { GENESIS_HASH, type ChainHead } from '../integrity.ts';
import type { EventRegistry } from '../registry.ts';
import { prepareAppend, recordEvents, versionRange, type EventStore, type PreparedEvent, type ReadOptions, type VersionRange } from '../store.ts';

/** Table name in the items the limits are measured on; it is not part of an item's size. */
const NO_TABLE = 'memory';

/**
 * One event log in memory. Every MemoryEventStore made over the same MemoryLog sees the same log,
 * as separate processes over one DynamoDB table do.
 *
 * It keeps the very items DynamoDB would store (a feed item per event, payload as JSON text, the
 * idempotency items), so reads parse fresh objects as a DynamoDB read does and nothing a caller
 * does to an event it passed in or got back changes the log.
 */
export class MemoryLog {
  /** Feed items in position order: position p at index p - 1. */
  private readonly feed: Readonly<Record<string, unknown>>[] = [];
  /** Positions of each stream's events in version order: version v at index v - 1. */
  private readonly streams = new Map<string, number[]>();
  private readonly idempotency = new Map<string, Readonly<Record<string, unknown>>>();
  private last: ChainHead = { position: 0, hash: GENESIS_HASH };

  get head(): ChainHead {
    return this.last;
  }

  streamVersion(stream: StreamRef): number {
    return this.streams.get(streamKey(stream))?.length ?? 0;
  }

  /**
   * Checks and writes one append at once, with no await in between: that is what makes it atomic
   * against every other append to this log, from this store or a sibling. Errors in the order the
   * DynamoDB store reports them: limits (before it sends anything), the idempotency key, the
   * stream's version, the streams the decision read.
   */
  commit(stream: StreamRef, expectedVersion: ExpectedVersion, events: readonly PreparedEvent[], meta: AppendMeta, recordedAt: string): AppendResult {
    const current = this.streamVersion(stream);
    const from = typeof expectedVersion === 'number' ? expectedVersion : expectedVersion === 'no-stream' ? 0 : current;
    const recorded = recordEvents(events, stream, from, this.last, meta, recordedAt);
    const { items, roles } = appendItems(NO_TABLE, stream, expectedVersion, from, recorded, meta);

    const idempotencyKey = meta.idempotencyKey ? idempotencyPartition(meta.actor.id, meta.idempotencyKey) : null;
    if (idempotencyKey && this.idempotency.has(idempotencyKey)) throw new IdempotencyKeyTakenError(meta.idempotencyKey!);
    if (expectedVersion !== 'any' && current !== from) throw new VersionConflictError(stream, expectedVersion, current);
    for (const read of meta.readStreams ?? []) {
      // As the ConditionCheck on DynamoDB: the version after the one read must not exist.
      const actual = this.streamVersion(read.stream);
      if (actual > read.version) throw new VersionConflictError(read.stream, read.version, actual);
    }

    const positions = this.streams.get(streamKey(stream)) ?? [];
    for (const [index, role] of roles.entries()) {
      const item = items[index]!.Put?.Item;
      if (!item) continue;
      // Stored as DynamoDB stores it: a copy, without undefined attributes.
      const stored = Object.freeze(JSON.parse(JSON.stringify(item)) as Record<string, unknown>);
      if (role === 'feed') {
        this.feed.push(stored);
        positions.push(Number(stored.position));
      } else if (role === 'idempotency') {
        this.idempotency.set(idempotencyKey!, stored);
      }
    }
    this.streams.set(streamKey(stream), positions);
    const last = recorded[recorded.length - 1]!;
    this.last = { position: last.position, hash: last.hash };
    return { events: recorded, streamVersion: last.version, position: last.position };
  }

  /** Feed items after `afterPosition`, at most `limit`. */
  feedAfter(afterPosition: number, limit: number): Readonly<Record<string, unknown>>[] {
    const start = Math.max(0, afterPosition);
    return this.feed.slice(start, Number.isFinite(limit) ? start + Math.max(0, limit) : undefined);
  }

  /** Items of one stream, versions `from` to `to` inclusive. */
  streamItems(stream: StreamRef, from: number, to: number): Readonly<Record<string, unknown>>[] {
    const positions = this.streams.get(streamKey(stream)) ?? [];
    return positions.slice(Math.max(0, from - 1), Math.max(0, Math.min(to, positions.length))).map((p) => this.feed[p - 1]!);
  }

  idempotencyItem(actorId: string, key: string): Readonly<Record<string, unknown>> | undefined {
    return this.idempotency.get(idempotencyPartition(actorId, key));
  }
}

export interface MemoryEventStoreOptions {
  registry: EventRegistry;
  /** The log to write and read; a new empty one by default. Pass another store's `log` for a sibling. */
  log?: MemoryLog;
  /** The clock events are recorded by (as DynamoEventStore's `now`). */
  now?: () => Date;
}

/**
 * The event store in memory, for domain and schema tests and anything else that is not about
 * DynamoDB: the same contract as DynamoEventStore (test/events/store-contract.ts), the same
 * argument checks, payload validation and limits (measured on the items DynamoDB would get), the
 * same hash chain. Appends are settled one at a time in call order, each atomically.
 */
export class MemoryEventStore implements EventStore {
  readonly log: MemoryLog;
  private readonly registry: EventRegistry;
  private readonly now: () => Date;

  constructor(options: MemoryEventStoreOptions) {
    this.registry = options.registry;
    this.log = options.log ?? new MemoryLog();
    this.now = options.now ?? (() => new Date());
  }

  async append(stream: StreamRef, expectedVersion: ExpectedVersion, events: NewEvent[], meta: AppendMeta): Promise<AppendResult> {
    const prepared = prepareAppend(this.registry, stream, expectedVersion, events, meta);
    // A write is never done by the time append returns, as with any store across a network: callers
    // that do not await it cannot come to rely on it.
    await Promise.resolve();
    return this.log.commit(stream, expectedVersion, prepared, meta, this.now().toISOString());
  }

  async readStream(stream: StreamRef, range: VersionRange = {}, options: ReadOptions = {}): Promise<RecordedEvent[]> {
    const versions = versionRange(range);
    if (!versions) return [];
    const { from, to } = versions;
    return this.read(this.log.streamItems(stream, from, to), options);
  }

  async readAll(afterPosition: number, limit = Number.POSITIVE_INFINITY, options: ReadOptions = {}): Promise<RecordedEvent[]> {
    return this.read(this.log.feedAfter(afterPosition, limit), options);
  }

  async head(): Promise<ChainHead> {
    return this.log.head;
  }

  async findIdempotency(actorId: string, key: string): Promise<IdempotencyRecord | null> {
    const item = this.log.idempotencyItem(actorId, key);
    return item ? itemToIdempotency(JSON.parse(JSON.stringify(item)) as Record<string, unknown>) : null;
  }

  private read(items: readonly Readonly<Record<string, unknown>>[], options: ReadOptions): RecordedEvent[] {
    return items.map((item) => {
      const event = itemToEvent(item);
      return options.raw ? event : this.registry.upcast(event);
    });
  }
}

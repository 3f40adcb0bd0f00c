import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  AppendMeta,
  AppendResult,
  ExpectedVersion,
  IdempotencyRecord,
  NewEvent,
  RecordedEvent,
  StreamRef,
} from '../envelope.ts';
import {
  ContentionError,
  IdempotencyKeyTakenError,
  StoreUnavailableError,
  VersionConflictError,
} from '../errors.ts';
import { GENESIS_HASH, type ChainHead } from '../integrity.ts';
import type { EventRegistry } from '../registry.ts';
import { prepareAppend, recordEvents, versionRange, type EventStore, type PreparedEvent, type ReadOptions, type VersionRange } from '../store.ts';
import { itemToEvent, itemToIdempotency } from './event-item.ts';
import { FEED_PARTITION, IDEMPOTENCY_SORT_KEY, LIMITS, PARTITION_KEY, SORT_KEY, idempotencyPartition, padNumber, streamPartition } from './keys.ts';
import { toStoreError } from './store-errors.ts';
import { appendItems, type ItemRole, type TxItem } from './transaction-items.ts';

export interface DynamoEventStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  registry: EventRegistry;
  /** Attempts when another writer takes the same global position first. */
  maxAppendAttempts?: number;
  /**
   * How long appends wait behind a turn (head read, version reads, transaction) that DynamoDB has
   * not answered: then they fail as StoreUnavailableError without being sent, and so do appends
   * arriving until it answers. Default 2000 ms, below one SDK request timeout.
   */
  queueTimeoutMs?: number;
  now?: () => Date;
}

/** An append waiting for its place in a transaction. */
interface QueuedAppend {
  /** Arrival order: positions follow it, and retries keep their place ahead of later arrivals. */
  seq: number;
  stream: StreamRef;
  expectedVersion: ExpectedVersion;
  events: PreparedEvent[];
  meta: AppendMeta;
  /** Transactions this append lost to contention (feed race, TransactionConflict, moved 'any' stream). */
  contended: number;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** An append given its positions, hashes and items within one transaction. */
interface PlannedAppend {
  append: QueuedAppend;
  recorded: RecordedEvent[];
  items: TxItem[];
  roles: ItemRole[];
  bytes: number;
}

/**
 * Appends with ≥ 2 items each (a stream item and a feed item per event), so no transaction can
 * hold more than this many of them.
 */
const MAX_APPENDS_PER_TRANSACTION = LIMITS.transactionItems / 2;

/**
 * The event log on one DynamoDB table. An append is a set of Puts guarded by attribute_not_exists:
 * the stream items make the stream version atomic, the feed items make the global position
 * gapless, and an optional idempotency item makes a retried append write nothing. It never issues
 * UpdateItem or DeleteItem.
 *
 * Group commit: a process sends one TransactWriteItems at a time, so its appends never race each
 * other for a position; the appends that queue while one is in flight go out together in the next
 * one, positions in queue order and the hash chain continued across them. A turn DynamoDB does
 * not answer holds the queue for at most `queueTimeoutMs`; a transaction whose answer is lost
 * (timeout, network) is settled by reading back whether its events are in the log.
 */
export class DynamoEventStore implements EventStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly registry: EventRegistry;
  private readonly maxAttempts: number;
  private readonly queueTimeoutMs: number;
  private readonly now: () => Date;
  private queue: QueuedAppend[] = [];
  private nextSeq = 0;
  private draining = false;
  /** The turn in flight has taken longer than `queueTimeoutMs`: appends fail instead of queueing. */
  private stalled = false;
  /**
   * The head this process last wrote or read; reset whenever another writer may have moved it.
   * Writes from it carry a ConditionCheck that its feed item still exists.
   */
  private knownHead: ChainHead | null = null;

  constructor(options: DynamoEventStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.registry = options.registry;
    this.maxAttempts = options.maxAppendAttempts ?? 8;
    this.queueTimeoutMs = options.queueTimeoutMs ?? 2000;
    this.now = options.now ?? (() => new Date());
  }

  async append(
    stream: StreamRef,
    expectedVersion: ExpectedVersion,
    events: NewEvent[],
    meta: AppendMeta,
  ): Promise<AppendResult> {
    const prepared = prepareAppend(this.registry, stream, expectedVersion, events, meta);
    if (this.stalled) throw this.notSent();
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ seq: this.nextSeq++, stream, expectedVersion, events: prepared, meta, contended: 0, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** The one loop that writes: a transaction per turn, for everything that queued meanwhile. */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        const watchdog = setTimeout(() => this.stall(), this.queueTimeoutMs);
        try {
          await this.commit(batch);
        } catch (error) {
          // commit settles every append itself; this only keeps a bug from leaving callers waiting.
          this.queue = this.queue.filter((queued) => !batch.includes(queued));
          for (const append of batch) append.reject(error);
        } finally {
          clearTimeout(watchdog);
          this.stalled = false;
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * The turn in flight has not answered within the bound: the appends queued behind it fail now,
   * unsent, rather than wait out the SDK's timeouts and retries. Failing is safe (they wrote
   * nothing) where sending them in a second transaction alongside would not be: this process would
   * race itself for positions, and most likely get stuck the same way.
   */
  private stall(): void {
    this.stalled = true;
    const waiting = this.queue;
    this.queue = [];
    for (const append of waiting) append.reject(this.notSent());
  }

  private notSent(): StoreUnavailableError {
    return new StoreUnavailableError(
      `The event store is unavailable: the write before this one has had no answer from DynamoDB for ${this.queueTimeoutMs} ms; this one was not sent and nothing of it was written`,
    );
  }

  /**
   * The queued appends that may share a transaction, in queue order: a transaction may not touch
   * an item twice, so a later append to a stream or idempotency key already taken waits for the
   * next one (where it meets the outcome of the earlier one, as if sequential).
   */
  private takeBatch(): QueuedAppend[] {
    const taken = new Set<string>();
    const batch: QueuedAppend[] = [];
    const rest: QueuedAppend[] = [];
    for (const append of this.queue) {
      const keys = [append.stream, ...(append.meta.readStreams ?? []).map((read) => read.stream)].map((s) => streamPartition(s.kind, s.id));
      if (append.meta.idempotencyKey) keys.push(idempotencyPartition(append.meta.actor.id, append.meta.idempotencyKey));
      if (batch.length < MAX_APPENDS_PER_TRANSACTION && !keys.some((key) => taken.has(key))) {
        batch.push(append);
        for (const key of keys) taken.add(key);
      } else {
        rest.push(append);
      }
    }
    this.queue = rest;
    return batch;
  }

  private requeue(appends: QueuedAppend[]): void {
    if (appends.length === 0) return;
    this.queue.push(...appends);
    this.queue.sort((a, b) => a.seq - b.seq);
  }

  /** One transaction for `batch`: settles each append, or puts it back in the queue for another. */
  private async commit(batch: QueuedAppend[]): Promise<void> {
    const remembered = this.knownHead;
    let head: ChainHead;
    try {
      head = remembered ?? (await this.readHead());
    } catch (error) {
      for (const append of batch) append.reject(error);
      return;
    }
    // Read after the head, so a stream version is at least as fresh as the position it goes to.
    const versions = await Promise.allSettled(
      batch.map(async (append) =>
        append.expectedVersion === 'any'
          ? this.streamVersion(append.stream)
          : append.expectedVersion === 'no-stream'
            ? 0
            : append.expectedVersion,
      ),
    );

    // From a remembered head N, the feed item N must still exist: if it vanished (or the table was
    // restored), writing N+1 would leave a gap. One more item, no extra round trip.
    const guarded = remembered !== null && head.position > 0;
    const items: TxItem[] = [];
    /** Per transaction item, the append and role it belongs to (null: the head guard). */
    const owners: ({ plan: PlannedAppend; role: ItemRole } | null)[] = [];
    if (guarded) {
      items.push({
        ConditionCheck: {
          TableName: this.tableName,
          Key: { [PARTITION_KEY]: FEED_PARTITION, [SORT_KEY]: padNumber(head.position) },
          ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
        },
      });
      owners.push(null);
    }
    const planned: PlannedAppend[] = [];
    const later: QueuedAppend[] = [];
    let tail = head;
    let bytes = 0;
    for (const [index, append] of batch.entries()) {
      const version = versions[index]!;
      if (version.status === 'rejected') {
        append.reject(version.reason);
        continue;
      }
      if (later.length > 0) {
        later.push(append);
        continue;
      }
      let plan: PlannedAppend;
      try {
        plan = this.planAppend(append, version.value, tail);
      } catch (error) {
        append.reject(error); // TooLargeError: this append alone breaks a limit
        continue;
      }
      if (items.length + plan.items.length > LIMITS.transactionItems || bytes + plan.bytes > LIMITS.transactionBytes) {
        later.push(append);
        continue;
      }
      planned.push(plan);
      items.push(...plan.items);
      for (const role of plan.roles) owners.push({ plan, role });
      bytes += plan.bytes;
      const last = plan.recorded[plan.recorded.length - 1]!;
      tail = { position: last.position, hash: last.hash };
    }
    if (planned.length === 0) {
      // Only the guard can crowd out an append that fits alone: read the head instead of guarding it.
      if (later.length > 0) this.knownHead = null;
      this.requeue(later);
      return;
    }

    // Not in this transaction: back in the queue while it is out, so a stall fails them too (now,
    // if the reads before it already took that long).
    if (this.stalled) for (const append of later) append.reject(this.notSent());
    else this.requeue(later);
    try {
      // The SDK gives the transaction a ClientRequestToken and its own retries resend it: a retry
      // of an attempt that committed is answered as a success, not cancelled by its own items.
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        await this.settleCancelled(planned, owners, error);
        return;
      }
      this.knownHead = null;
      if (!mayHaveCommitted(error)) {
        const storeError = toStoreError(error);
        for (const plan of planned) plan.append.reject(storeError);
        return;
      }
      const outcome = await this.readBack(planned);
      if (outcome !== 'committed') {
        const storeError = outcome === 'not committed' ? notCommitted(error) : outcomeUnknown(error, outcome);
        for (const plan of planned) plan.append.reject(storeError);
        return;
      }
    }
    this.knownHead = tail;
    for (const { append, recorded } of planned) {
      const last = recorded[recorded.length - 1]!;
      append.resolve({ events: recorded, streamVersion: last.version, position: last.position });
    }
  }

  /**
   * Whether a transaction whose answer was lost committed: its feed items, read back consistently,
   * carry its event ids (all of them or none: a transaction is atomic), or the read fails too.
   */
  private async readBack(planned: PlannedAppend[]): Promise<'committed' | 'not committed' | Error> {
    const events = planned.flatMap((plan) => plan.recorded);
    let found: Record<string, unknown>[];
    try {
      found = await this.queryRaw(
        {
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :first AND :last',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY, '#position': 'position', '#eventId': 'eventId' },
          ExpressionAttributeValues: {
            ':pk': FEED_PARTITION,
            ':first': padNumber(events[0]!.position),
            ':last': padNumber(events[events.length - 1]!.position),
          },
          ProjectionExpression: '#position, #eventId',
        },
        Number.POSITIVE_INFINITY,
      );
    } catch (error) {
      return error as Error;
    }
    const atPosition = new Map(found.map((item) => [Number(item.position), item.eventId]));
    const ours = events.filter((event) => atPosition.get(event.position) === event.eventId).length;
    if (ours === events.length) return 'committed';
    if (ours === 0) return 'not committed';
    return new Error(`${ours} of the ${events.length} events read back are in the log`);
  }

  /**
   * CancellationReasons are per item: an append whose idempotency item or stream condition failed
   * gets the error it would get alone; the others go back in the queue. A feed race, a
   * TransactionConflict, a moved 'any' stream or a vanished head count as contention: bounded
   * retries with backoff from a fresh head. Appends cancelled only for another's conflict retry at
   * once, uncharged.
   */
  private async settleCancelled(
    planned: PlannedAppend[],
    owners: ({ plan: PlannedAppend; role: ItemRole } | null)[],
    error: TransactionCanceledException,
  ): Promise<void> {
    const failed = new Map<PlannedAppend, Set<string>>();
    let contended = false;
    for (const [index, reason] of (error.CancellationReasons ?? []).entries()) {
      if (!reason.Code || reason.Code === 'None') continue;
      const owner = owners[index];
      if (!owner) {
        contended = true; // the guard: the remembered head is gone
        continue;
      }
      failed.set(owner.plan, (failed.get(owner.plan) ?? new Set()).add(`${owner.role}:${reason.Code}`));
    }

    const retry: QueuedAppend[] = [];
    const conflicts: QueuedAppend[] = [];
    const movedReads: QueuedAppend[] = [];
    for (const plan of planned) {
      const { append } = plan;
      const codes = failed.get(plan) ?? new Set();
      if (codes.has('idempotency:ConditionalCheckFailed')) {
        append.reject(new IdempotencyKeyTakenError(append.meta.idempotencyKey ?? ''));
      } else if (codes.has('stream:ConditionalCheckFailed') && append.expectedVersion !== 'any') {
        conflicts.push(append);
      } else if (codes.has('read:ConditionalCheckFailed')) {
        movedReads.push(append);
      } else {
        if (codes.size > 0) contended = true;
        retry.push(append);
      }
    }
    // Nobody to blame (no reasons given): a race, so the retries stay bounded.
    if (retry.length === planned.length) contended = true;

    // Each conflict names the stream that moved and where it is now.
    const conflict = async (append: QueuedAppend): Promise<VersionConflictError> => {
      if (!movedReads.includes(append)) {
        const expected = append.expectedVersion as number | 'no-stream';
        return new VersionConflictError(append.stream, expected, await this.streamVersion(append.stream));
      }
      const reads = append.meta.readStreams ?? [];
      const actual = await Promise.all(reads.map((read) => this.streamVersion(read.stream)));
      const moved = Math.max(0, actual.findIndex((version, i) => version !== reads[i]!.version));
      return new VersionConflictError(reads[moved]!.stream, reads[moved]!.version, actual[moved]!);
    };
    await Promise.all(
      [...conflicts, ...movedReads].map((append) => conflict(append).then(append.reject, append.reject)),
    );
    if (!contended) {
      // No feed item failed, so the remembered head stands (and the guard would catch it if not).
      this.requeue(retry);
      return;
    }
    this.knownHead = null;
    let attempt = 0;
    for (const append of retry) {
      append.contended += 1;
      attempt = Math.max(attempt, append.contended);
      if (append.contended >= this.maxAttempts) append.reject(new ContentionError(this.maxAttempts));
    }
    await jitteredBackoff(attempt);
    this.requeue(retry.filter((append) => append.contended < this.maxAttempts));
  }

  /**
   * Positions, hashes and items of one append placed after `tail`. Throws TooLargeError when the
   * append alone breaks a DynamoDB limit, before anything is written.
   */
  private planAppend(append: QueuedAppend, streamVersion: number, tail: ChainHead): PlannedAppend {
    const { stream, meta } = append;
    const recorded = recordEvents(append.events, stream, streamVersion, tail, meta, this.now().toISOString());
    const { items, roles, bytes } = appendItems(this.tableName, stream, append.expectedVersion, streamVersion, recorded, meta);
    return { append, recorded, items, roles, bytes };
  }

  async readStream(stream: StreamRef, range: VersionRange = {}, options: ReadOptions = {}): Promise<RecordedEvent[]> {
    const versions = versionRange(range);
    if (!versions) return [];
    const { from, to } = versions;
    return this.query({
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': streamPartition(stream.kind, stream.id),
        ':from': padNumber(from),
        ':to': padNumber(Math.min(to, 10 ** 15 - 1)),
      },
    }, Number.POSITIVE_INFINITY, options);
  }

  async readAll(afterPosition: number, limit = Number.POSITIVE_INFINITY, options: ReadOptions = {}): Promise<RecordedEvent[]> {
    return this.query(
      {
        KeyConditionExpression: '#pk = :pk AND #sk > :after',
        ExpressionAttributeValues: { ':pk': FEED_PARTITION, ':after': padNumber(afterPosition) },
      },
      limit,
      options,
    );
  }

  async head(): Promise<ChainHead> {
    return this.readHead();
  }

  async findIdempotency(actorId: string, key: string): Promise<IdempotencyRecord | null> {
    try {
      const { Item } = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [PARTITION_KEY]: idempotencyPartition(actorId, key), [SORT_KEY]: IDEMPOTENCY_SORT_KEY },
          ConsistentRead: true,
        }),
      );
      return Item ? itemToIdempotency(Item) : null;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private async readHead(): Promise<ChainHead> {
    const [last] = await this.queryRaw({
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeValues: { ':pk': FEED_PARTITION },
      ScanIndexForward: false,
      Limit: 1,
      ProjectionExpression: '#position, #hash',
      ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#position': 'position', '#hash': 'hash' },
    }, 1);
    return last ? { position: Number(last.position), hash: String(last.hash) } : { position: 0, hash: GENESIS_HASH };
  }

  private async streamVersion(stream: StreamRef): Promise<number> {
    const [last] = await this.queryRaw({
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeValues: { ':pk': streamPartition(stream.kind, stream.id) },
      ScanIndexForward: false,
      Limit: 1,
      ProjectionExpression: '#version',
      ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#version': 'version' },
    }, 1);
    return last ? Number(last.version) : 0;
  }

  /** Consistent query over every 1 MB page (or until `limit`), each event read as this code reads it (registry.upcast). */
  private async query(input: Omit<QueryCommandInput, 'TableName'>, limit: number, options: ReadOptions = {}): Promise<RecordedEvent[]> {
    const items = await this.queryRaw(
      { ...input, ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY } },
      limit,
    );
    return items.map((item) => {
      const event = itemToEvent(item);
      return options.raw ? event : this.registry.upcast(event);
    });
  }

  private async queryRaw(input: Omit<QueryCommandInput, 'TableName'>, limit: number): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const remaining = limit - items.length;
        const page = await this.client.send(
          new QueryCommand({
            ...input,
            TableName: this.tableName,
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
            Limit: input.Limit ?? (Number.isFinite(remaining) ? remaining : undefined),
          }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey && items.length < limit);
    } catch (error) {
      throw toStoreError(error);
    }
    return items;
  }
}

/** Full-jitter exponential backoff: 0..min(200, 10 * 2^attempt) ms. */
function jitteredBackoff(attempt: number): Promise<void> {
  const cap = Math.min(200, 10 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
}

/**
 * False when DynamoDB answered and refused the one attempt (a 4xx: throttled, invalid), so nothing
 * was done; true for a lost answer (timeout, network, 5xx) and for a refusal after retries, which
 * may follow an attempt that committed (TransactionInProgressException, for one).
 */
function mayHaveCommitted(error: unknown): boolean {
  const metadata = (error as { $metadata?: { httpStatusCode?: number; attempts?: number } }).$metadata;
  const status = metadata?.httpStatusCode ?? 0;
  return !(status >= 400 && status < 500 && (metadata?.attempts ?? 1) <= 1);
}

const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

function notCommitted(error: unknown): StoreUnavailableError {
  return new StoreUnavailableError(
    `The event store is unavailable: the transaction's answer was lost (${describeError(error)}), and reading it back shows it did not commit; nothing was written`,
    { cause: error },
  );
}

function outcomeUnknown(error: unknown, readBack: Error): StoreUnavailableError {
  const reason = describeError(error);
  return new StoreUnavailableError(
    `The event store is unavailable and the outcome of this write is unknown: the transaction was sent, its answer was lost (${reason}), and reading back whether it committed failed (${readBack.message}). Retry with the same idempotency key.`,
    { cause: error, outcomeUnknown: true },
  );
}

import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { Mutex } from 'async-mutex';
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
  TooLargeError,
  VersionConflictError,
} from '../errors.ts';
import { GENESIS_HASH, hashEvent, type ChainHead } from '../integrity.ts';
import type { EventRegistry } from '../registry.ts';
import type { EventStore, ReadOptions } from '../store.ts';
import {
  feedItem,
  idempotencyItem,
  itemBytes,
  itemToEvent,
  itemToIdempotency,
  streamItem,
} from './event-item.ts';
import {
  FEED_PARTITION,
  IDEMPOTENCY_SORT_KEY,
  LIMITS,
  PARTITION_KEY,
  SORT_KEY,
  idempotencyPartition,
  padNumber,
  streamPartition,
} from './keys.ts';
import { toStoreError } from './store-errors.ts';

export interface DynamoEventStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  registry: EventRegistry;
  /** Attempts when another writer takes the same global position first. */
  maxAppendAttempts?: number;
  now?: () => Date;
}

type TxItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * The event log on one DynamoDB table. An append is one TransactWriteItems of Puts guarded by
 * attribute_not_exists: the stream items make the stream version atomic, the feed items make the
 * global position gapless, and an optional idempotency item makes a retried append write nothing.
 * It never issues UpdateItem or DeleteItem.
 */
export class DynamoEventStore implements EventStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly registry: EventRegistry;
  private readonly maxAttempts: number;
  private readonly now: () => Date;
  /** Appends from this process are serialised, so they never race each other for a position. */
  private readonly appendLock = new Mutex();
  /** The head this process last wrote or read; reset whenever another writer may have moved it. */
  private knownHead: ChainHead | null = null;

  constructor(options: DynamoEventStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.registry = options.registry;
    this.maxAttempts = options.maxAppendAttempts ?? 8;
    this.now = options.now ?? (() => new Date());
  }

  async append(
    stream: StreamRef,
    expectedVersion: ExpectedVersion,
    events: NewEvent[],
    meta: AppendMeta,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new TooLargeError('EMPTY_APPEND', 0, 1, 'an append needs at least one event');
    // The JSON round trip makes the hashed payload exactly what a reader parses back.
    const validated = events.map((event) => {
      const { payload, schemaVersion } = this.registry.forAppend(event.type, event.payload);
      return { type: event.type, schemaVersion, payload: JSON.parse(JSON.stringify(payload)) as unknown };
    });

    return this.appendLock.runExclusive(async () => {
      for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
        const head = this.knownHead ?? (await this.readHead());
        const streamVersion =
          expectedVersion === 'any' ? await this.streamVersion(stream) : expectedVersion === 'no-stream' ? 0 : expectedVersion;
        const recordedAt = this.now().toISOString();

        let previousHash = head.hash;
        const recorded: RecordedEvent[] = validated.map((event, index) => {
          const unhashed = {
            eventId: randomUUID(),
            stream,
            version: streamVersion + index + 1,
            position: head.position + index + 1,
            type: event.type,
            schemaVersion: event.schemaVersion,
            recordedAt,
            actor: meta.actor,
            reason: meta.reason ?? null,
            idempotencyKey: meta.idempotencyKey ?? null,
            payload: event.payload,
            previousHash,
          };
          const hash = hashEvent(unhashed);
          previousHash = hash;
          return { ...unhashed, hash };
        });

        const { items, roles } = this.transactionItems(stream, expectedVersion, streamVersion, recorded, meta);
        try {
          await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        } catch (error) {
          this.knownHead = null;
          if (!(error instanceof TransactionCanceledException)) throw toStoreError(error);
          const failed = new Set(
            (error.CancellationReasons ?? []).flatMap((reason, index) =>
              reason.Code && reason.Code !== 'None' ? [`${roles[index]}:${reason.Code}`] : [],
            ),
          );
          if (failed.has('idempotency:ConditionalCheckFailed')) {
            throw new IdempotencyKeyTakenError(meta.idempotencyKey ?? '');
          }
          if (failed.has('stream:ConditionalCheckFailed') && expectedVersion !== 'any') {
            throw new VersionConflictError(stream, expectedVersion, await this.streamVersion(stream));
          }
          // A feed race, a TransactionConflict, or a moved stream with expectedVersion 'any': retry.
          await jitteredBackoff(attempt);
          continue;
        }
        const last = recorded[recorded.length - 1]!;
        this.knownHead = { position: last.position, hash: last.hash };
        return { events: recorded, streamVersion: last.version, position: last.position };
      }
      throw new ContentionError(this.maxAttempts);
    });
  }

  private transactionItems(
    stream: StreamRef,
    expectedVersion: ExpectedVersion,
    streamVersion: number,
    recorded: RecordedEvent[],
    meta: AppendMeta,
  ): { items: TxItem[]; roles: ('stream' | 'feed' | 'idempotency')[] } {
    const absent = `attribute_not_exists(${PARTITION_KEY})`;
    const items: TxItem[] = [];
    const roles: ('stream' | 'feed' | 'idempotency')[] = [];
    const sizes: number[] = [];
    const put = (role: (typeof roles)[number], item: Record<string, unknown>) => {
      items.push({ Put: { TableName: this.tableName, Item: item, ConditionExpression: absent } });
      roles.push(role);
      sizes.push(itemBytes(item));
    };

    if (typeof expectedVersion === 'number' && expectedVersion > 0) {
      // "Exactly version N": item N must exist (the puts below make sure N+1 does not).
      items.push({
        ConditionCheck: {
          TableName: this.tableName,
          Key: { [PARTITION_KEY]: streamPartition(stream.kind, stream.id), [SORT_KEY]: padNumber(expectedVersion) },
          ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
        },
      });
      roles.push('stream');
      sizes.push(0);
    }
    if (meta.idempotencyKey) {
      const first = recorded[0]!;
      const last = recorded[recorded.length - 1]!;
      put(
        'idempotency',
        idempotencyItem({
          actorId: meta.actor.id,
          key: meta.idempotencyKey,
          requestHash: meta.requestHash ?? '',
          stream,
          fromVersion: streamVersion + 1,
          toVersion: last.version,
          firstPosition: first.position,
          lastPosition: last.position,
          recordedAt: first.recordedAt,
        }),
      );
    }
    for (const event of recorded) put('stream', streamItem(event));
    for (const event of recorded) put('feed', feedItem(event));

    for (const [index, size] of sizes.entries()) {
      if (size > LIMITS.itemBytes) {
        throw new TooLargeError(
          'ITEM_SIZE',
          size,
          LIMITS.itemBytes,
          `event ${index} is ${size} bytes stored; DynamoDB allows ${LIMITS.itemBytes} per item`,
        );
      }
    }
    if (items.length > LIMITS.transactionItems) {
      throw new TooLargeError(
        'TRANSACTION_ITEMS',
        items.length,
        LIMITS.transactionItems,
        `${recorded.length} events need ${items.length} items; one append allows ${LIMITS.transactionItems}`,
      );
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total > LIMITS.transactionBytes) {
      throw new TooLargeError(
        'TRANSACTION_SIZE',
        total,
        LIMITS.transactionBytes,
        `the append is ${total} bytes; one transaction allows ${LIMITS.transactionBytes}`,
      );
    }
    return { items, roles };
  }

  async readStream(
    stream: StreamRef,
    range: { fromVersion?: number; toVersion?: number } = {},
    options: ReadOptions = {},
  ): Promise<RecordedEvent[]> {
    const from = Math.max(1, range.fromVersion ?? 1);
    const to = range.toVersion ?? Number.MAX_SAFE_INTEGER;
    if (to < from) return [];
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

  /** Consistent query over every 1 MB page (or until `limit`), upcasting and validating each event. */
  private async query(input: Omit<QueryCommandInput, 'TableName'>, limit: number, options: ReadOptions = {}): Promise<RecordedEvent[]> {
    const items = await this.queryRaw(
      { ...input, ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY } },
      limit,
    );
    return items.map((item) => {
      const event = itemToEvent(item);
      return options.raw ? event : { ...event, payload: this.registry.onRead(event.type, event.schemaVersion, event.payload) };
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

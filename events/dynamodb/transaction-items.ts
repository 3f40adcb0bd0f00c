import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AppendMeta, ExpectedVersion, RecordedEvent, StreamRef } from '../envelope.ts';
import { TooLargeError } from '../errors.ts';
import { feedItem, idempotencyItem, itemBytes, streamItem } from './event-item.ts';
import { LIMITS, PARTITION_KEY, SORT_KEY, padNumber, streamPartition } from './keys.ts';

export type TxItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];
/** What a transaction item is for: `read` checks that a stream the decision read has not moved. */
export type ItemRole = 'stream' | 'feed' | 'idempotency' | 'read';

export interface AppendItems {
  items: TxItem[];
  roles: ItemRole[];
  /** Stored size of the items, as DynamoDB counts it against the transaction limit. */
  bytes: number;
}

/**
 * The TransactWriteItems items of one append of `recorded` (already given versions, positions and
 * hashes) to a stream now at `streamVersion`: the checks that make `expectedVersion` and
 * `meta.readStreams` atomic, the idempotency item, a stream item and a feed item per event.
 * Throws TooLargeError when the append alone breaks a DynamoDB limit. The in-memory store builds
 * the same items to apply the same limits to the same bytes.
 */
export function appendItems(
  tableName: string,
  stream: StreamRef,
  expectedVersion: ExpectedVersion,
  streamVersion: number,
  recorded: readonly RecordedEvent[],
  meta: AppendMeta,
): AppendItems {
  const absent = `attribute_not_exists(${PARTITION_KEY})`;
  const items: TxItem[] = [];
  const roles: ItemRole[] = [];
  /** Per Put: its stored size and the event it stores (null: the idempotency item). */
  const puts: { bytes: number; event: number | null }[] = [];
  const put = (role: ItemRole, item: Record<string, unknown>, event: number | null) => {
    items.push({ Put: { TableName: tableName, Item: item, ConditionExpression: absent } });
    roles.push(role);
    puts.push({ bytes: itemBytes(item), event });
  };

  if (typeof expectedVersion === 'number' && expectedVersion > 0) {
    // "Exactly version N": item N must exist (the puts below make sure N+1 does not).
    items.push({
      ConditionCheck: {
        TableName: tableName,
        Key: { [PARTITION_KEY]: streamPartition(stream.kind, stream.id), [SORT_KEY]: padNumber(expectedVersion) },
        ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
      },
    });
    roles.push('stream');
  }
  for (const read of meta.readStreams ?? []) {
    // The stream the decision read is still at that version: the next one does not exist.
    items.push({
      ConditionCheck: {
        TableName: tableName,
        Key: { [PARTITION_KEY]: streamPartition(read.stream.kind, read.stream.id), [SORT_KEY]: padNumber(read.version + 1) },
        ConditionExpression: absent,
      },
    });
    roles.push('read');
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
      null,
    );
  }
  for (const [index, event] of recorded.entries()) put('stream', streamItem(event), index);
  for (const [index, event] of recorded.entries()) put('feed', feedItem(event), index);

  for (const { bytes, event } of puts) {
    if (bytes > LIMITS.itemBytes) {
      const what = event === null ? 'the idempotency record' : `event ${event}`;
      throw new TooLargeError(
        'ITEM_SIZE',
        bytes,
        LIMITS.itemBytes,
        `${what} is ${bytes} bytes stored; DynamoDB allows ${LIMITS.itemBytes} per item`,
        event ?? undefined,
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
  const bytes = puts.reduce((sum, p) => sum + p.bytes, 0);
  if (bytes > LIMITS.transactionBytes) {
    throw new TooLargeError(
      'TRANSACTION_SIZE',
      bytes,
      LIMITS.transactionBytes,
      `the append is ${bytes} bytes; one transaction allows ${LIMITS.transactionBytes}`,
    );
  }
  return { items, roles, bytes };
}

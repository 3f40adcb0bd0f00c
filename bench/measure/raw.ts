import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FEED_PARTITION, PARTITION_KEY, SORT_KEY, padNumber, streamPartition } from '../../events/dynamodb/keys.ts';

/**
 * The store's own DynamoDB calls without the store: the baselines every ratio is taken against,
 * issued with the same document client settings the API uses.
 */
export class RawDynamo {
  /** Last feed position written per raw table, shared by every writer of the run. */
  private static readonly positions = new Map<string, number>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    /** Table the raw writes go to: not the API's, so they never race its appends. */
    private readonly rawTable: string,
    /** An event item exactly as the store wrote it (see `eventTemplate`). */
    private readonly template: Record<string, unknown>,
  ) {}

  /**
   * One TransactWriteItems of what an append of one event to a new stream writes: its stream item
   * and its feed item, each a Put with attribute_not_exists, the same attributes and sizes.
   */
  async appendTransaction(): Promise<number> {
    const position = (RawDynamo.positions.get(this.rawTable) ?? 0) + 1;
    RawDynamo.positions.set(this.rawTable, position);
    const streamId = randomUUID();
    const attributes = { ...this.template, streamId, position, eventId: randomUUID() };
    const kind = String(this.template.streamKind);
    const condition = `attribute_not_exists(${PARTITION_KEY})`;
    const started = performance.now();
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.rawTable, ConditionExpression: condition, Item: { ...attributes, [PARTITION_KEY]: streamPartition(kind, streamId), [SORT_KEY]: padNumber(1) } } },
          { Put: { TableName: this.rawTable, ConditionExpression: condition, Item: { ...attributes, [PARTITION_KEY]: FEED_PARTITION, [SORT_KEY]: padNumber(position) } } },
        ],
      }),
    );
    return performance.now() - started;
  }
}

/** The stored item of one event (its stream copy), to copy attributes and sizes from. */
export async function eventTemplate(client: DynamoDBDocumentClient, table: string, kind: string, id: string): Promise<Record<string, unknown>> {
  const { Item } = await client.send(
    new GetCommand({ TableName: table, Key: { [PARTITION_KEY]: streamPartition(kind, id), [SORT_KEY]: padNumber(1) }, ConsistentRead: true }),
  );
  if (!Item) throw new Error(`no stream item for ${kind}/${id} in ${table}`);
  const { [PARTITION_KEY]: _pk, [SORT_KEY]: _sk, ...attributes } = Item;
  return attributes;
}

/** One consistent Query of the feed: the newest `limit` items, or (after: position) the tail a catch-up reads. */
export async function feedQuery(client: DynamoDBDocumentClient, table: string, options: { limit?: number; after?: number }): Promise<{ ms: number; items: number }> {
  const started = performance.now();
  const page = await client.send(
    new QueryCommand({
      TableName: table,
      ConsistentRead: true,
      KeyConditionExpression: options.after === undefined ? '#pk = :pk' : '#pk = :pk AND #sk > :after',
      ExpressionAttributeNames: { '#pk': PARTITION_KEY, ...(options.after === undefined ? {} : { '#sk': SORT_KEY }) },
      ExpressionAttributeValues: { ':pk': FEED_PARTITION, ...(options.after === undefined ? {} : { ':after': padNumber(options.after) }) },
      ScanIndexForward: options.after !== undefined,
      Limit: options.limit,
    }),
  );
  return { ms: performance.now() - started, items: page.Items?.length ?? 0 };
}

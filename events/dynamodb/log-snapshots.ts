import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RecordedEvent } from '../envelope.ts';
import type { LogChunk, LogSnapshotSource } from '../snapshotted-store.ts';
import { padNumber, PARTITION_KEY, SORT_KEY } from './keys.ts';

/**
 * Runs of the log kept in a separate, disposable table so a cold process reads a few compressed
 * items instead of the whole feed. Never the events table: losing or emptying this table only
 * makes cold starts slower again.
 *
 *   chunk part   pk LOG         sk <first position, zero-padded>#<digest>#<part, zero-padded>
 *   chunk entry  pk LOG-INDEX   sk <first position, zero-padded>#<digest>
 *
 * A chunk is the raw events (as stored, before upcasting) of positions from..to as gzipped JSON,
 * split into parts that fit DynamoDB's item limit. The digest of the compressed bytes keeps the
 * parts of two writers' encodings of the same run apart (key order may differ between them). The
 * entry, written once every part is, lists the chunk: listing the parts themselves would read
 * every chunk's bytes (a Query reads whole items, whatever it projects), about 140 MB at a million
 * events. A chunk without its entry is not used; one missing a part fails when read.
 */
const PARTITION = 'LOG';
const INDEX_PARTITION = 'LOG-INDEX';
/** Bump when the chunk encoding changes: chunks of another format are ignored, never misread. */
const FORMAT = 1;
const PART_BYTES = 350 * 1024;

interface PartItem {
  from: number;
  to: number;
  digest: string;
  part: number;
  parts: number;
  format: number;
  previousHash: string;
  lastHash: string;
  data: Uint8Array;
}

export class DynamoLogSnapshots implements LogSnapshotSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Every complete chunk's description (no data: a chunk's parts are read when its events are asked for). */
  async chunks(): Promise<LogChunk[]> {
    const chunks: LogChunk[] = [];
    for await (const entry of this.query(INDEX_PARTITION)) {
      if (entry.format !== FORMAT) continue;
      chunks.push({
        from: entry.from,
        to: entry.to,
        previousHash: entry.previousHash,
        lastHash: entry.lastHash,
        events: async () => {
          const data: PartItem[] = [];
          for await (const item of this.query(PARTITION, `${padNumber(entry.from)}#${entry.digest}#`)) data.push(item);
          if (data.length !== entry.parts) throw new Error(`chunk ${entry.from} has ${data.length} of its ${entry.parts} parts`);
          data.sort((a, b) => a.part - b.part);
          return JSON.parse(gunzipSync(Buffer.concat(data.map((p) => p.data))).toString('utf8')) as RecordedEvent[];
        },
      });
    }
    return chunks.sort((a, b) => a.from - b.from);
  }

  /** The items of `partition`, or those whose sort key starts with `prefix`. */
  private async *query(partition: string, prefix?: string): AsyncGenerator<PartItem> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, ...(prefix && { '#sk': SORT_KEY }) },
          ExpressionAttributeValues: { ':pk': partition, ...(prefix && { ':prefix': prefix }) },
          ExclusiveStartKey: startKey,
        }),
      );
      yield* (page.Items ?? []) as PartItem[];
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  async write(events: readonly RecordedEvent[]): Promise<void> {
    const first = events[0]!;
    const last = events[events.length - 1]!;
    const data = gzipSync(JSON.stringify(events));
    const digest = digestOf(data);
    const key = `${padNumber(first.position)}#${digest}`;
    const entry = { from: first.position, to: last.position, digest, format: FORMAT, previousHash: first.previousHash, lastHash: last.hash };
    const parts = await putParts(this.client, this.tableName, data, (part, count) => ({
      [PARTITION_KEY]: PARTITION,
      [SORT_KEY]: `${key}#${String(part).padStart(4, '0')}`,
      ...entry,
      part,
      parts: count,
    }));
    // The same key holds the same entry whoever writes it: a plain put.
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { [PARTITION_KEY]: INDEX_PARTITION, [SORT_KEY]: key, ...entry, parts } }));
  }
}

/** Short digest of encoded bytes: it keeps two writers' encodings of the same thing apart, and finds damaged ones. */
export const digestOf = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex').slice(0, 16);

/**
 * Writes `data` as items of at most PART_BYTES each (`keyOf` gives each part's key and
 * attributes, `data` is added), only where no item has the key yet: another process that wrote
 * the same key first wrote the same bytes. Returns how many parts it wrote.
 */
export async function putParts(
  client: DynamoDBDocumentClient,
  tableName: string,
  data: Uint8Array,
  keyOf: (part: number, parts: number) => Record<string, unknown>,
): Promise<number> {
  const parts = Math.max(1, Math.ceil(data.length / PART_BYTES));
  await Promise.all(
    Array.from({ length: parts }, (_, part) =>
      client
        .send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keyOf(part, parts), data: data.subarray(part * PART_BYTES, (part + 1) * PART_BYTES) },
            ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }),
    ),
  );
  return parts;
}

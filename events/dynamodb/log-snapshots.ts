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
 *   chunk part  pk LOG   sk <first position, zero-padded>#<digest>#<part, zero-padded>
 *
 * A chunk is the raw events (as stored, before upcasting) of positions from..to as gzipped JSON,
 * split into parts that fit DynamoDB's item limit. The digest of the compressed bytes keeps the
 * parts of two writers' encodings of the same run apart (key order may differ between them); a
 * chunk missing a part is ignored.
 */
const PARTITION = 'LOG';
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
    const byEncoding = new Map<string, Omit<PartItem, 'data'>[]>();
    for await (const item of this.query(PARTITION, ['from', 'to', 'digest', 'part', 'parts', 'format', 'previousHash', 'lastHash'])) {
      if (item.format !== FORMAT) continue;
      const key = `${item.from}#${item.digest}`;
      const parts = byEncoding.get(key) ?? [];
      parts.push(item);
      byEncoding.set(key, parts);
    }
    const chunks: LogChunk[] = [];
    for (const parts of byEncoding.values()) {
      const [first] = parts;
      if (!first || parts.length !== first.parts) continue;
      chunks.push({
        from: first.from,
        to: first.to,
        previousHash: first.previousHash,
        lastHash: first.lastHash,
        events: async () => {
          const data: PartItem[] = [];
          for await (const item of this.query(`${padNumber(first.from)}#${first.digest}#`)) data.push(item);
          if (data.length !== first.parts) throw new Error(`chunk ${first.from} has ${data.length} of its ${first.parts} parts`);
          data.sort((a, b) => a.part - b.part);
          return JSON.parse(gunzipSync(Buffer.concat(data.map((p) => p.data))).toString('utf8')) as RecordedEvent[];
        },
      });
    }
    return chunks.sort((a, b) => a.from - b.from);
  }

  /** The items of the LOG partition: all, with only the attributes `projection` names, or those whose sort key starts with `prefix` (all attributes). */
  private async *query(prefixOrAll: string, projection?: string[]): AsyncGenerator<PartItem> {
    let startKey: Record<string, unknown> | undefined;
    const all = prefixOrAll === PARTITION;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: all ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, ...(all ? {} : { '#sk': SORT_KEY }), ...Object.fromEntries((projection ?? []).map((name, i) => [`#a${i}`, name])) },
          ExpressionAttributeValues: { ':pk': PARTITION, ...(all ? {} : { ':prefix': prefixOrAll }) },
          ProjectionExpression: projection?.map((_, i) => `#a${i}`).join(', '),
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
    await putParts(this.client, this.tableName, data, (part, parts) => ({
      [PARTITION_KEY]: PARTITION,
      [SORT_KEY]: `${padNumber(first.position)}#${digest}#${String(part).padStart(4, '0')}`,
      from: first.position,
      to: last.position,
      digest,
      part,
      parts,
      format: FORMAT,
      previousHash: first.previousHash,
      lastHash: last.hash,
    }));
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

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

  async chunks(): Promise<LogChunk[]> {
    const byEncoding = new Map<string, PartItem[]>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
          ExpressionAttributeValues: { ':pk': PARTITION },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (page.Items ?? []) as PartItem[]) {
        if (item.format !== FORMAT) continue;
        const key = `${item.from}#${item.digest}`;
        const parts = byEncoding.get(key) ?? [];
        parts.push(item);
        byEncoding.set(key, parts);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);

    const chunks: LogChunk[] = [];
    for (const parts of byEncoding.values()) {
      const [first] = parts;
      if (!first || parts.length !== first.parts) continue;
      parts.sort((a, b) => a.part - b.part);
      chunks.push({
        from: first.from,
        to: first.to,
        previousHash: first.previousHash,
        lastHash: first.lastHash,
        events: () => JSON.parse(gunzipSync(Buffer.concat(parts.map((p) => p.data))).toString('utf8')) as RecordedEvent[],
      });
    }
    return chunks.sort((a, b) => a.from - b.from);
  }

  async write(events: readonly RecordedEvent[]): Promise<void> {
    const first = events[0]!;
    const last = events[events.length - 1]!;
    const data = gzipSync(JSON.stringify(events));
    const digest = createHash('sha256').update(data).digest('hex').slice(0, 16);
    const parts = Math.max(1, Math.ceil(data.length / PART_BYTES));
    await Promise.all(
      Array.from({ length: parts }, (_, part) => {
        const item: PartItem & Record<string, unknown> = {
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
          data: data.subarray(part * PART_BYTES, (part + 1) * PART_BYTES),
        };
        return this.client
          .send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: `attribute_not_exists(${PARTITION_KEY})` }))
          .catch((error: unknown) => {
            // Another process wrote the same bytes first.
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          });
      }),
    );
  }
}

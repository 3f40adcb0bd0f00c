import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ViewSnapshot, ViewSnapshotSource } from '../../api/view-snapshots.ts';
import { padNumber, PARTITION_KEY, SORT_KEY } from './keys.ts';
import { digestOf, putParts } from './log-snapshots.ts';

/**
 * View snapshots (api/view-snapshots.ts) in the disposable snapshots table, beside the log's chunks:
 *
 *   part   pk VIEWS        sk <code fingerprint>#<position, zero-padded>#<digest>#<part, zero-padded>
 *   entry  pk VIEWS_INDEX  sk <code fingerprint>#<position, zero-padded>#<digest>
 *
 * The entry is written after every part, so it names a complete snapshot: a cold process reads the
 * newest entries of its fingerprint (one small Query) and then every part of one snapshot at once
 * (GetItem, in parallel), instead of paging through the parts in order, a megabyte a round trip.
 * A snapshot whose bytes do not match their digest (or with a part gone) is passed over.
 */
const PARTITION = 'VIEWS';
const INDEX_PARTITION = 'VIEWS_INDEX';
/** Parts read at once: a 1 000 000-event log's snapshot is about 110 parts. */
const PARALLEL_READS = 16;

interface IndexEntry {
  position: number;
  hash: string;
  digest: string;
  parts: number;
}

export class DynamoViewSnapshots implements ViewSnapshotSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async latest(fingerprint: string, atOrBefore = Number.MAX_SAFE_INTEGER): Promise<ViewSnapshot | null> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
          ExpressionAttributeValues: { ':pk': INDEX_PARTITION, ':from': `${fingerprint}#`, ':to': `${fingerprint}#${padNumber(atOrBefore)}#~` },
          ScanIndexForward: false,
          Limit: 10,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const entry of (page.Items ?? []) as IndexEntry[]) {
        const snapshot = await this.read(fingerprint, entry);
        if (snapshot) return snapshot;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return null;
  }

  async write(fingerprint: string, snapshot: ViewSnapshot): Promise<void> {
    const digest = digestOf(snapshot.data);
    const parts = await putParts(this.client, this.tableName, snapshot.data, (part) => ({
      [PARTITION_KEY]: PARTITION,
      [SORT_KEY]: partKey(fingerprint, snapshot.position, digest, part),
    }));
    const entry: IndexEntry = { position: snapshot.position, hash: snapshot.hash, digest, parts };
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { [PARTITION_KEY]: INDEX_PARTITION, [SORT_KEY]: `${fingerprint}#${padNumber(snapshot.position)}#${digest}`, ...entry } }),
    );
  }

  /** Every part of the snapshot an entry names, read in parallel; null when one is gone or the bytes do not match. */
  private async read(fingerprint: string, entry: IndexEntry): Promise<ViewSnapshot | null> {
    const chunks: (Uint8Array | null)[] = new Array(entry.parts).fill(null);
    let next = 0;
    const reader = async () => {
      for (let part = next++; part < entry.parts; part = next++) {
        const { Item } = await this.client.send(
          new GetCommand({ TableName: this.tableName, Key: { [PARTITION_KEY]: PARTITION, [SORT_KEY]: partKey(fingerprint, entry.position, entry.digest, part) } }),
        );
        chunks[part] = (Item?.data as Uint8Array | undefined) ?? null;
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, entry.parts) }, reader));
    if (chunks.some((chunk) => chunk === null)) return null;
    const data = Buffer.concat(chunks as Uint8Array[]);
    if (digestOf(data) !== entry.digest) return null;
    return { position: entry.position, hash: entry.hash, data };
  }
}

const partKey = (fingerprint: string, position: number, digest: string, part: number) =>
  `${fingerprint}#${padNumber(position)}#${digest}#${String(part).padStart(4, '0')}`;

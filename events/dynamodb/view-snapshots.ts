import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StoredViewSnapshot, ViewSnapshot, ViewSnapshotSource } from '../../api/view-snapshots.ts';
import { padNumber, PARTITION_KEY, SORT_KEY } from './keys.ts';
import { digestOf, putParts } from './log-snapshots.ts';

/**
 * View snapshots (api/view-snapshots.ts) in the disposable snapshots table, beside the log's chunks:
 *
 *   part   pk VIEWS        sk <code fingerprint>#<position, zero-padded>#<id>#<section>#<part, zero-padded>
 *   entry  pk VIEWS_INDEX  sk <code fingerprint>#<position, zero-padded>#<id>
 *
 * Each section (the instants, each view) is stored in parts of its own, and the entry lists each
 * section's digest and part count; the entry is written after every part, so it names a complete
 * snapshot (the fingerprint covers the encoding's format). A cold process reads the newest entry of its fingerprint (one small Query), then the
 * parts of a section when it first needs it (GetItem, in parallel): a view no request reads is
 * never read. A section whose bytes do not match their digest (or with a part gone) is refused.
 */
const PARTITION = 'VIEWS';
const INDEX_PARTITION = 'VIEWS_INDEX';
/** Parts read at once: a 1 000 000-event log's largest view (okrs) is about 40 parts. */
const PARALLEL_READS = 16;

interface IndexEntry {
  position: number;
  hash: string;
  /** Digest of the sections' digests: names this snapshot among others at the same position. */
  id: string;
  sections: Record<string, { digest: string; parts: number }>;
}

export class DynamoViewSnapshots implements ViewSnapshotSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async latest(fingerprint: string, atOrBefore = Number.MAX_SAFE_INTEGER): Promise<StoredViewSnapshot | null> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
        ExpressionAttributeValues: { ':pk': INDEX_PARTITION, ':from': `${fingerprint}#`, ':to': `${fingerprint}#${padNumber(atOrBefore)}#~` },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const entry = Items?.[0] as IndexEntry | undefined;
    return entry ? { position: entry.position, hash: entry.hash, read: (section) => this.read(fingerprint, entry, section) } : null;
  }

  async write(fingerprint: string, snapshot: ViewSnapshot): Promise<void> {
    const names = Object.keys(snapshot.sections);
    const digests = Object.fromEntries(names.map((name) => [name, digestOf(snapshot.sections[name]!)]));
    const id = digestOf(Buffer.from(names.map((name) => `${name}:${digests[name]}`).join('\n')));
    const sections: IndexEntry['sections'] = {};
    for (const name of names) {
      const parts = await putParts(this.client, this.tableName, snapshot.sections[name]!, (part) => ({
        [PARTITION_KEY]: PARTITION,
        [SORT_KEY]: partKey(fingerprint, snapshot.position, id, name, part),
      }));
      sections[name] = { digest: digests[name]!, parts };
    }
    const entry: IndexEntry = { position: snapshot.position, hash: snapshot.hash, id, sections };
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { [PARTITION_KEY]: INDEX_PARTITION, [SORT_KEY]: `${fingerprint}#${padNumber(snapshot.position)}#${id}`, ...entry } }),
    );
  }

  /** Every part of one section, read in parallel; rejects when one is gone or the bytes do not match. */
  private async read(fingerprint: string, entry: IndexEntry, section: string): Promise<Uint8Array> {
    const stored = entry.sections[section];
    if (!stored) throw new Error(`the view snapshot at position ${entry.position} has no ${section} section`);
    const chunks: (Uint8Array | null)[] = new Array(stored.parts).fill(null);
    let next = 0;
    const reader = async () => {
      for (let part = next++; part < stored.parts; part = next++) {
        const { Item } = await this.client.send(
          new GetCommand({ TableName: this.tableName, Key: { [PARTITION_KEY]: PARTITION, [SORT_KEY]: partKey(fingerprint, entry.position, entry.id, section, part) } }),
        );
        chunks[part] = (Item?.data as Uint8Array | undefined) ?? null;
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, stored.parts) }, reader));
    if (chunks.some((chunk) => chunk === null)) throw new Error(`a part of the ${section} section of the view snapshot at position ${entry.position} is gone`);
    const data = Buffer.concat(chunks as Uint8Array[]);
    if (digestOf(data) !== stored.digest) throw new Error(`the ${section} section of the view snapshot at position ${entry.position} does not match its digest`);
    return data;
  }
}

const partKey = (fingerprint: string, position: number, id: string, section: string, part: number) =>
  `${fingerprint}#${padNumber(position)}#${id}#${section}#${String(part).padStart(4, '0')}`;

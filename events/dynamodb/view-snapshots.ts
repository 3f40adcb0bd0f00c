import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ViewSnapshot, ViewSnapshotSource } from '../../api/view-snapshots.ts';
import { padNumber, PARTITION_KEY, SORT_KEY } from './keys.ts';
import { digestOf, putParts } from './log-snapshots.ts';

/**
 * View snapshots (api/view-snapshots.ts) in the disposable snapshots table, beside the log's chunks:
 *
 *   part  pk VIEWS   sk <code fingerprint>#<position, zero-padded>#<digest>#<part, zero-padded>
 *
 * The fingerprint leads the key, so the latest snapshot this code can use is one Query, newest
 * first, that stops at the first complete one. A snapshot missing a part (a process frozen or
 * stopped while writing it) or whose bytes do not match their digest is passed over.
 */
const PARTITION = 'VIEWS';

interface PartItem {
  position: number;
  hash: string;
  digest: string;
  part: number;
  parts: number;
  data: Uint8Array;
}

export class DynamoViewSnapshots implements ViewSnapshotSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async latest(fingerprint: string, atOrBefore = Number.MAX_SAFE_INTEGER): Promise<ViewSnapshot | null> {
    let startKey: Record<string, unknown> | undefined;
    let group: PartItem[] = [];
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
          ExpressionAttributeValues: { ':pk': PARTITION, ':from': `${fingerprint}#`, ':to': `${fingerprint}#${padNumber(atOrBefore)}#~` },
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (page.Items ?? []) as PartItem[]) {
        if (group.length && (group[0]!.position !== item.position || group[0]!.digest !== item.digest)) group = [];
        group.push(item);
        const complete = assembled(group);
        if (complete) return complete;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return null;
  }

  async write(fingerprint: string, snapshot: ViewSnapshot): Promise<void> {
    const digest = digestOf(snapshot.data);
    await putParts(this.client, this.tableName, snapshot.data, (part, parts) => ({
      [PARTITION_KEY]: PARTITION,
      [SORT_KEY]: `${fingerprint}#${padNumber(snapshot.position)}#${digest}#${String(part).padStart(4, '0')}`,
      position: snapshot.position,
      hash: snapshot.hash,
      digest,
      part,
      parts,
    }));
  }
}

/** The snapshot of a group of parts (newest part first), once every part is there and the bytes match the digest. */
function assembled(group: PartItem[]): ViewSnapshot | null {
  const [first] = group;
  if (!first || group.length !== first.parts) return null;
  const data = Buffer.concat([...group].sort((a, b) => a.part - b.part).map((p) => p.data));
  if (digestOf(data) !== first.digest) return null;
  return { position: first.position, hash: first.hash, data };
}

import { randomBytes } from 'node:crypto';
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { padNumber } from '../../events/dynamodb/keys.ts';
import { DynamoViewSnapshots } from '../../events/dynamodb/view-snapshots.ts';
import { ensureTable } from '../../events/dynamodb/tables.ts';
import { createTestTable } from '../support/dynamo.ts';

/** The snapshots table of a fresh events table, and the view snapshots over it. */
async function snapshotsTable(label: string) {
  const table = await createTestTable(label);
  const tableName = `${table.tableName}-snapshots`;
  await ensureTable(table.client, tableName);
  return { client: table.client, tableName, source: new DynamoViewSnapshots(table.client, tableName) };
}

const snapshot = (position: number, bytes: number) => ({ position, hash: String(position).padStart(64, '0'), data: new Uint8Array(randomBytes(bytes)) });

describe('view snapshots in DynamoDB', () => {
  it('read back a snapshot of many parts whole, the newest at or before a position, and only for the same code', async () => {
    const { source } = await snapshotsTable('view-parts-read');
    const older = snapshot(10, 900_000);
    const newer = snapshot(20, 1_200_000);
    await source.write('code-a', older);
    await source.write('code-a', newer);

    const latest = await source.latest('code-a');
    expect(latest?.position).toBe(20);
    expect(latest?.hash).toBe(newer.hash);
    expect(Buffer.from(latest!.data).equals(Buffer.from(newer.data))).toBe(true);
    expect((await source.latest('code-a', 19))?.position).toBe(10);
    expect(await source.latest('code-a', 9)).toBeNull();
    expect(await source.latest('code-b')).toBeNull();
  });

  it('pass over a snapshot with a part gone or altered, for the next older one', async () => {
    const { client, tableName, source } = await snapshotsTable('view-parts-damaged');
    await source.write('code', snapshot(10, 800_000));
    await source.write('code', snapshot(20, 800_000));
    await source.write('code', snapshot(30, 800_000));
    const parts = async (position: number) =>
      (
        await client.send(
          new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)', ExpressionAttributeValues: { ':pk': 'VIEWS', ':sk': `code#${padNumber(position)}#` } }),
        )
      ).Items!;
    const [gone] = await parts(30);
    expect((await parts(30)).length).toBeGreaterThan(1);
    await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: gone!.pk, sk: gone!.sk } }));
    const [altered] = await parts(20);
    const data = Buffer.from(altered!.data as Uint8Array);
    data[0] = data[0]! ^ 0xff;
    await client.send(new UpdateCommand({ TableName: tableName, Key: { pk: altered!.pk, sk: altered!.sk }, UpdateExpression: 'SET #d = :d', ExpressionAttributeNames: { '#d': 'data' }, ExpressionAttributeValues: { ':d': data } }));

    expect((await source.latest('code'))?.position).toBe(10);
  });
});

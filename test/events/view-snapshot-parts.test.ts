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

/** A snapshot of three sections: instants, a view of many parts, one of a single part. */
const snapshot = (position: number, bytes: number) => ({
  position,
  hash: String(position).padStart(64, '0'),
  sections: { instants: new Uint8Array(randomBytes(1000)), okrs: new Uint8Array(randomBytes(bytes)), teams: new Uint8Array(randomBytes(10)) },
});

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('view snapshots in DynamoDB', () => {
  it('read back each section of a snapshot whole, the newest at or before a position, and only for the same code', async () => {
    const { source } = await snapshotsTable('view-parts-read');
    const older = snapshot(10, 900_000);
    const newer = snapshot(20, 1_200_000);
    await source.write('code-a', older);
    await source.write('code-a', newer);

    const latest = await source.latest('code-a');
    expect(latest?.position).toBe(20);
    expect(latest?.hash).toBe(newer.hash);
    for (const section of ['instants', 'okrs', 'teams'] as const) expect(same(await latest!.read(section), newer.sections[section])).toBe(true);
    await expect(latest!.read('decisions')).rejects.toThrow(/no decisions section/);
    const before = await source.latest('code-a', 19);
    expect(before?.position).toBe(10);
    expect(same(await before!.read('okrs'), older.sections.okrs)).toBe(true);
    expect(await source.latest('code-a', 9)).toBeNull();
    expect(await source.latest('code-b')).toBeNull();
  });

  it('refuse a section with a part gone or altered; the other sections still read', async () => {
    const { client, tableName, source } = await snapshotsTable('view-parts-damaged');
    const written = snapshot(10, 800_000);
    await source.write('code', written);
    const parts = async (section: string) =>
      (
        await client.send(
          new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)', ExpressionAttributeValues: { ':pk': 'VIEWS', ':sk': `code#${padNumber(10)}#` } }),
        )
      ).Items!.filter((item) => String(item.sk).includes(`#${section}#`));
    expect((await parts('okrs')).length).toBeGreaterThan(1);
    const [gone] = await parts('okrs');
    await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: gone!.pk, sk: gone!.sk } }));
    const [altered] = await parts('instants');
    const data = Buffer.from(altered!.data as Uint8Array);
    data[0] = data[0]! ^ 0xff;
    await client.send(new UpdateCommand({ TableName: tableName, Key: { pk: altered!.pk, sk: altered!.sk }, UpdateExpression: 'SET #d = :d', ExpressionAttributeNames: { '#d': 'data' }, ExpressionAttributeValues: { ':d': data } }));

    const latest = await source.latest('code');
    await expect(latest!.read('okrs')).rejects.toThrow(/is gone/);
    await expect(latest!.read('instants')).rejects.toThrow(/does not match its digest/);
    expect(same(await latest!.read('teams'), written.sections.teams)).toBe(true);
  });
});

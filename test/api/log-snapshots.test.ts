import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../events/dynamodb/tables.ts';
import { SnapshottedEventStore } from '../../events/snapshotted-store.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { AUDIT_TRAIL, RECORD } from '../support/decision-ops.ts';

/** SNAPSHOTS_TABLE: the API keeps log snapshots as it goes, and a fresh process answers the same from them. */
let first: TestServer;
const servers: TestServer[] = [];
let env: Record<string, string>;
beforeAll(async () => {
  first = await startTestServer('snapshots-api');
  servers.push(first);
  env = { EVENTS_TABLE: first.table.tableName, SNAPSHOTS_TABLE: `${first.table.tableName}-snapshots`, SNAPSHOT_CHUNK_EVENTS: '3' };
  await ensureTable(first.table.client, env.SNAPSHOTS_TABLE!);
});
afterAll(() => Promise.all(servers.map((server) => server.close())));

describe('log snapshots in the API', () => {
  it('are written as the log grows, and a fresh API process answers the same from them', async () => {
    const writer = await startTestServer('snapshots-api-writer', env);
    servers.push(writer);
    expect(writer.app.store).toBeInstanceOf(SnapshottedEventStore);
    expect((await writer.gql(AUDIT_TRAIL, { first: 1 })).data.auditTrail.totalCount).toBe(0);
    for (let i = 1; i <= 7; i += 1) {
      const recorded = await writer.gql(RECORD, { input: { title: `Decision ${i}`, rationale: 'Because' } });
      expect(recorded.data.recordDecision.userErrors).toEqual([]);
    }
    await (writer.app.store as SnapshottedEventStore).flush();
    const { Items = [] } = await first.table.client.send(
      new QueryCommand({ TableName: env.SNAPSHOTS_TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'LOG' } }),
    );
    expect(Items.map((item) => [item.from, item.to])).toEqual([[1, 3], [4, 6]]);

    const fresh = await startTestServer('snapshots-api-reader', env);
    servers.push(fresh);
    const trail = `query { auditTrail(first: 10) { totalCount edges { node { position hash payload } } } }`;
    const [fromSnapshots, fromLog] = await Promise.all([fresh.gql(trail), first.gql(trail)]);
    expect(fromSnapshots.data.auditTrail.totalCount).toBe(7);
    expect(fromSnapshots.data).toEqual(fromLog.data);
  });
});

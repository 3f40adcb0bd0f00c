import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayLedger } from '../../api/cli/replay.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { CHANGE_STATUS, RECORD } from '../support/decision-ops.ts';

let api: TestServer;
let ids: string[];
beforeAll(async () => {
  api = await startTestServer('audit');
  ids = [];
  for (const title of ['One', 'Two', 'Three']) {
    ids.push((await api.gql(RECORD, { input: { title, rationale: 'r' } })).data.recordDecision.decision.id);
  }
  await api.gql(CHANGE_STATUS, { input: { id: ids[1], expectedVersion: 1, status: 'ACCEPTED', reason: 'agreed' } });
});
afterAll(() => api.close());

const TRAIL = `query($filter: AuditTrailFilter, $first: Int, $after: String) {
  auditTrail(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { position type subjectId } } }
}`;
const positions = (r: any) => r.data.auditTrail.edges.map((e: any) => e.node.position);

describe('audit trail, integrity and replay', () => {
  it('filters the trail by type, subject, kind, actor and position, with stable cursors', async () => {
    expect(positions(await api.gql(TRAIL, { filter: { types: ['DecisionAccepted'] } }))).toEqual([4]);
    expect(positions(await api.gql(TRAIL, { filter: { subjectId: ids[1] } }))).toEqual([2, 4]);
    expect(positions(await api.gql(TRAIL, { filter: { kinds: ['decision'], fromPosition: 2, toPosition: 3 } }))).toEqual([2, 3]);
    expect((await api.gql(TRAIL, { filter: { actorId: 'nobody' } })).data.auditTrail.totalCount).toBe(0);
    expect((await api.gql(TRAIL, { filter: { recordedFrom: '2999-01-01T00:00:00Z' } })).data.auditTrail.totalCount).toBe(0);

    const page1 = await api.gql(TRAIL, { first: 2 });
    expect(positions(page1)).toEqual([1, 2]);
    await api.gql(RECORD, { input: { title: 'Four', rationale: 'r' } });
    const page2 = await api.gql(TRAIL, { first: 2, after: page1.data.auditTrail.pageInfo.endCursor });
    expect(positions(page2)).toEqual([3, 4]);
    expect(page2.data.auditTrail.pageInfo.hasNextPage).toBe(true);
  });

  it('verifies the log through GraphQL and against a published head', async () => {
    const report = (await api.gql(`{ verifyIntegrity { ok checked headPosition headHash failure { position } } }`)).data.verifyIntegrity;
    expect(report).toMatchObject({ ok: true, failure: null });
    expect(report.checked).toBe(report.headPosition);
    const anchored = await api.gql(`query($h: PublishedHeadInput) { verifyIntegrity(expectedHead: $h) { ok failure { position problem } } }`, {
      h: { position: report.headPosition, hash: '0'.repeat(64) },
    });
    expect(anchored.data.verifyIntegrity).toEqual({ ok: false, failure: { position: report.headPosition, problem: 'ANCHOR_MISMATCH' } });
  });

  it('rebuilds every read model from position 1 equal to the live ones', async () => {
    const report = await replayLedger(api.table.store, 2);
    expect(report.events).toBeGreaterThanOrEqual(5);
    expect(report.mismatches).toEqual([]);
    expect(report.eventsPerSecond).toBeGreaterThan(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { CHANGE_STATUS, RECORD, REVISE } from '../support/decision-ops.ts';

let api: TestServer;
let id: string;
const times: string[] = [];

beforeAll(async () => {
  api = await startTestServer('time-travel');
  const recorded = await api.gql(RECORD, { input: { title: 'First title', rationale: 'r' } });
  id = recorded.data.recordDecision.decision.id;
  times.push(recorded.data.recordDecision.decision.updatedAt);
  const revised = await api.gql(REVISE, { input: { id, expectedVersion: 1, reason: 'sharper', title: 'Second title' } });
  times.push(revised.data.reviseDecision.decision.updatedAt);
  const accepted = await api.gql(CHANGE_STATUS, { input: { id, expectedVersion: 2, status: 'ACCEPTED', reason: 'agreed' } });
  times.push(accepted.data.changeDecisionStatus.decision.updatedAt);
});
afterAll(() => api.close());

const AT = `query($id: ID!, $p: Int, $t: DateTime) {
  node(id: $id, atPosition: $p, asOf: $t) { ... on Decision { title version status history { totalCount } } }
  decisions(first: 5, atPosition: $p, asOf: $t) { totalCount }
}`;

describe('time travel over HTTP', () => {
  it('answers as the ledger stood after a position, and says which position it reflects', async () => {
    const now = await api.gql(AT, { id });
    expect(now.data.node).toEqual({ title: 'Second title', version: 3, status: 'ACCEPTED', history: { totalCount: 3 } });
    expect((now as any).extensions.ledger.positions).toEqual({ node: 3, decisions: 3 });

    const then = await api.gql(AT, { id, p: 1 });
    expect(then.data.node).toEqual({ title: 'First title', version: 1, status: 'PROPOSED', history: { totalCount: 1 } });
    expect((then as any).extensions.ledger.positions).toEqual({ node: 1, decisions: 1 });

    const before = await api.gql(AT, { id, p: 0 });
    expect(before.data).toEqual({ node: null, decisions: { totalCount: 0 } });
  });

  it('answers as of an instant: everything recorded by then and nothing after', async () => {
    const atRevision = await api.gql(AT, { id, t: times[1] });
    expect(atRevision.data.node).toMatchObject({ title: 'Second title', version: 2, status: 'PROPOSED' });
    const beforeAll = await api.gql(AT, { id, t: '2000-01-01T00:00:00Z' });
    expect(beforeAll.data.node).toBeNull();
    const future = await api.gql(AT, { id, t: '2999-01-01T00:00:00Z' });
    expect(future.data.node).toMatchObject({ version: 3 });
  });

  it('compares two moments in one request through aliases', async () => {
    const both = await api.gql(`query($id: ID!) {
      then: node(id: $id, atPosition: 2) { ... on Decision { title status } }
      now: node(id: $id) { ... on Decision { title status } }
      trailThen: auditTrail(atPosition: 2) { totalCount }
    }`, { id });
    expect(both.data).toEqual({
      then: { title: 'Second title', status: 'PROPOSED' },
      now: { title: 'Second title', status: 'ACCEPTED' },
      trailThen: { totalCount: 2 },
    });
    expect((both as any).extensions.ledger.positions).toEqual({ then: 2, now: 3, trailThen: 2 });
  });

  it('refuses a position outside the log, or both asOf and atPosition', async () => {
    const outside = await api.gql(AT, { id, p: 99 });
    expect(outside.errors?.[0]).toMatchObject({ message: expect.stringMatching(/between 0 and the head of the log \(3\)/), extensions: { code: 'BAD_USER_INPUT' } });
    const both = await api.gql(AT, { id, p: 1, t: times[0] });
    expect(both.errors?.[0]?.message).toMatch(/asOf or atPosition, not both/);
    expect((await api.gql(AT, { id })).data.node.version).toBe(3);
  });
});

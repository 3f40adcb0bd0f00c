import { type GraphQLField, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../api/schema/index.ts';
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
  ledger(atPosition: $p, asOf: $t) { node(id: $id) { ... on Decision { title version status history { totalCount } } } }
  decisions(first: 5, atPosition: $p, asOf: $t) { totalCount }
}`;

describe('time travel over HTTP', () => {
  it('answers as the ledger stood after a position, and says which position it reflects', async () => {
    const now = await api.gql(AT, { id });
    expect(now.data.ledger.node).toEqual({ title: 'Second title', version: 3, status: 'ACCEPTED', history: { totalCount: 3 } });
    expect((now as any).extensions.ledger.positions).toEqual({ ledger: 3, decisions: 3 });

    const then = await api.gql(AT, { id, p: 1 });
    expect(then.data.ledger.node).toEqual({ title: 'First title', version: 1, status: 'PROPOSED', history: { totalCount: 1 } });
    expect((then as any).extensions.ledger.positions).toEqual({ ledger: 1, decisions: 1 });

    const before = await api.gql(AT, { id, p: 0 });
    expect(before.data).toEqual({ ledger: { node: null }, decisions: { totalCount: 0 } });
  });

  it('answers as of an instant: everything recorded by then and nothing after', async () => {
    const atRevision = await api.gql(AT, { id, t: times[1] });
    expect(atRevision.data.ledger.node).toMatchObject({ title: 'Second title', version: 2, status: 'PROPOSED' });
    const beforeAll = await api.gql(AT, { id, t: '2000-01-01T00:00:00Z' });
    expect(beforeAll.data.ledger.node).toBeNull();
    const future = await api.gql(AT, { id, t: '2999-01-01T00:00:00Z' });
    expect(future.data.ledger.node).toMatchObject({ version: 3 });
  });

  it('compares two moments in one request through aliases', async () => {
    const both = await api.gql(`query($id: ID!) {
      then: ledger(atPosition: 2) { node(id: $id) { ... on Decision { title status } } }
      now: node(id: $id) { ... on Decision { title status } }
      trailThen: auditTrail(atPosition: 2) { totalCount }
    }`, { id });
    expect(both.data).toEqual({
      then: { node: { title: 'Second title', status: 'PROPOSED' } },
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
    expect((await api.gql(AT, { id })).data.ledger.node.version).toBe(3);
  });
});

describe('ledger(asOf:, atPosition:): the whole ledger at one point, single records included', () => {
  const AT_ONE = `query($id: ID!) { ledger(atPosition: 1) {
    node(id: $id) { ... on Decision { title version } }
    nodes(ids: [$id, "garbage"]) { id }
    decisions(first: 5) { totalCount edges { node { title status } } }
    auditTrail(first: 5) { totalCount }
  } }`;

  it('answers node, nodes and every state query under it as the ledger stood then', async () => {
    const response = await api.gql(AT_ONE, { id });
    expect(response.data.ledger).toEqual({
      node: { title: 'First title', version: 1 },
      nodes: [{ id }, null],
      decisions: { totalCount: 1, edges: [{ node: { title: 'First title', status: 'PROPOSED' } }] },
      auditTrail: { totalCount: 1 },
    });
    expect(response.errors).toEqual([expect.objectContaining({ path: ['ledger', 'nodes', 1], extensions: { code: 'BAD_USER_INPUT' } })]);
    expect((response as any).extensions.ledger.positions).toEqual({ ledger: 1 });
  });

  it('without a point in time answers as now', async () => {
    const response = await api.gql(`query($id: ID!) { ledger { node(id: $id) { ... on Decision { version } } } }`, { id });
    expect(response.data).toEqual({ ledger: { node: { version: 3 } } });
    expect((response as any).extensions.ledger.positions).toEqual({ ledger: 3 });
  });

  it('needs the permissions of the fields under it: a READER reads decisions but not the audit trail, a token without roles nothing', async () => {
    const reader = api.as({ roles: ['READER'], sub: 'reader' });
    expect((await reader(`{ ledger(atPosition: 1) { decisions { totalCount } } }`)).data).toEqual({ ledger: { decisions: { totalCount: 1 } } });
    const trail = await reader(`{ ledger(atPosition: 1) { auditTrail { totalCount } } }`);
    expect(trail.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const nobody = await api.as({ roles: [], sub: 'nobody' })(`{ ledger { __typename } }`);
    expect(nobody.errors?.[0]).toMatchObject({ message: expect.stringMatching(/do not allow Query\.ledger/), extensions: { code: 'FORBIDDEN' } });
  });
});

describe('the schema of time travel', () => {
  const query = schema.getQueryType()!;
  const ledger = schema.getType('Ledger') as GraphQLObjectType;
  const signature = (field: GraphQLField<unknown, unknown>) => `${field.args.map((a) => `${a.name}: ${a.type}`).join(', ')} -> ${field.type}`;

  it('has node and nodes exactly as the Relay spec does, on Query and under Ledger', () => {
    for (const type of [query, ledger]) {
      expect(signature(type.getFields().node!)).toBe('id: ID! -> Node');
      expect(signature(type.getFields().nodes!)).toBe('ids: [ID!]! -> [Node]!');
    }
  });

  it('puts every Query field that takes asOf and atPosition under Ledger, with its other arguments and its type', () => {
    const travelling = Object.values(query.getFields()).filter((f) => f.name !== 'ledger' && ['asOf', 'atPosition'].every((arg) => f.args.some((a) => a.name === arg)));
    expect(travelling.length).toBeGreaterThan(10);
    for (const field of travelling) {
      const under = ledger.getFields()[field.name];
      expect(under, field.name).toBeDefined();
      const withoutTime = { ...field, args: field.args.filter((a) => a.name !== 'asOf' && a.name !== 'atPosition') };
      expect(signature(under!), field.name).toBe(signature(withoutTime));
      expect(under!.resolve, field.name).toBe(field.resolve);
    }
    expect(Object.keys(ledger.getFields()).sort()).toEqual([...travelling.map((f) => f.name), 'node', 'nodes'].sort());
    expect(Object.values(ledger.getFields()).flatMap((f) => f.args.map((a) => a.name))).not.toContain('asOf');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../events/integrity.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { AUDIT_TRAIL, CHANGE_STATUS, RECORD, REVISE, SUPERSEDE } from '../support/decision-ops.ts';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('decisions');
});
afterAll(() => api.close());

const record = async (input: Record<string, unknown>) => (await api.gql(RECORD, { input })).data!.recordDecision;
const logSize = async () => (await api.gql(AUDIT_TRAIL, { first: 1 })).data!.auditTrail.totalCount as number;

describe('decisions over HTTP', () => {
  it('records, revises, accepts and supersedes a decision, keeping its history', async () => {
    const first = await record({
      title: 'Use DynamoDB for the log',
      context: 'We need an append-only store',
      options: [
        { title: 'DynamoDB', pros: ['serverless'], cons: ['single-partition feed'] },
        { title: 'Postgres', pros: ['SQL'] },
      ],
      chosenOption: 'DynamoDB',
      rationale: 'Append-only enforced by IAM',
      tags: ['infra', 'infra', 'storage'],
      owner: 'platform',
    });
    expect(first.userErrors).toEqual([]);
    expect(first.decision).toMatchObject({
      version: 1,
      status: 'PROPOSED',
      tags: ['infra', 'storage'],
      chosenOption: 'DynamoDB',
      options: [{ title: 'DynamoDB', pros: ['serverless'], cons: ['single-partition feed'] }, { title: 'Postgres', pros: ['SQL'], cons: [] }],
    });
    const id = first.decision.id;

    const revised = (await api.gql(REVISE, { input: { id, expectedVersion: 1, reason: 'clarify', consequences: 'One table per org' } })).data!
      .reviseDecision;
    expect(revised.userErrors).toEqual([]);
    expect(revised.decision).toMatchObject({ version: 2, consequences: 'One table per org', title: 'Use DynamoDB for the log' });

    const accepted = (await api.gql(CHANGE_STATUS, { input: { id, expectedVersion: 2, status: 'ACCEPTED', reason: 'review done' } })).data!
      .changeDecisionStatus;
    expect(accepted.decision).toMatchObject({ version: 3, status: 'ACCEPTED' });

    const successor = await record({ title: 'Use DynamoDB with streams', rationale: 'Projections via streams', status: 'ACCEPTED' });
    const superseded = (
      await api.gql(SUPERSEDE, { input: { id, expectedVersion: 3, supersededBy: successor.decision.id, reason: 'streams now' } })
    ).data!.supersedeDecision;
    expect(superseded.userErrors).toEqual([]);
    expect(superseded.decision).toMatchObject({ version: 4, status: 'SUPERSEDED', supersededBy: { id: successor.decision.id } });

    const read = await api.gql(
      `query($id: ID!, $other: ID!) {
        node(id: $id) { ... on Decision { status history { totalCount edges { node { type version reason actor { id kind } } } } } }
        other: node(id: $other) { ... on Decision { supersedes { id title } } }
      }`,
      { id, other: successor.decision.id },
    );
    expect(read.data.node.history.totalCount).toBe(4);
    expect(read.data.node.history.edges.map((e: any) => [e.node.type, e.node.version, e.node.reason])).toEqual([
      ['DecisionRecorded', 1, null],
      ['DecisionRevised', 2, 'clarify'],
      ['DecisionAccepted', 3, 'review done'],
      ['DecisionSuperseded', 4, 'streams now'],
    ]);
    expect(read.data.node.history.edges[0].node.actor).toEqual({ id: 'dev', kind: 'HUMAN' });
    expect(read.data.other.supersedes).toEqual([{ id, title: 'Use DynamoDB for the log' }]);

    const list = await api.gql(`{ decisions(first: 10, status: [SUPERSEDED]) { totalCount edges { node { id } } } }`);
    expect(list.data.decisions.totalCount).toBeGreaterThanOrEqual(1);
    expect(list.data.decisions.edges.map((e: any) => e.node.id)).toContain(id);
  });

  it('refuses invalid transitions with INVALID_TRANSITION and appends nothing', async () => {
    const { decision } = await record({ title: 'Rejected idea', rationale: 'try' });
    await api.gql(CHANGE_STATUS, { input: { id: decision.id, expectedVersion: 1, status: 'REJECTED', reason: 'no' } });
    const before = await logSize();
    for (const input of [
      { id: decision.id, expectedVersion: 2, status: 'ACCEPTED', reason: 'changed my mind' },
      { id: decision.id, expectedVersion: 2, status: 'DEPRECATED', reason: 'old' },
    ]) {
      const result = (await api.gql(CHANGE_STATUS, { input })).data!.changeDecisionStatus;
      expect(result).toMatchObject({ decision: null, userErrors: [{ code: 'INVALID_TRANSITION', field: ['input', 'status'] }] });
    }
    const revise = (await api.gql(REVISE, { input: { id: decision.id, expectedVersion: 2, reason: 'x', title: 'New' } })).data!.reviseDecision;
    expect(revise.userErrors[0].code).toBe('INVALID_TRANSITION');
    const supersede = (await api.gql(CHANGE_STATUS, { input: { id: decision.id, expectedVersion: 2, status: 'SUPERSEDED', reason: 'x' } })).data!
      .changeDecisionStatus;
    expect(supersede.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'status'] });
    expect(await logSize()).toBe(before);
  });

  it('lets exactly one of 20 concurrent revisions at the same version win', async () => {
    const { decision } = await record({ title: 'Contended', rationale: 'race' });
    const before = await logSize();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.gql(REVISE, { input: { id: decision.id, expectedVersion: 1, reason: `writer ${i}`, rationale: `rationale ${i}` } }),
      ),
    );
    const payloads = results.map((r) => r.data!.reviseDecision);
    expect(payloads.filter((p) => p.userErrors.length === 0)).toHaveLength(1);
    const conflicts = payloads.filter((p) => p.userErrors.length > 0);
    expect(conflicts).toHaveLength(19);
    for (const p of conflicts) expect(p.userErrors).toEqual([expect.objectContaining({ code: 'VERSION_CONFLICT', field: ['input', 'expectedVersion'] })]);
    expect(await logSize()).toBe(before + 1);
  });

  it('records 50 decisions concurrently at gapless positions with a whole hash chain', async () => {
    const fresh = await startTestServer('decisions-50');
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => fresh.gql(RECORD, { input: { title: `Decision ${i}`, rationale: `because ${i}` } })),
      );
      expect(results.every((r) => r.data!.recordDecision.userErrors.length === 0)).toBe(true);
      const all = await fresh.table.store.readAll(0);
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(verifyChain(all)).toMatchObject({ ok: true, checked: 50 });
      const trail = await fresh.gql(AUDIT_TRAIL, { first: 100 });
      expect(trail.data.auditTrail.totalCount).toBe(50);
      expect(trail.data.auditTrail.edges[1].node.previousHash).toBe(trail.data.auditTrail.edges[0].node.hash);
    } finally {
      await fresh.close();
    }
  });

  it('answers a retry with the same idempotency key with the first payload and appends nothing', async () => {
    const input = { title: 'Idempotent', rationale: 'retry-safe', idempotencyKey: 'rec-123' };
    const first = await record(input);
    const size = await logSize();
    const again = await record(input);
    expect(again).toEqual(first);
    expect(await logSize()).toBe(size);

    const reused = await record({ ...input, title: 'Something else' });
    expect(reused).toEqual({
      decision: null,
      userErrors: [expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] })],
    });

    // Concurrent retries of one request: one write, the same answer for all.
    const racing = await Promise.all(Array.from({ length: 5 }, () => record({ title: 'Raced', rationale: 'r', idempotencyKey: 'rec-race' })));
    expect(new Set(racing.map((r) => r.decision?.id)).size).toBe(1);
    expect(await logSize()).toBe(size + 1);

    // A change replays too, even though its expectedVersion is stale by then.
    const change = { id: first.decision.id, expectedVersion: 1, status: 'ACCEPTED', reason: 'ok', idempotencyKey: 'acc-1' };
    const accepted = (await api.gql(CHANGE_STATUS, { input: change })).data!.changeDecisionStatus;
    const replayed = (await api.gql(CHANGE_STATUS, { input: change })).data!.changeDecisionStatus;
    expect(replayed).toEqual(accepted);
    expect(replayed.decision.version).toBe(2);
  });

  describe('bad input', () => {
    const cases: [string, string, Record<string, unknown>, { code: string; field: string[] }][] = [
      ['empty title', RECORD, { title: '  ', rationale: 'r' }, { code: 'INVALID_INPUT', field: ['input', 'title'] }],
      ['over-long title', RECORD, { title: 'x'.repeat(201), rationale: 'r' }, { code: 'INVALID_INPUT', field: ['input', 'title'] }],
      [
        'unknown chosen option',
        RECORD,
        { title: 't', rationale: 'r', options: [{ title: 'A' }], chosenOption: 'B' },
        { code: 'INVALID_INPUT', field: ['input', 'chosenOption'] },
      ],
      ['option without title', RECORD, { title: 't', rationale: 'r', options: [{ title: '' }] }, { code: 'INVALID_INPUT', field: ['input', 'options', '0', 'title'] }],
      ['rationale over the item limit', RECORD, { title: 't', rationale: 'r'.repeat(420_000) }, { code: 'TOO_LARGE', field: ['input', 'rationale'] }],
      ['bad idempotency key', RECORD, { title: 't', rationale: 'r', idempotencyKey: 'has space' }, { code: 'INVALID_INPUT', field: ['input', 'idempotencyKey'] }],
      ['malformed id', REVISE, { id: 'not-an-id', expectedVersion: 1, reason: 'x', title: 'y' }, { code: 'INVALID_INPUT', field: ['input', 'id'] }],
      ['unknown id', REVISE, { id: 'RGVjaXNpb246bm9wZQ==', expectedVersion: 1, reason: 'x', title: 'y' }, { code: 'NOT_FOUND', field: ['input', 'id'] }],
      ['missing reason', CHANGE_STATUS, { id: 'RGVjaXNpb246bm9wZQ==', expectedVersion: 1, reason: '', status: 'ACCEPTED' }, { code: 'INVALID_INPUT', field: ['input', 'reason'] }],
      ['expectedVersion 0', REVISE, { id: 'RGVjaXNpb246bm9wZQ==', expectedVersion: 0, reason: 'x' }, { code: 'INVALID_INPUT', field: ['input', 'expectedVersion'] }],
    ];

    it.each(cases)('%s: a user error with its field path, nothing appended', async (_name, doc, input, expected) => {
      const before = await logSize();
      const response = await api.gql(doc, { input });
      expect(response.status).toBe(200);
      const payload = Object.values(response.data as object)[0] as { userErrors: unknown[]; decision: unknown };
      expect(payload.decision).toBeNull();
      expect(payload.userErrors).toContainEqual(expect.objectContaining({ ...expected, message: expect.any(String) }));
      expect(await logSize()).toBe(before);
    });

    it('refuses a stale expectedVersion before deciding', async () => {
      const { decision } = await record({ title: 'Versioned', rationale: 'r' });
      await api.gql(REVISE, { input: { id: decision.id, expectedVersion: 1, reason: 'a', title: 'v2' } });
      const before = await logSize();
      const stale = (await api.gql(REVISE, { input: { id: decision.id, expectedVersion: 1, reason: 'b', title: 'v3' } })).data!.reviseDecision;
      expect(stale.userErrors).toEqual([expect.objectContaining({ code: 'VERSION_CONFLICT', message: expect.stringMatching(/version 2/) })]);
      expect(await logSize()).toBe(before);
    });

    it('gives GraphQL validation errors a 400 and keeps serving', async () => {
      const before = await logSize();
      const unknownEnum = await api.gql(RECORD, { input: { title: 't', rationale: 'r', status: 'MAYBE' } });
      expect(unknownEnum.status).toBe(400);
      expect(unknownEnum.errors?.[0]?.message).toMatch(/MAYBE/);
      const wrongType = await api.gql(`mutation { recordDecision(input: { title: 5, rationale: "r" }) { userErrors { code } } }`);
      expect(wrongType.status).toBe(400);
      const missing = await api.gql(`mutation { recordDecision(input: { title: "t" }) { userErrors { code } } }`);
      expect(missing.status).toBe(400);
      expect(await logSize()).toBe(before);
      expect((await record({ title: 'Still serving', rationale: 'yes' })).userErrors).toEqual([]);
    });
  });

  it('pages through decisions and the audit trail with stable cursors', async () => {
    const page1 = await api.gql(`{ decisions(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`);
    const { endCursor } = page1.data.decisions.pageInfo;
    await record({ title: 'Arrives between pages', rationale: 'r' });
    const page2 = await api.gql(`query($after: String) { decisions(first: 2, after: $after) { pageInfo { hasPreviousPage } edges { node { id } } } }`, {
      after: endCursor,
    });
    const all = await api.gql(`{ decisions(first: 100) { edges { node { id } } } }`);
    const ids = all.data.decisions.edges.map((e: any) => e.node.id);
    expect(page2.data.decisions.edges.map((e: any) => e.node.id)).toEqual(ids.slice(2, 4));
    expect(page2.data.decisions.pageInfo.hasPreviousPage).toBe(true);
    const bad = await api.gql(`{ decisions(first: 2, after: "nonsense") { totalCount } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await api.gql(`{ auditTrail(first: 1000) { totalCount } }`);
    expect(tooMany.errors?.[0]?.message).toMatch(/between 0 and 100/);
  });

  it('resolves audit events as nodes and returns null for unknown ids', async () => {
    const trail = await api.gql(AUDIT_TRAIL, { first: 1 });
    const event = trail.data.auditTrail.edges[0].node;
    const viaNode = await api.gql(`query($id: ID!) { node(id: $id) { id ... on AuditEvent { position hash } } }`, { id: event.id });
    expect(viaNode.data.node).toEqual({ id: event.id, position: 1, hash: event.hash });
    const missing = await api.gql(`{ node(id: "RGVjaXNpb246bm9wZQ==") { id } }`);
    expect(missing.data.node).toBeNull();
  });
});

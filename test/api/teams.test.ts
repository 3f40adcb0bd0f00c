import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { AUDIT_TRAIL, RECORD } from '../support/decision-ops.ts';
import { mutationDocument } from '../support/mutations.ts';

const TEAM_FIELDS = `id key name kind headcount since version headcountHistory { fromWeek headcount }`;
const DEFINE = mutationDocument('defineTeam', `team { ${TEAM_FIELDS} }`);
const REVISE = mutationDocument('reviseTeam', `team { ${TEAM_FIELDS} }`);

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('teams');
});
afterAll(() => api.close());

const define = async (input: Record<string, unknown>) => (await api.gql(DEFINE, { input })).data!.defineTeam;
const revise = async (input: Record<string, unknown>) => (await api.gql(REVISE, { input })).data!.reviseTeam;
const logSize = async () => (await api.gql(AUDIT_TRAIL, { first: 1 })).data!.auditTrail.totalCount as number;

describe('teams over HTTP', () => {
  it('defines a team, revises its headcount with history, and reads it back by id and key', async () => {
    const defined = await define({ key: 'payments', name: 'Payments', kind: 'PRODUCT', headcount: 6, effectiveWeek: '2026-W40' });
    expect(defined.userErrors).toEqual([]);
    expect(defined.team).toMatchObject({ key: 'payments', name: 'Payments', kind: 'PRODUCT', headcount: 6, since: '2026-W40', version: 1 });
    const id = defined.team.id;

    const grown = await revise({ id, expectedVersion: 1, reason: 'Two hires', headcount: 8, effectiveWeek: '2026-W45' });
    expect(grown.userErrors).toEqual([]);
    expect(grown.team).toMatchObject({
      version: 2,
      headcount: 8,
      headcountHistory: [
        { fromWeek: '2026-W40', headcount: 6 },
        { fromWeek: '2026-W45', headcount: 8 },
      ],
    });

    const read = await api.gql(
      `query($id: ID!) {
        node(id: $id) { ... on Team { key history { totalCount edges { node { type reason subjectId } } } } }
        team(key: "payments") { id name }
        missing: team(key: "nope") { id }
      }`,
      { id },
    );
    expect(read.data.node.key).toBe('payments');
    expect(read.data.node.history.edges.map((e: any) => [e.node.type, e.node.reason, e.node.subjectId])).toEqual([
      ['TeamDefined', null, id],
      ['TeamRevised', 'Two hires', id],
    ]);
    expect(read.data.team).toEqual({ id, name: 'Payments' });
    expect(read.data.missing).toBeNull();
  });

  it('lists teams in definition order, optionally by kind, with a total count', async () => {
    await define({ key: 'core-platform', name: 'Core platform', kind: 'PLATFORM', headcount: 4 });
    const all = await api.gql(`{ teams { totalCount edges { node { key } } } }`);
    expect(all.data.teams.edges.map((e: any) => e.node.key)).toEqual(['payments', 'core-platform']);
    const platform = await api.gql(`{ teams(kind: [PLATFORM], first: 1) { totalCount pageInfo { hasNextPage } edges { node { key kind } } } }`);
    expect(platform.data.teams).toEqual({ totalCount: 1, pageInfo: { hasNextPage: false }, edges: [{ node: { key: 'core-platform', kind: 'PLATFORM' } }] });
  });

  it('refuses a key that is taken, and bad input, writing nothing', async () => {
    const before = await logSize();
    expect((await define({ key: 'payments', name: 'Again', kind: 'PRODUCT', headcount: 1 })).userErrors).toEqual([
      { code: 'INVALID_INPUT', field: ['input', 'key'], message: 'A team with key "payments" exists' },
    ]);
    const bad = await define({ key: 'Bad Key', name: ' ', kind: 'PRODUCT', headcount: -2, effectiveWeek: '2025-W53' });
    expect(bad.team).toBeNull();
    expect(bad.userErrors.map((e: any) => [e.code, e.field.join('.')])).toEqual([
      ['INVALID_INPUT', 'input.key'],
      ['INVALID_INPUT', 'input.name'],
      ['INVALID_INPUT', 'input.headcount'],
      ['INVALID_INPUT', 'input.effectiveWeek'],
    ]);
    expect(await logSize()).toBe(before);
  });

  it('refuses stale, empty, unknown and mistyped revisions, writing nothing', async () => {
    const { team } = await define({ key: 'search', name: 'Search', kind: 'PRODUCT', headcount: 3 });
    const decision = (await api.gql(RECORD, { input: { title: 'A decision', rationale: 'r' } })).data!.recordDecision.decision;
    const before = await logSize();
    const unknownId = Buffer.from('Team:nope').toString('base64');
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ id: team.id, expectedVersion: 2, reason: 'r', headcount: 4 }, 'VERSION_CONFLICT', ['input', 'expectedVersion']],
      [{ id: team.id, expectedVersion: 1, reason: 'r', name: 'Search', headcount: 3 }, 'INVALID_INPUT', ['input']],
      [{ id: team.id, expectedVersion: 1, reason: 'r', name: 'Find', effectiveWeek: '2026-W01' }, 'INVALID_INPUT', ['input', 'effectiveWeek']],
      [{ id: team.id, expectedVersion: 1, reason: ' ', headcount: 4 }, 'INVALID_INPUT', ['input', 'reason']],
      [{ id: unknownId, expectedVersion: 1, reason: 'r', headcount: 4 }, 'NOT_FOUND', ['input', 'id']],
      [{ id: decision.id, expectedVersion: 1, reason: 'r', headcount: 4 }, 'INVALID_INPUT', ['input', 'id']],
    ];
    for (const [input, code, field] of cases) {
      const result = await revise(input);
      expect(result.team, JSON.stringify(input)).toBeNull();
      expect(result.userErrors, JSON.stringify(input)).toEqual([expect.objectContaining({ code, field })]);
    }
    expect(await logSize()).toBe(before);
  });

  it('answers a retried defineTeam with the first result', async () => {
    const input = { key: 'mobile', name: 'Mobile', kind: 'PRODUCT', headcount: 5, idempotencyKey: 'team-mobile-1' };
    const first = await define(input);
    const size = await logSize();
    const retry = await define(input);
    expect(retry).toEqual(first);
    expect(await logSize()).toBe(size);
  });
});

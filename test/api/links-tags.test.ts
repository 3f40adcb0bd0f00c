import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { mutations } from '../support/mutations.ts';

/** Issue 17 items 4 and 5 (filters): links on every record kind and as evidence; tag, owner and status filters. */

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('links-tags');
});
afterAll(() => api.close());

const ERRORS = 'userErrors { code field message }';
const LINKS = 'links { url title kind }';
const { mutate, logSize } = mutations(() => api);

const recordDecision = (input: Record<string, unknown>) =>
  mutate('recordDecision', `decision { id version tags owner ${LINKS} }`, { rationale: 'because', ...input });

describe('links to where the work lives', () => {
  it('keeps links on every record kind, inferring the kind from the host when not given', async () => {
    const decision = await recordDecision({
      title: 'Adopt the event log',
      links: [
        { url: 'https://acme.atlassian.net/browse/OPS-12', title: 'OPS-12' },
        { url: 'https://github.com/acme/ledger/pull/7' },
        { url: 'https://linear.app/acme/issue/ENG-3' },
        { url: 'https://docs.google.com/document/d/abc', title: 'Design doc' },
        { url: 'https://acme.grafana.net/d/xyz' },
        { url: 'https://example.com/page', kind: 'DOCUMENT' },
        { url: 'http://localhost:3000/board' },
        { url: 'https://github.com/acme/ledger/pull/7', title: 'the same URL again' },
      ],
    });
    expect(decision.userErrors).toEqual([]);
    expect(decision.decision.links).toEqual([
      { url: 'https://acme.atlassian.net/browse/OPS-12', title: 'OPS-12', kind: 'JIRA' },
      { url: 'https://github.com/acme/ledger/pull/7', title: null, kind: 'GITHUB' },
      { url: 'https://linear.app/acme/issue/ENG-3', title: null, kind: 'LINEAR' },
      { url: 'https://docs.google.com/document/d/abc', title: 'Design doc', kind: 'DOCUMENT' },
      { url: 'https://acme.grafana.net/d/xyz', title: null, kind: 'DASHBOARD' },
      { url: 'https://example.com/page', title: null, kind: 'DOCUMENT' },
      { url: 'http://localhost:3000/board', title: null, kind: 'OTHER' },
    ]);

    const link = [{ url: 'https://acme.atlassian.net/browse/OPS-1' }];
    const jira = [{ url: 'https://acme.atlassian.net/browse/OPS-1', title: null, kind: 'JIRA' }];
    // The same for every other kind with links, and its tags where it has them (a team has none).
    const created: Record<string, { id: string }> = {};
    for (const [name, field, input] of [
      ['noteTradeoff', 'tradeoff', { title: 'Speed over polish', chose: 'ship', over: 'polish', rationale: 'deadline', tags: ['q3'] }],
      ['createInitiative', 'initiative', { title: 'Importer', owner: 'platform', kind: 'INNOVATION', tags: ['q3'] }],
      ['defineTeam', 'team', { key: 'platform', name: 'Platform', kind: 'PLATFORM', headcount: 5 }],
      ['setObjective', 'objective', { title: 'Ship the importer', level: 'TEAM', ownerTeam: 'platform', cycle: '2025-Q1', tags: ['q3'] }],
    ] as const) {
      const tags = 'tags' in input ? { tags: input.tags } : {};
      const result = await mutate(name, `${field} { id ${'tags' in input ? 'tags' : ''} ${LINKS} }`, { ...input, links: link });
      expect(result).toMatchObject({ userErrors: [], [field]: { ...tags, links: jira } });
      created[field] = result[field];
    }
    const { initiative, objective } = created as Record<'initiative' | 'objective', { id: string }>;
    const keyResult = await mutate('defineKeyResult', `keyResult { id ${LINKS} }`, {
      objective: objective.id,
      title: 'Rows imported',
      kind: 'METRIC',
      baseline: 0,
      target: 100,
      unit: 'rows',
      links: link,
    });
    expect(keyResult).toMatchObject({ userErrors: [], keyResult: { links: jira } });

    // As evidence: a check-in and a priority change cite a dashboard next to record ids.
    const dashboard = { url: 'https://app.datadoghq.com/dashboard/abc', title: 'Import rate' };
    const checkIn = await mutate('checkInKeyResult', `checkIn { id ${LINKS} }`, {
      keyResult: keyResult.keyResult.id,
      value: 40,
      confidence: 0.6,
      reportedFor: '2025-02-15',
      links: [dashboard],
    });
    expect(checkIn).toMatchObject({ userErrors: [], checkIn: { links: [{ ...dashboard, kind: 'DASHBOARD' }] } });
    const change = await mutate('reprioritize', 'priorities { version }', {
      initiativeId: initiative.id,
      toRank: 1,
      expectedVersion: 0,
      reason: 'the import rate says so',
      evidence: [checkIn.checkIn.id],
      evidenceLinks: [dashboard],
    });
    expect(change.userErrors).toEqual([]);
    const why = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on Initiative { why { evidence { id } evidenceLinks { url kind } } } } }`,
      { id: initiative.id },
    );
    expect(why.data!.node.why).toEqual([{
      evidence: [{ id: checkIn.checkIn.id }],
      evidenceLinks: [{ url: dashboard.url, kind: 'DASHBOARD' }],
    }]);

    // A revision replaces the list; leaving links out keeps them.
    const revised = await mutate('reviseDecision', `decision { version ${LINKS} }`, {
      id: decision.decision.id,
      expectedVersion: 1,
      reason: 'one link is enough',
      links: [{ url: 'https://github.com/acme/ledger/pull/8' }],
    });
    expect(revised.decision.links).toEqual([{ url: 'https://github.com/acme/ledger/pull/8', title: null, kind: 'GITHUB' }]);
    const untouched = await mutate('reviseDecision', `decision { version ${LINKS} }`, {
      id: decision.decision.id,
      expectedVersion: 2,
      reason: 'retitle',
      title: 'Adopt the event log, for real',
    });
    expect(untouched.decision.links).toEqual(revised.decision.links);
  });

  it.each([
    ['a malformed URL', { links: [{ url: 'not a url' }] }, ['input', 'links', '0', 'url'], /absolute URL/],
    ['plain http to another host', { links: [{ url: 'http://example.com/x' }] }, ['input', 'links', '0', 'url'], /localhost only/],
    ['another scheme', { links: [{ url: 'ftp://example.com/x' }] }, ['input', 'links', '0', 'url'], /https/],
    ['a javascript: URL', { links: [{ url: 'javascript:alert(1)' }] }, ['input', 'links', '0', 'url'], /https/],
    ['a URL over 2 000 characters', { links: [{ url: `https://example.com/${'a'.repeat(2000)}` }] }, ['input', 'links', '0', 'url'], /2000/],
    ['21 links', { links: Array.from({ length: 21 }, (_, i) => ({ url: `https://example.com/${i}` })) }, ['input', 'links'], /at most 20/],
  ])('refuses %s with a typed error and writes nothing', async (_name, input, field, message) => {
    const before = await logSize();
    const result = await recordDecision({ title: 'Refused', ...input });
    expect(result.decision).toBeNull();
    expect(result.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: field.map(String) })]);
    expect(result.userErrors[0].message).toMatch(message);
    expect(await logSize()).toBe(before);
  });

  it('refuses a bad evidence link of a check-in too', async () => {
    const before = await logSize();
    const result = await api.gql(
      `mutation($input: CheckInKeyResultInput!) { checkInKeyResult(input: $input) { checkIn { id } ${ERRORS} } }`,
      { input: { keyResult: 'S2V5UmVzdWx0OnVua25vd24=', confidence: 0.5, reportedFor: '2025-02-15', links: [{ url: 'http://evil.example' }] } },
    );
    expect(result.data!.checkInKeyResult.userErrors).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'links', '0', 'url'] })]),
    );
    expect(await logSize()).toBe(before);
  });
});

describe('tag, owner and status filters', () => {
  it('filters decisions, initiatives, objectives and tradeoffs by tag, owner and status', async () => {
    const a = (await recordDecision({ title: 'Tagged infra', tags: ['infra', 'q3'], owner: 'ana' })).decision;
    const b = (await recordDecision({ title: 'Tagged infra too', tags: ['infra'], owner: 'ben', status: 'ACCEPTED' })).decision;
    await recordDecision({ title: 'Untagged', owner: 'ana' });

    const titles = async (args: string) =>
      (await api.gql(`{ decisions(${args}, first: 100) { edges { node { id } } } }`)).data!.decisions.edges.map((e: any) => e.node.id);
    expect(await titles('tag: ["infra"]')).toEqual([a.id, b.id]);
    expect(await titles('tag: ["infra", "q3"]')).toEqual([a.id]);
    expect(await titles('tag: ["infra"], owner: "ben"')).toEqual([b.id]);
    expect(await titles('tag: ["infra"], status: [ACCEPTED]')).toEqual([b.id]);
    expect(await titles('tag: ["nothing"]')).toEqual([]);

    const initiatives = await api.gql('{ initiatives(tag: ["q3"], owner: "platform") { totalCount edges { node { title } } } }');
    expect(initiatives.data!.initiatives.edges.map((e: any) => e.node.title)).toEqual(['Importer']);
    const objectives = await api.gql('{ objectives(tag: ["q3"], team: "platform", status: ACTIVE) { edges { node { title } } } }');
    expect(objectives.data!.objectives.edges.map((e: any) => e.node.title)).toEqual(['Ship the importer']);
    const tradeoffs = await api.gql('{ tradeoffs(tag: ["q3"], status: [IN_EFFECT]) { edges { node { title } } } }');
    expect(tradeoffs.data!.tradeoffs.edges.map((e: any) => e.node.title)).toEqual(['Speed over polish']);
    const none = await api.gql('{ tradeoffs(tag: ["q3"], status: [REVERSED]) { edges { node { title } } } }');
    expect(none.data!.tradeoffs.edges).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api-server.ts';

/** Issue 17 item 5: search over the ledger's words, ranked, with highlights, paginated, and at a past position. */

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('search');
});
afterAll(() => api.close());

const ERRORS = 'userErrors { code field message }';
async function mutate(name: string, inputType: string, selection: string, input: Record<string, unknown>) {
  const result = await api.gql(`mutation($input: ${inputType}!) { ${name}(input: $input) { ${selection} ${ERRORS} } }`, { input });
  expect(result.errors).toBeUndefined();
  expect(result.data![name].userErrors).toEqual([]);
  return result.data![name];
}
const position = async () => (await api.gql('{ auditTrail(first: 1) { totalCount } }')).data!.auditTrail.totalCount as number;

const SEARCH = `query($query: String!, $kinds: [SearchKind!], $first: Int, $after: String, $atPosition: Int) {
  search(query: $query, kinds: $kinds, first: $first, after: $after, atPosition: $atPosition) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { kind score highlights { source snippet terms } node { id ... on Decision { title } ... on Tradeoff { title } ... on KeyResult { title } } } }
  }
}`;
const search = async (variables: Record<string, unknown>) => {
  const result = await api.gql(SEARCH, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.search;
};
const titlesOf = (connection: any) => connection.edges.map((e: any) => e.node.node.title);

describe('search', () => {
  let decisionId = '';
  let beforeRevision = 0;

  it('ranks a title match above a match in the rationale, with highlights, across kinds', async () => {
    const decision = await mutate('recordDecision', 'RecordDecisionInput', 'decision { id }', {
      title: 'Adopt DynamoDB for the event log',
      rationale: 'Serverless and append-only through IAM.',
    });
    decisionId = decision.decision.id;
    await mutate('recordDecision', 'RecordDecisionInput', 'decision { id }', {
      title: 'Keep Postgres for reporting',
      rationale: 'Reports join across tables; DynamoDB would need exports.',
    });
    await mutate('noteTradeoff', 'NoteTradeoffInput', 'tradeoff { id }', {
      title: 'Single table',
      chose: 'one DynamoDB table per org',
      over: 'a table per record kind',
      rationale: 'fewer moving parts',
    });
    await mutate('recordDecision', 'RecordDecisionInput', 'decision { id }', { title: 'Unrelated', rationale: 'Nothing to see' });

    const found = await search({ query: 'dynamodb' });
    expect(found.totalCount).toBe(3);
    expect(titlesOf(found)[0]).toBe('Adopt DynamoDB for the event log');
    expect(new Set(titlesOf(found))).toEqual(new Set(['Adopt DynamoDB for the event log', 'Keep Postgres for reporting', 'Single table']));
    const scores = found.edges.map((e: any) => e.node.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(found.edges[0].node.highlights[0]).toEqual({ source: 'TITLE', snippet: 'Adopt DynamoDB for the event log', terms: ['dynamodb'] });
    const postgres = found.edges.find((e: any) => e.node.node.title === 'Keep Postgres for reporting').node;
    expect(postgres.highlights).toEqual([{ source: 'CONTENT', snippet: expect.stringContaining('DynamoDB would need exports'), terms: ['dynamodb'] }]);

    const onlyTradeoffs = await search({ query: 'dynamodb', kinds: ['TRADEOFF'] });
    expect(onlyTradeoffs.edges.map((e: any) => e.node.kind)).toEqual(['TRADEOFF']);

    // A typo and a prefix still find it.
    expect(titlesOf(await search({ query: 'dynamdb' }))).toContain('Adopt DynamoDB for the event log');
    expect(titlesOf(await search({ query: 'postg' }))).toEqual(['Keep Postgres for reporting']);
    expect((await search({ query: 'zebra' })).totalCount).toBe(0);
  });

  it('pages through ranked results with first and after', async () => {
    const first = await search({ query: 'dynamodb', first: 2 });
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await search({ query: 'dynamodb', first: 2, after: first.pageInfo.endCursor });
    expect(rest.edges).toHaveLength(1);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect([...titlesOf(first), ...titlesOf(rest)]).toEqual(titlesOf(await search({ query: 'dynamodb' })));
  });

  it('finds reasons and notes, and answers at a past position with the words as they stood', async () => {
    beforeRevision = await position();
    await mutate('reviseDecision', 'ReviseDecisionInput', 'decision { id }', {
      id: decisionId,
      expectedVersion: 1,
      reason: 'Cassandra was ruled out after the load test',
      title: 'Adopt a managed key-value store for the event log',
    });
    // Now: the new title, the reason; not the old title.
    expect(titlesOf(await search({ query: 'managed key-value' }))).toEqual(['Adopt a managed key-value store for the event log']);
    const byReason = await search({ query: 'cassandra' });
    expect(byReason.edges[0].node.highlights).toEqual([
      { source: 'REASON', snippet: 'Cassandra was ruled out after the load test', terms: ['cassandra'] },
    ]);
    expect(titlesOf(await search({ query: 'adopt dynamodb' }))).not.toContain('Adopt DynamoDB for the event log');

    // Before the revision: the old title, no reason yet, and the record as it stood then.
    const then = await search({ query: 'adopt dynamodb', atPosition: beforeRevision });
    expect(titlesOf(then)[0]).toBe('Adopt DynamoDB for the event log');
    expect((await search({ query: 'cassandra', atPosition: beforeRevision })).totalCount).toBe(0);
    expect((await search({ query: 'dynamodb', atPosition: 0 })).totalCount).toBe(0);

    const objective = await mutate('setObjective', 'SetObjectiveInput', 'objective { id }', { title: 'Faster imports', level: 'COMPANY', cycle: '2025-Q1' });
    const keyResult = await mutate('defineKeyResult', 'DefineKeyResultInput', 'keyResult { id }', {
      objective: objective.objective.id,
      title: 'Rows per second',
      kind: 'METRIC',
      baseline: 100,
      target: 1000,
      unit: 'rows/s',
    });
    await mutate('checkInKeyResult', 'CheckInKeyResultInput', 'checkIn { id }', {
      keyResult: keyResult.keyResult.id,
      value: 400,
      confidence: 0.5,
      reportedFor: '2025-02-15',
      note: 'Batching writes quadrupled throughput',
    });
    const note = await search({ query: 'batching', kinds: ['KEY_RESULT'] });
    expect(titlesOf(note)).toEqual(['Rows per second']);
    expect(note.edges[0].node.highlights[0]).toMatchObject({ source: 'NOTE', terms: ['batching'] });
  });

  it('refuses an empty or overlong query with BAD_USER_INPUT, and keeps serving', async () => {
    for (const query of ['   ', 'x'.repeat(201)]) {
      const result = await api.gql(SEARCH, { query });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await search({ query: 'postgres' })).totalCount).toBe(1);
  });
});

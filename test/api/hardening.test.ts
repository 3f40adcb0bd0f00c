import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getNamedType, getNullableType, isListType, isObjectType, type GraphQLField } from 'graphql';
import { costEstimator, LIMITS } from '../../api/hardening/limits.ts';
import { DEFAULT_PAGE } from '../../api/connection.ts';
import { schema } from '../../api/schema/index.ts';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/api-server.ts';
import { authorization } from '../support/auth.ts';

// Hostile requests are refused before execution with a clear error, and the server keeps serving.

let api: TestServer;
let production: TestServer;
beforeAll(async () => {
  [api, production] = await Promise.all([startTestServer('hardening'), startTestServer('hardening-prod', { NODE_ENV: 'production' })]);
});
afterAll(() => Promise.all([api.close(), production.close()]));

const HEALTHY = '{ decisions(first: 1) { totalCount } }';

async function expectStillServing(server: TestServer = api) {
  expect(await server.gql(HEALTHY)).toMatchObject({ status: 200, data: { decisions: { totalCount: expect.any(Number) } } });
}

function expectRefused(response: GraphQLResponse, message: RegExp) {
  expect(response.status).toBe(400);
  expect(response.data).toBeUndefined();
  expect(response.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(message), extensions: { code: 'QUERY_LIMIT_EXCEEDED' } })]);
}

/** A query `depth` fields deep: objectives > edges > node > children > ... > id. */
const nested = (depth: number) => `{ objectives(first: 1) { edges { node { ${'children { '.repeat(depth - 4)}id${' }'.repeat(depth - 4)} } } } }`;

describe('query limits', () => {
  it(`refuses a query nested deeper than ${LIMITS.depth}`, async () => {
    expect((await api.gql(nested(LIMITS.depth))).status).toBe(200);
    expectRefused(await api.gql(nested(LIMITS.depth + 1)), new RegExp(`^Query depth limit of ${LIMITS.depth} exceeded, found ${LIMITS.depth + 1}`));
    await expectStillServing();
  });

  it(`refuses a query costing more than ${LIMITS.cost}`, async () => {
    const expensive = `{ decisions(first: 100) { edges { node { id title rationale status history(first: 100) { edges { node { type payload } } } } } } }`;
    expectRefused(await api.gql(expensive), new RegExp(`^Query cost limit of ${LIMITS.cost} exceeded`));
    await expectStillServing();
  });

  it(`refuses more than ${LIMITS.aliases} aliases`, async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: decisions(first: 1) { totalCount }`).join(' ')} }`;
    expect((await api.gql(aliases(LIMITS.aliases))).status).toBe(200);
    expectRefused(await api.gql(aliases(LIMITS.aliases + 1)), new RegExp(`^Aliases limit of ${LIMITS.aliases} exceeded`));
    await expectStillServing();
  });

  it(`refuses a document of more than ${LIMITS.tokens} tokens`, async () => {
    const padded = `{ ${'__typename '.repeat(LIMITS.tokens)} }`;
    const response = await api.gql(padded);
    expect(response).toMatchObject({ status: 400, errors: [{ message: `Syntax Error: Document contains more that ${LIMITS.tokens} tokens. Parsing aborted.` }] });
    await expectStillServing();
  });

  it('has batching off: a JSON array of operations is refused', async () => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await authorization()) },
      body: JSON.stringify([{ query: HEALTHY }, { query: HEALTHY }]),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/Batching is not supported/);
    await expectStillServing();
  });
});

describe(`request body limit (${LIMITS.bodyBytes} bytes)`, () => {
  const oversized = () => JSON.stringify({ query: HEALTHY, variables: { padding: 'x'.repeat(LIMITS.bodyBytes) } });

  it('refuses a larger body with 413 before reading it', async () => {
    const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await authorization()) }, body: oversized() });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] });
    await expectStillServing();
  });

  it('refuses a larger chunked body (no Content-Length) too, and accepts a small one', async () => {
    const chunked = (body: string) => {
      const bytes = new TextEncoder().encode(body);
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
          controller.close();
        },
      });
      return authorization().then((credentials) =>
        fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', ...credentials }, body: stream, duplex: 'half' } as RequestInit),
      );
    };
    expect((await chunked(oversized())).status).toBe(413);
    const small = await chunked(JSON.stringify({ query: HEALTHY }));
    expect(small.status).toBe(200);
    await expectStillServing();
  });

  it('counts the body of a request that did not come through Node\'s HTTP parser (as the Lambda handler builds one), whatever its Content-Length says', async () => {
    const lambdaLike = async (body: string, contentLength: string) =>
      api.app.yoga.fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': contentLength, ...(await authorization()) },
        body,
      });
    const understated = await lambdaLike(oversized(), '100');
    expect(understated.status).toBe(413);
    expect(await understated.json()).toEqual({ errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] });
    const invalid = await lambdaLike(JSON.stringify({ query: HEALTHY }), '10, 10');
    expect(invalid.status).toBe(400);
    const small = JSON.stringify({ query: HEALTHY });
    expect((await lambdaLike(small, String(Buffer.byteLength(small)))).status).toBe(200);
  });
});

describe('in production', () => {
  it('hides field suggestions', async () => {
    const typo = { query: '{ decisons(first: 1) { totalCount } }' };
    const [local, deployed] = await Promise.all([api.gql(typo.query), production.gql(typo.query)]);
    expect(local.errors![0]!.message).toMatch(/Did you mean "decisions"/);
    expect(deployed.errors![0]!.message).not.toMatch(/decisions/);
    await expectStillServing(production);
  });

  it('serves no GraphiQL and no CORS headers (API Gateway owns CORS); locally, CORS never allows credentials', async () => {
    const page = await fetch(production.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/graphiql/i);
    const preflight = { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } };
    const [deployed, local] = await Promise.all([fetch(production.url, preflight), fetch(api.url, preflight)]);
    expect(deployed.headers.get('access-control-allow-origin')).toBeNull();
    expect(local.headers.get('access-control-allow-credentials')).not.toBe('true');
  });
});

describe('locally', () => {
  it('serves GraphiQL with how to set the Authorization header', async () => {
    const page = await (await fetch(api.url, { headers: { accept: 'text/html' } })).text();
    expect(page).toMatch(/npm run token -- --role ADMIN --sub you/);
    expect(page).toMatch(/Authorization/);
  });
});

describe('bounded answers: cost counts list lengths', () => {
  const HISTORY = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Decision { history(first: 100) { edges { node { payload } } } } } }`;
  let id: string;
  beforeAll(async () => {
    const recorded = await api.gql(`mutation { recordDecision(input: { title: "Counted", rationale: "r" }) { decision { id } } }`);
    id = recorded.data.recordDecision.decision.id;
  });

  it('refuses nodes(ids:) with 15 000 copies of one id before execution', async () => {
    const response = await api.gql(HISTORY, { ids: Array.from({ length: 15_000 }, () => id) });
    expectRefused(response, new RegExp(`^nodes\\(ids:\\) takes at most ${LIMITS.nodeIds} ids; got 15000`));
    await expectStillServing();
  });

  it(`caps nodes at ${LIMITS.nodeIds} ids, and multiplies the cost of what each id selects`, async () => {
    const ids = (n: number) => Array.from({ length: n }, () => id);
    expect(await api.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ids(LIMITS.nodeIds) })).toMatchObject({ status: 200 });
    expectRefused(await api.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ids(LIMITS.nodeIds + 1) }), /takes at most/);
    expectRefused(await api.gql(HISTORY, { ids: ids(LIMITS.nodeIds) }), /^Query cost limit/);
    expect((await api.gql(HISTORY, { ids: ids(1) })).data.nodes[0].history.edges).toHaveLength(1);
  });

  it('multiplies by first and last, the default page when neither is given, also under ledger', async () => {
    const nested = (outer: string, inner: string) =>
      `{ decisions${outer} { edges { node { history${inner} { edges { node { type payload recordedAt actor { id } } } } } } } }`;
    expect((await api.gql(nested('(first: 10)', '(first: 10)'))).status).toBe(200);
    expectRefused(await api.gql(nested('(first: 100)', '(first: 100)')), /^Query cost limit/);
    expectRefused(await api.gql(nested('(last: 100)', '(last: 100)')), /^Query cost limit/);
    expectRefused(await api.gql(nested('', '(first: 100)')), /^Query cost limit/);
    expectRefused(await api.gql(`{ ledger(atPosition: 1) ${nested('(first: 100)', '(first: 100)')} }`), /^Query cost limit/);
  });

  it('counts page sizes given as variables on every request: the same text is cheap with 10 and refused with 100', async () => {
    // A document's cost is remembered only when its variables cannot change it (a mutation's input).
    const paged = `query($outer: Int, $inner: Int) { decisions(first: $outer) { edges { node { history(first: $inner) { edges { node { type payload recordedAt actor { id } } } } } } } }`;
    expect((await api.gql(paged, { outer: 10, inner: 10 })).status).toBe(200);
    expectRefused(await api.gql(paged, { outer: 100, inner: 100 }), /^Query cost limit/);
    expect((await api.gql(paged, { outer: 10, inner: 10 })).status).toBe(200);
  });

  it('lets a full page of 100 records with every field through, twice over (what a list view asks for)', async () => {
    const leaves = (typename: string) =>
      Object.values((schema.getType(typename) as import('graphql').GraphQLObjectType).getFields())
        .filter((f) => !f.args.some((a) => a.type.toString().endsWith('!')) && getNamedType(f.type).name.match(/^(String|ID|Int|Float|Boolean|DateTime|JSON)$|Status$|Kind$/))
        .map((f) => f.name)
        .join(' ');
    const page = `{ decisions(first: 100) { totalCount edges { node { ${leaves('Decision')} recordedBy { name } options { title pros cons } supersededBy { id title } } } }
      tradeoffs(first: 100) { totalCount edges { node { ${leaves('Tradeoff')} recordedBy { name } revisits { outcome reason } } } } }`;
    const response = await api.gql(page);
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
  });

  it(`counts aliases of __typename against the alias limit (${LIMITS.aliases})`, async () => {
    const typenames = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    expect((await api.gql(typenames(LIMITS.aliases))).status).toBe(200);
    expectRefused(await api.gql(typenames(LIMITS.aliases + 1)), /^Aliases limit/);
  });

  /** The class: no field can answer many items without its cost growing with them. */
  it('every field of the schema that answers a page or a list per argument is multiplied', () => {
    const fields: [string, GraphQLField<unknown, unknown>][] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isObjectType(type) && !type.name.startsWith('__')) for (const field of Object.values(type.getFields())) fields.push([`${type.name}.${field.name}`, field]);
    }
    const cost = (field: GraphQLField<unknown, unknown>, args: Record<string, unknown>) =>
      costEstimator(() => {})({ field, args, childComplexity: 10, type: undefined as never, node: undefined as never });
    const connections = fields.filter(([, f]) => getNamedType(f.type).name.endsWith('Connection'));
    expect(connections.length).toBeGreaterThan(15);
    for (const [name, field] of connections) {
      expect(field.args.map((a) => a.name), `${name} must page`).toEqual(expect.arrayContaining(['first', 'last']));
      expect(cost(field, { first: 100 }), name).toBe(1 + 100 * 10);
      expect(cost(field, { last: 7 }), name).toBe(1 + 7 * 10);
      expect(cost(field, {}), name).toBe(1 + DEFAULT_PAGE * 10);
    }
    const perArgument = fields.filter(([, f]) => isListType(getNullableType(f.type)) && f.args.some((a) => isListType(getNullableType(a.type))));
    expect(perArgument.map(([name]) => name).sort()).toEqual(['Ledger.nodes', 'Query.nodes']);
    for (const [name, field] of perArgument) expect(cost(field, { ids: Array.from({ length: 50 }, () => 'x') }), name).toBe(1 + 50 * 10);
  });
});

describe(`bounded answers: the response size (${LIMITS.responseBytes / 1024 / 1024} MB)`, () => {
  it('answers RESPONSE_TOO_LARGE instead of an answer over the limit, and an answer under it as usual', async () => {
    // One decision with a 300 000-character rationale; each alias of the trail answers it again.
    const rationale = 'r'.repeat(300_000);
    const recorded = await api.gql(`mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { decision { id } } }`, {
      input: { title: 'Long', rationale },
    });
    expect(recorded.data.recordDecision.decision.id).toBeTruthy();
    const copies = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: decisions(last: 1) { edges { node { rationale history(first: 1) { edges { node { payload } } } } } }`).join(' ')} }`;
    const small = await api.gql(copies(2));
    expect(small.status).toBe(200);
    expect(small.data.a1.edges[0].node.rationale).toBe(rationale);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const large = await api.gql(copies(LIMITS.aliases));
    errors.mockRestore();
    expect(large.status).toBe(200);
    expect(large.data).toBeNull();
    expect(large.errors).toEqual([{ message: expect.stringMatching(/^The answer would be 8\.\d MB, over the limit of 8 MB/), extensions: { code: 'RESPONSE_TOO_LARGE' } }]);
    await expectStillServing();
  });
});

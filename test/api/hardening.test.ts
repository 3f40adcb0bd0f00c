import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../api/hardening/limits.ts';
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
    expectRefused(await api.gql(expensive), new RegExp(`^Query Cost limit of ${LIMITS.cost} exceeded`));
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

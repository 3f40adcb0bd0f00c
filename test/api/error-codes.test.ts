import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../api/hardening/limits.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { authorization } from '../support/auth.ts';
import { RECORD } from '../support/decision-ops.ts';

// Every error a client can get carries extensions.code and comes as JSON: a catalogue of malformed
// requests, sent over HTTP, each answered with a code (the one of its kind) and no internals.

let api: TestServer;
let decisionId: string;
beforeAll(async () => {
  api = await startTestServer('error-codes');
  decisionId = (await api.gql(RECORD, { input: { title: 'One', rationale: 'r' } })).data.recordDecision.decision.id;
});
afterAll(() => api.close());

const b64 = (text: string) => Buffer.from(text).toString('base64');

interface Case {
  name: string;
  /** The request; `auth: false` sends no Authorization header. */
  request: () => { method?: string; path?: string; headers?: Record<string, string>; body?: string; auth?: boolean };
  status: number;
  code: string;
  /** Where the error is, for field errors. */
  path?: (string | number)[];
}

const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const query = (text: string, variables?: Record<string, unknown>) => post({ query: text, variables });
const nodeQuery = (id: string) => query('query($id: ID!) { node(id: $id) { id } }', { id });

const CATALOGUE: Case[] = [
  // Transport
  { name: 'no Authorization header', request: () => ({ ...query('{ __typename }'), auth: false }), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'a Basic Authorization header', request: () => query('{ __typename }'), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'a text/plain POST', request: () => post('{"query":"{ __typename }"}', { 'content-type': 'text/plain' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'an application/xml POST', request: () => post('<query/>', { 'content-type': 'application/xml' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a multipart POST (no uploads here)', request: () => post('--x--', { 'content-type': 'multipart/form-data; boundary=x' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a POST without a Content-Type', request: () => ({ method: 'POST', body: '{"query":"{ __typename }"}' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'an Accept the server cannot serve', request: () => post({ query: '{ __typename }' }, { accept: 'text/plain' }), status: 406, code: 'NOT_ACCEPTABLE' },
  { name: 'a PUT', request: () => ({ ...query('{ __typename }'), method: 'PUT' }), status: 405, code: 'BAD_REQUEST' },
  { name: 'a GET with a mutation', request: () => ({ method: 'GET', path: `?query=${encodeURIComponent('mutation { __typename }')}` }), status: 405, code: 'BAD_REQUEST' },
  { name: 'a path other than /graphql', request: () => ({ ...query('{ __typename }'), path: '/elsewhere' }), status: 404, code: 'NOT_FOUND' },
  { name: 'a body over the limit', request: () => query('{ __typename }', { padding: 'x'.repeat(LIMITS.bodyBytes) }), status: 413, code: 'REQUEST_ENTITY_TOO_LARGE' },
  // Body
  { name: 'invalid JSON', request: () => post('{"query":'), status: 400, code: 'BAD_REQUEST' },
  { name: 'a JSON array (batching is off)', request: () => post([{ query: '{ __typename }' }]), status: 400, code: 'BAD_REQUEST' },
  { name: 'a JSON string', request: () => post('"{ __typename }"'), status: 400, code: 'BAD_REQUEST' },
  { name: 'JSON null', request: () => post('null'), status: 400, code: 'BAD_REQUEST' },
  { name: 'no query', request: () => post({}), status: 400, code: 'BAD_REQUEST' },
  { name: 'a query that is not a string', request: () => post({ query: 5 }), status: 400, code: 'BAD_REQUEST' },
  { name: 'variables that are not an object', request: () => post({ query: '{ __typename }', variables: 'x' }), status: 400, code: 'BAD_REQUEST' },
  { name: 'an unknown operationName', request: () => post({ query: 'query A { __typename }', operationName: 'B' }), status: 400, code: 'OPERATION_RESOLUTION_FAILURE' },
  // Document
  { name: 'a syntax error', request: () => query('{ decisions('), status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  { name: `more than ${LIMITS.tokens} tokens`, request: () => query(`{ ${'__typename '.repeat(LIMITS.tokens)} }`), status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'an unknown field', request: () => query('{ nope }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'an unknown argument', request: () => query('{ decisions(nope: 1) { totalCount } }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  {
    name: `a query deeper than ${LIMITS.depth}`,
    request: () => query(`{ objectives(first: 1) { edges { node { ${'children { '.repeat(LIMITS.depth - 3)}id${' }'.repeat(LIMITS.depth - 3)} } } } }`),
    status: 400,
    code: 'QUERY_LIMIT_EXCEEDED',
  },
  {
    name: `a query costing more than ${LIMITS.cost}`,
    request: () => query('{ decisions(first: 100) { edges { node { history(first: 100) { edges { node { payload } } } } } } }'),
    status: 400,
    code: 'QUERY_LIMIT_EXCEEDED',
  },
  {
    name: `more than ${LIMITS.aliases} aliases of __typename`,
    request: () => query(`{ ${Array.from({ length: LIMITS.aliases + 1 }, (_, i) => `t${i}: __typename`).join(' ')} }`),
    status: 400,
    code: 'QUERY_LIMIT_EXCEEDED',
  },
  {
    name: `nodes with more than ${LIMITS.nodeIds} ids`,
    request: () => query('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 15_000 }, () => b64('Decision:x')) }),
    status: 400,
    code: 'QUERY_LIMIT_EXCEEDED',
  },
  // Variables
  {
    name: '$input with an unknown field',
    request: () => query('mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { userErrors { code } } }', { input: { title: 't', rationale: 'r', nope: 1 } }),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  { name: 'asOf of the wrong type', request: () => query('query($t: DateTime) { decisions(asOf: $t) { totalCount } }', { t: 42 }), status: 400, code: 'BAD_USER_INPUT' },
  { name: 'asOf that is no instant', request: () => query('query($t: DateTime) { decisions(asOf: $t) { totalCount } }', { t: 'last week' }), status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a required variable left out', request: () => query('query($id: ID!) { node(id: $id) { id } }'), status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an Int variable given a string', request: () => query('query($n: Int) { decisions(first: $n) { totalCount } }', { n: 'ten' }), status: 400, code: 'BAD_USER_INPUT' },
  // Arguments
  { name: 'first over the page size', request: () => query('{ decisions(first: 1000) { totalCount } }'), status: 200, code: 'BAD_USER_INPUT', path: ['decisions'] },
  { name: 'a cursor from nowhere', request: () => query('{ decisions(after: "bm9wZQ") { totalCount } }'), status: 200, code: 'BAD_USER_INPUT', path: ['decisions'] },
  { name: 'atPosition beyond the log', request: () => query('{ decisions(atPosition: 99) { totalCount } }'), status: 200, code: 'BAD_USER_INPUT', path: ['decisions'] },
  // Global ids
  { name: 'node("garbage")', request: () => nodeQuery('garbage'), status: 200, code: 'BAD_USER_INPUT', path: ['node'] },
  { name: 'node("")', request: () => nodeQuery(''), status: 200, code: 'BAD_USER_INPUT', path: ['node'] },
  { name: 'node of an unknown type name', request: () => nodeQuery(b64('NoSuchType:1')), status: 200, code: 'BAD_USER_INPUT', path: ['node'] },
  { name: 'node of type __proto__', request: () => nodeQuery(b64('__proto__:1')), status: 200, code: 'BAD_USER_INPUT', path: ['node'] },
  { name: 'node of type constructor', request: () => nodeQuery(b64('constructor:1')), status: 200, code: 'BAD_USER_INPUT', path: ['node'] },
  { name: 'node of a type that is not a Node', request: () => nodeQuery(b64('Actor:1')), status: 200, code: 'BAD_USER_INPUT', path: ['node'] },
  { name: 'node of a Node type without an id', request: () => nodeQuery(b64('Decision:')), status: 200, code: 'BAD_USER_INPUT', path: ['node'] },
  { name: 'node of a 10 000-character id', request: () => nodeQuery('A'.repeat(10_000)), status: 200, code: 'BAD_USER_INPUT', path: ['node'] },
  {
    name: 'nodes with one malformed id',
    request: () => query('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['garbage'] }),
    status: 200,
    code: 'BAD_USER_INPUT',
    path: ['nodes', 0],
  },
];

describe('the catalogue of malformed requests', () => {
  it.each(CATALOGUE)('$name: $status $code', async ({ name, request, status, code, path }) => {
    const init = request();
    if (name === 'a Basic Authorization header') init.headers = { ...init.headers, authorization: 'Basic eDp5' };
    const credentials = init.auth === false || init.headers?.authorization ? {} : await authorization();
    const url = init.path === undefined ? api.url : init.path.startsWith('?') ? `${api.url}${init.path}` : new URL(init.path, api.url).href;
    const response = await fetch(url, { method: init.method ?? 'GET', headers: { ...credentials, ...init.headers }, body: init.body });
    const text = await response.text();
    expect(response.headers.get('content-type')).toMatch(/json/);
    const body = JSON.parse(text) as { errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] };
    expect(response.status).toBe(status);
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const error of body.errors!) {
      expect(error.message, text).toEqual(expect.any(String));
      expect(error.extensions?.code, text).toEqual(expect.any(String));
    }
    expect(body.errors!.map((e) => e.extensions!.code)).toContain(code);
    if (path) expect(body.errors!.find((e) => e.extensions!.code === code)!.path).toEqual(path);
    expect(text).not.toMatch(/originalError|stack|at .*\.(ts|js):\d+/);
  });

  it('the invalid-JSON error says what is wrong without the parser\'s internals', async () => {
    const response = await fetch(api.url, { method: 'POST', headers: { ...(await authorization()), 'content-type': 'application/json' }, body: '{"query":' });
    expect(await response.json()).toEqual({ errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });
});

describe('global ids, the Relay way', () => {
  it('a well-formed id of a missing record is null without an error', async () => {
    const response = await api.gql('query($id: ID!) { node(id: $id) { id } }', { id: b64('Decision:missing') });
    expect(response).toMatchObject({ status: 200, data: { node: null } });
    expect(response.errors).toBeUndefined();
  });

  it('a bad id in nodes is null at its own index with its own error; the other ids still resolve', async () => {
    const ids = [decisionId, 'garbage', b64('Decision:missing'), b64('Actor:1'), decisionId];
    const response = await api.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Decision { title } } }', { ids });
    expect(response.data.nodes).toEqual([{ id: decisionId, title: 'One' }, null, null, null, { id: decisionId, title: 'One' }]);
    expect(response.errors!.map((e: any) => [e.path, e.extensions.code])).toEqual([
      [['nodes', 1], 'BAD_USER_INPUT'],
      [['nodes', 3], 'BAD_USER_INPUT'],
    ]);
    expect(response.errors![0]!.message).toMatch(/"garbage" is not a valid id/);
    expect(response.errors![1]!.message).toMatch(/"Actor" is not a record type/);
  });
});

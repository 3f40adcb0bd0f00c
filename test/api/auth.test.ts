import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { signWithTestKey, TEST_AUDIENCE, TEST_ISSUER, TEST_ORG, testToken } from '../support/auth.ts';
import { AUDIT_TRAIL, RECORD } from '../support/decision-ops.ts';

// Authentication over HTTP: who may call at all, and who the events say did it.

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('auth');
});
afterAll(() => api.close());

const logSize = async () => (await api.gql(AUDIT_TRAIL, { first: 1 })).data!.auditTrail.totalCount as number;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const INTROSPECTION = '{ __schema { queryType { name } } }';

/** A token the test issuer would never sign: another key, or claims the API must refuse. */
async function forgedToken(claims: Record<string, unknown>, options: { expired?: boolean } = {}): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT({ roles: ['ADMIN'], org: TEST_ORG, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
    .setSubject('mallory')
    .setIssuer(TEST_ISSUER)
    .setAudience(TEST_AUDIENCE)
    .setExpirationTime(options.expired ? '-1m' : '5m')
    .sign(privateKey);
}

describe('a request without a valid token', () => {
  const refusals: [string, () => Promise<Record<string, string>>, RegExp][] = [
    ['no Authorization header', async () => ({}), /Authentication required/],
    ['a non-Bearer scheme', async () => ({ authorization: 'Basic ZGV2OmRldg==' }), /must be "Bearer <token>"/],
    ['a malformed token', async () => bearer('not-a-jwt'), /not valid/],
    ['a token signed by another key', async () => bearer(await forgedToken({})), /not valid/],
    ['an expired token', async () => bearer(await testToken({ expiresIn: '-1m' })), /expired/],
    ['a token for another organisation', async () => bearer(await testToken({ org: 'globex' })), /another organisation/],
    ['a token naming no organisation', async () => bearer(await signWithTestKey({ sub: 'x', roles: ['ADMIN'] })), /names no organisation/],
    ['a token for another audience', async () => bearer(await signWithTestKey({ sub: 'x', org: TEST_ORG }, { audience: 'other-api' })), /another audience/],
    ['a token without a subject', async () => bearer(await signWithTestKey({ org: TEST_ORG, roles: ['ADMIN'] })), /"sub" claim/],
    // Cookies are never read: a browser cannot be made to send credentials on its own.
    ['a token in a cookie only', async () => ({ cookie: `authorization=Bearer ${await testToken()}; token=${await testToken()}` }), /Authentication required/],
  ];

  it.each(refusals)('is refused with 401 UNAUTHENTICATED and appends nothing: %s', async (_name, headers, message) => {
    const before = await logSize();
    const response = await api.as(null)(RECORD, { input: { title: 'Sneaky', rationale: 'no token' } }, await headers());
    expect(response.status).toBe(401);
    expect(response.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } })]);
    expect(response.data).toBeUndefined();
    expect(await logSize()).toBe(before);
  });

  it('says how to authenticate in WWW-Authenticate', async () => {
    const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('gets no introspection, and no validation errors that would reveal the schema', async () => {
    const introspection = await api.as(null)(INTROSPECTION);
    expect(introspection).toMatchObject({ status: 401, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const probe = await api.as(null)('{ secretField }');
    expect(probe).toMatchObject({ status: 401, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });
});

describe('a request with a valid token', () => {
  it('may introspect the schema with any role', async () => {
    const response = await api.as({ roles: ['READER'] })(INTROSPECTION);
    expect(response).toMatchObject({ status: 200, data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('records the token subject as the actor: a person as HUMAN, a client-credentials script as SERVICE', async () => {
    const alice = await api.as({ roles: ['LEAD'], sub: 'alice', name: 'Alice Lead' })(RECORD, { input: { title: 'By Alice', rationale: 'r' } });
    const script = await api.as({ roles: ['LEAD'], sub: 'import-job', name: 'Nightly import', kind: 'SERVICE' })(RECORD, {
      input: { title: 'By a script', rationale: 'r' },
    });
    const actors = await api.gql(
      `query($a: ID!, $b: ID!) {
        a: node(id: $a) { ... on Decision { recordedBy { id name kind } history { edges { node { actor { id name kind } } } } } }
        b: node(id: $b) { ... on Decision { recordedBy { id name kind } } }
      }`,
      { a: alice.data.recordDecision.decision.id, b: script.data.recordDecision.decision.id },
    );
    const aliceActor = { id: 'alice', name: 'Alice Lead', kind: 'HUMAN' };
    expect(actors.data.a.recordedBy).toEqual(aliceActor);
    expect(actors.data.a.history.edges[0].node.actor).toEqual(aliceActor);
    expect(actors.data.b.recordedBy).toEqual({ id: 'import-job', name: 'Nightly import', kind: 'SERVICE' });
  });

  it('accepts Cognito-style tokens: ID tokens with groups, access tokens with client_id instead of aud', async () => {
    const query = `{ decisions(first: 1) { totalCount } }`;
    const idToken = await signWithTestKey({ sub: 'u-1', token_use: 'id', email: 'bo@example.com', 'cognito:groups': ['READER'], 'custom:org': TEST_ORG });
    const userAccess = await signWithTestKey(
      { sub: 'u-1', token_use: 'access', client_id: TEST_AUDIENCE, username: 'bo', 'cognito:groups': ['READER'], org: TEST_ORG },
      { audience: null },
    );
    const otherClient = await signWithTestKey({ sub: 'u-1', token_use: 'access', client_id: 'another-client', org: TEST_ORG }, { audience: null });
    expect((await api.as(null)(query, {}, bearer(idToken))).status).toBe(200);
    expect((await api.as(null)(query, {}, bearer(userAccess))).status).toBe(200);
    expect((await api.as(null)(query, {}, bearer(otherClient))).status).toBe(401);
  });

  it('records a client-credentials token (client_id, no person) as SERVICE, with roles from decision-ledger/<ROLE> scopes', async () => {
    const token = await signWithTestKey(
      { sub: 'svc-client', client_id: TEST_AUDIENCE, token_use: 'access', scope: 'decision-ledger/LEAD other/scope', org: TEST_ORG },
      { audience: null },
    );
    const recorded = await api.as(null)(RECORD, { input: { title: 'By a service', rationale: 'r' } }, bearer(token));
    expect(recorded.data.recordDecision.userErrors).toEqual([]);
    const read = await api.gql(`query($id: ID!) { node(id: $id) { ... on Decision { recordedBy { id name kind } } } }`, {
      id: recorded.data.recordDecision.decision.id,
    });
    expect(read.data.node.recordedBy).toEqual({ id: 'svc-client', name: TEST_AUDIENCE, kind: 'SERVICE' });
  });
});

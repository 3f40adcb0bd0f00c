import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFrom } from '../../api/auth/principal.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { signWithTestKey, TEST_ORG } from '../support/auth.ts';

// A token signed by the trusted issuer is still refused (401, nothing appended) when a claim the
// API reads has the wrong shape: the signature proves who wrote the claims, not that they are sane.

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('token-claims');
});
afterAll(() => api.close());

const RECORD = `mutation { recordDecision(input: { title: "t", rationale: "r" }) { decision { id recordedBy { id name kind } } userErrors { code } } }`;
const VALID: JWTPayload = { sub: 'priya', name: 'Priya', org: TEST_ORG, roles: ['ADMIN'] };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const recordWith = async (claims: JWTPayload, options: Parameters<typeof signWithTestKey>[1] = {}) =>
  api.as(null)(RECORD, {}, bearer(await signWithTestKey(claims, options)));
const appended = async () => (await api.gql('{ auditTrail(first: 1) { totalCount } }')).data.auditTrail.totalCount as number;

function expectRefused(response: Awaited<ReturnType<typeof recordWith>>, claim: string) {
  expect(response.status).toBe(401);
  expect(response.data).toBeUndefined();
  expect(response.errors).toEqual([
    { message: expect.stringContaining(`"${claim}" claim is not accepted`), extensions: { code: 'UNAUTHENTICATED' } },
  ]);
}

describe('claims of a correctly signed token', () => {
  it.each([
    ['sub as a number', { ...VALID, sub: 42 }, 'sub'],
    ['sub as an object', { ...VALID, sub: { id: 'priya' } }, 'sub'],
    ['an empty sub', { ...VALID, sub: '' }, 'sub'],
    ['a 10 000-character sub', { ...VALID, sub: 'x'.repeat(10_000) }, 'sub'],
    ['roles as an object', { ...VALID, roles: { ADMIN: true } }, 'roles'],
    ['roles with a number among them', { ...VALID, roles: ['ADMIN', 7] }, 'roles'],
    ['the groups claim as a number', { ...VALID, 'cognito:groups': 3 }, 'cognito:groups'],
    ['name as an array', { ...VALID, name: ['Priya', 'P.'] }, 'name'],
    ['a 300-character email', { ...VALID, email: `${'e'.repeat(290)}@example.com` }, 'email'],
    ['an iat that is not a number', { ...VALID, iat: 'yesterday' }, 'iat'],
    ['an unknown actor kind', { ...VALID, actor_kind: 'ROBOT' }, 'actor_kind'],
    ['scope as a list', { ...VALID, scope: ['decision-ledger/ADMIN'] }, 'scope'],
  ] as [string, JWTPayload, string][])('refuses %s', async (_name, claims, claim) => {
    expectRefused(await recordWith(claims), claim);
    expect(await appended()).toBe(0);
  });

  it('refuses a token without exp', async () => {
    const response = await recordWith(VALID, { expiresIn: null });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]).toMatchObject({ message: expect.stringMatching(/"exp" claim/), extensions: { code: 'UNAUTHENTICATED' } });
    expect(await appended()).toBe(0);
  });

  it('accepts the same claims when they are well-formed, and records them as the actor', async () => {
    const response = await recordWith(VALID);
    expect(response.status).toBe(200);
    expect(response.data.recordDecision.decision.recordedBy).toEqual({ id: 'priya', name: 'Priya', kind: 'HUMAN' });
    expect(await appended()).toBe(1);
  });
});

/**
 * The class: every claim the API reads to name the principal (found by watching which properties
 * principalFrom touches), and those verify-token reads itself, refused when given an object. A
 * claim read later without a rule in api/auth/claims.ts fails here.
 */
describe('every claim the API reads', () => {
  const readByPrincipal = new Set<string>();
  const watched = new Proxy({ sub: 'x' } as JWTPayload, {
    get(target, key) {
      if (typeof key === 'string') readByPrincipal.add(key);
      return target[key as string];
    },
  });
  principalFrom(watched, 'cognito:groups');
  const claims = [...new Set([...readByPrincipal, 'exp', 'iat', 'nbf', 'aud', 'client_id', 'org', 'custom:org'])];

  it('includes the ones named in the brief', () => {
    expect(claims).toEqual(expect.arrayContaining(['sub', 'name', 'email', 'roles', 'cognito:groups', 'scope', 'actor_kind']));
  });

  it.each(claims)('refuses "%s" as an object', async (claim) => {
    // The signer sets exp and aud itself unless told not to.
    const options = { expiresIn: claim === 'exp' ? null : undefined, audience: claim === 'aud' ? null : undefined };
    expectRefused(await recordWith({ ...VALID, [claim]: { unexpected: true } }, options), claim);
  });
});

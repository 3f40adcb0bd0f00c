import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWTPayload } from 'jose';
import { mintToken } from '../../api/auth/mint-token.ts';
import type { Role } from '../../api/auth/permissions.ts';
import type { Actor } from '../../events/envelope.ts';

/** The issuer the test servers trust: a key pair made once per test worker. */
const keys = await generateKeyPair('ES256', { extractable: true });
const privateJwk = { ...(await exportJWK(keys.privateKey)), alg: 'ES256', kid: 'test-key' };
export const TEST_ISSUER = 'https://issuer.test/';
export const TEST_AUDIENCE = 'decision-ledger-test';
export const TEST_ORG = 'test';

/** Configuration that makes an app trust the test key (JWT_PUBLIC_JWK), as a deployed one trusts its issuer. */
export const TEST_AUTH_ENV = {
  JWT_ISSUER: TEST_ISSUER,
  JWT_AUDIENCE: TEST_AUDIENCE,
  JWT_PUBLIC_JWK: JSON.stringify({ ...(await exportJWK(keys.publicKey)), alg: 'ES256', kid: 'test-key' }),
  ORG: TEST_ORG,
};

export interface TestIdentity {
  roles?: Role[];
  sub?: string;
  name?: string;
  kind?: Actor['kind'];
  org?: string;
  expiresIn?: string;
}

/** The identity of requests that name none: an ADMIN, so every operation is allowed. */
export const DEFAULT_IDENTITY = { roles: ['ADMIN'], sub: 'dev', name: 'Local developer', kind: 'HUMAN' } satisfies TestIdentity;

/** A token from the test issuer. */
export const testToken = (identity: TestIdentity = {}): Promise<string> => {
  const { roles, sub, name, kind, org = TEST_ORG, expiresIn } = { ...DEFAULT_IDENTITY, ...identity };
  return mintToken(privateJwk, { roles, sub, name, kind, org, expiresIn, issuer: TEST_ISSUER, audience: TEST_AUDIENCE });
};

/** Any claims, signed by the test issuer: for tokens shaped like other issuers' (Cognito, Auth0). */
export async function signWithTestKey(claims: JWTPayload, options: { audience?: string | null; expiresIn?: string | null } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'test-key' }).setIssuer(TEST_ISSUER);
  if (!('iat' in claims)) jwt.setIssuedAt();
  if (options.expiresIn !== null) jwt.setExpirationTime(options.expiresIn ?? '5m');
  if (options.audience !== null) jwt.setAudience(options.audience ?? TEST_AUDIENCE);
  return jwt.sign(await importJWK(privateJwk, 'ES256'));
}

let defaultToken: Promise<string> | undefined;

/** The Authorization header for an identity (the default one is minted once). */
export async function authorization(identity?: TestIdentity): Promise<{ authorization: string }> {
  const token = identity ? testToken(identity) : (defaultToken ??= testToken());
  return { authorization: `Bearer ${await token}` };
}

import { importJWK, SignJWT } from 'jose';
import { DEV_ALG, DEV_AUDIENCE, DEV_ISSUER, devKeyFile, loadOrCreateDevKey } from '../../api/auth/dev-key.ts';

/**
 * The one place the bench and load harness authenticate: development tokens signed with the key
 * the API under test trusts outside production (DATA_DIR/dev-jwk.json), and the header carrying them.
 */

export interface BenchIdentity {
  /** The actor id recorded on events. */
  sub: string;
  name: string;
  roles: string[];
}

export const BENCH_ADMIN: BenchIdentity = { sub: 'bench', name: 'Bench runner', roles: ['ADMIN'] };

/** The organisation the API expects when ORG is unset (api/auth/auth-config.ts). */
export const DEV_ORG = 'local';

/** A token for `identity`, valid for a day, signed with the development key kept in `dataDir`. */
export async function mintDevToken(dataDir: string, identity: BenchIdentity = BENCH_ADMIN, org = DEV_ORG): Promise<string> {
  const jwk = await loadOrCreateDevKey(devKeyFile(dataDir));
  const key = await importJWK(jwk, DEV_ALG);
  return new SignJWT({ name: identity.name, roles: identity.roles, org })
    .setProtectedHeader({ alg: DEV_ALG, kid: jwk.kid })
    .setSubject(identity.sub)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('24h')
    .sign(key);
}

/** The request header every call to the API carries. */
export const authHeaders = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** The public key (JWK JSON) the deployed bundle is configured with in production mode. */
export async function devPublicJwk(dataDir: string): Promise<string> {
  const { d: _d, ...rest } = await loadOrCreateDevKey(devKeyFile(dataDir));
  return JSON.stringify(rest);
}

export const DEV_TOKEN_CLAIMS = { issuer: DEV_ISSUER, audience: DEV_AUDIENCE };

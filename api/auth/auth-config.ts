import type { JSONWebKeySet, JWK } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER, devKeyFile } from './dev-key.ts';

/** Where the keys that sign accepted tokens come from. */
export type KeySource =
  | { kind: 'jwks-url'; url: URL }
  | { kind: 'jwks'; jwks: JSONWebKeySet }
  /** Development only: the key `npm start` and `npm run token` keep in the data folder. */
  | { kind: 'dev-key'; file: string };

export interface AuthConfig {
  issuer: string;
  /** Accepted `aud` values (or `client_id`, for access tokens without `aud`, as Cognito issues them). */
  audience: string[];
  keys: KeySource;
  /** Claim holding the roles (besides `roles` and `decision-ledger/<ROLE>` OAuth scopes). */
  rolesClaim: string;
  /** Claims that may carry the organisation, first present wins. */
  orgClaims: string[];
  /** The stack's organisation: a token naming another is refused. */
  org: string;
  /** Accept tokens without an org claim: only for an issuer that serves this organisation alone. */
  orgClaimOptional: boolean;
}

/** A missing or contradictory setting: the process must not start with it. */
export class AuthConfigError extends Error {}

/**
 * Authentication settings from JWT_* variables. Outside production they default to the local
 * development key; in production (NODE_ENV=production) the development key is never used and the
 * issuer, audience, keys and ORG must be given.
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv, production: boolean): AuthConfig {
  const required = (name: string, fallback: string): string => {
    const value = env[name];
    if (value) return value;
    if (production) throw new AuthConfigError(`${name} must be set when NODE_ENV=production`);
    return fallback;
  };
  return {
    issuer: required('JWT_ISSUER', DEV_ISSUER),
    audience: list(required('JWT_AUDIENCE', DEV_AUDIENCE)),
    keys: keySource(env, production),
    rolesClaim: env.JWT_ROLES_CLAIM || 'cognito:groups',
    orgClaims: env.JWT_ORG_CLAIM ? [env.JWT_ORG_CLAIM] : ['custom:org', 'org'],
    org: required('ORG', 'local'),
    orgClaimOptional: env.JWT_ORG_CLAIM_OPTIONAL === 'true',
  };
}

function keySource(env: NodeJS.ProcessEnv, production: boolean): KeySource {
  if (env.JWT_JWKS_URL) return { kind: 'jwks-url', url: new URL(env.JWT_JWKS_URL) };
  if (env.JWT_PUBLIC_JWK) return { kind: 'jwks', jwks: parseKeys(env.JWT_PUBLIC_JWK) };
  if (production) throw new AuthConfigError('JWT_JWKS_URL or JWT_PUBLIC_JWK must be set when NODE_ENV=production');
  return { kind: 'dev-key', file: devKeyFile(env.DATA_DIR || '.data') };
}

/** JWT_PUBLIC_JWK: one public JWK or a JWK set, as JSON. */
function parseKeys(json: string): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new AuthConfigError('JWT_PUBLIC_JWK is not JSON: give a public JWK or a JWK set');
  }
  const keys = (parsed as JSONWebKeySet).keys ?? [parsed as JWK];
  if (!Array.isArray(keys) || keys.some((key) => typeof key?.kty !== 'string' || 'd' in key)) {
    throw new AuthConfigError('JWT_PUBLIC_JWK must hold public keys only (JWKs with "kty" and without "d")');
  }
  return { keys };
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

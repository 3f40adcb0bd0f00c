import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig, KeySource } from './auth-config.ts';
import { claimsCheck } from './claims.ts';
import { loadOrCreateDevKey, publicJwk } from './dev-key.ts';
import { principalFrom, type Principal } from './principal.ts';
import { LEDGER_ACTOR } from '../../domain/alerts/ledger-actor.ts';

/**
 * Checks a bearer token and names its principal; throws (or rejects with) InvalidTokenError for a
 * token to refuse. A token verified before answers synchronously, from the cache.
 */
export type TokenVerifier = (token: string) => Principal | Promise<Principal>;

/** The token is malformed, expired, forged or not meant for this API: HTTP 401. */
export class InvalidTokenError extends Error {}

/** Asymmetric algorithms only: no `none`, no shared secrets. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Failures of the key source itself (the issuer's JWKS unreachable): not the client's fault. */
const KEY_SOURCE_ERRORS = [errors.JWKSTimeout, errors.JWKSInvalid];

/**
 * Verifies signature (against the issuer's keys, cached), issuer, expiry, audience and
 * organisation. Cognito access tokens carry no `aud`: their `client_id` is checked instead.
 */
export function createTokenVerifier(config: AuthConfig, options: { cache?: VerifiedTokenCache } = {}): TokenVerifier {
  const keys = keyResolver(config.keys);
  const cache = options.cache ?? new VerifiedTokenCache();
  const checkClaims = claimsCheck(config);
  return (token) =>
    cache.get(token) ??
    verifyUncached(token).then((verified) => {
      cache.set(token, verified.expiresAt, verified.principal);
      return verified.principal;
    });

  async function verifyUncached(token: string): Promise<{ principal: Principal; expiresAt: number }> {
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, await keys(), {
        issuer: config.issuer,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 5,
      }));
    } catch (error) {
      throw refusal(error);
    }
    const shape = checkClaims(claims);
    if (!shape.ok) throw new InvalidTokenError(`The token's "${shape.claim}" claim is not accepted: it must be ${shape.expected}`);
    checkAudience(claims, config.audience);
    checkOrg(claims, config);
    if (claims.sub === LEDGER_ACTOR.id) throw new InvalidTokenError(`The subject "${LEDGER_ACTOR.id}" is the ledger's own; no token may carry it`);
    return { principal: frozen(principalFrom(claims, config.rolesClaim)), expiresAt: claims.exp! * 1000 };
  }
}

/** Shared by every request that presents the token: nobody may change it. */
function frozen(principal: Principal): Principal {
  Object.freeze(principal.actor);
  Object.freeze(principal.roles);
  return Object.freeze(principal);
}

/**
 * Principals of tokens that passed every check, keyed by the exact token string (the signature
 * covers every claim, so the same string always verifies the same way until it expires). Only
 * successes are kept; an entry is dropped at the token's `exp` (without the clock tolerance: a
 * token in its grace period is verified again) and at the latest `maxAgeMs` after it was checked,
 * so a key the issuer withdraws stops working within that time, as with jose's JWKS cache.
 * Bounded: the least recently used token goes first.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly maxEntries = 1000,
    private readonly maxAgeMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (this.now() >= entry.until) return undefined;
    this.entries.set(token, entry);
    return entry.principal;
  }

  set(token: string, expiresAt: number, principal: Principal): void {
    const until = Math.min(expiresAt, this.now() + this.maxAgeMs);
    if (!(until > this.now()) || this.maxEntries < 1) return;
    this.entries.delete(token);
    this.entries.set(token, { principal, until });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

function keyResolver(source: KeySource): () => Promise<JWTVerifyGetKey> {
  if (source.kind === 'jwks-url') {
    // jose caches the set (10 minutes) and refetches at most every 30 s when a token names an unknown key.
    const remote = createRemoteJWKSet(source.url, { timeoutDuration: 3000 });
    return async () => remote;
  }
  if (source.kind === 'jwks') {
    const local = createLocalJWKSet(source.jwks);
    return async () => local;
  }
  let dev: Promise<JWTVerifyGetKey> | undefined;
  return () => (dev ??= loadOrCreateDevKey(source.file).then((jwk) => createLocalJWKSet({ keys: [publicJwk(jwk)] })));
}

function refusal(error: unknown): unknown {
  if (!(error instanceof errors.JOSEError) || KEY_SOURCE_ERRORS.some((type) => error instanceof type)) return error;
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('The token has expired: get a new one');
  if (error instanceof errors.JWTClaimValidationFailed) return new InvalidTokenError(`The token's "${error.claim}" claim is not accepted`);
  return new InvalidTokenError('The token is not valid: its format or signature does not check out');
}

function checkAudience(claims: JWTPayload, audience: string[]): void {
  const named = claims.aud === undefined ? [claims.client_id] : [claims.aud].flat();
  if (!named.some((value) => typeof value === 'string' && audience.includes(value))) {
    throw new InvalidTokenError('The token is meant for another audience');
  }
}

function checkOrg(claims: JWTPayload, config: AuthConfig): void {
  const claim = config.orgClaims.find((name) => claims[name] !== undefined);
  if (claim === undefined) {
    if (config.orgClaimOptional) return;
    throw new InvalidTokenError(`The token names no organisation (claim ${config.orgClaims.join(' or ')})`);
  }
  if (claims[claim] !== config.org) throw new InvalidTokenError('The token is for another organisation');
}

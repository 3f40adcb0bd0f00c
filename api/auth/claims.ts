import { z } from 'zod';
import type { JWTPayload } from 'jose';
import { ACTOR_KIND_CLAIM, NAME_CLAIMS } from './principal.ts';

/**
 * The shape of every claim the API reads from a verified token. The signature only proves who
 * issued the claims, not that they make sense here: an issuer (or a misconfigured mapper) can sign
 * a numeric `sub`, an object for a name or a group list that is not a list of strings, and those
 * would be recorded as the actor of every event the token writes. A token whose claims do not fit
 * is refused (401) before anything reads them; claims the API does not read are left alone.
 */

/** Longest `sub`, name, email or username claim accepted (Cognito's and Auth0's are far shorter). */
export const MAX_CLAIM_CHARS = 256;
/** Most roles (groups) and scopes a token may carry, and the longest each may be. */
export const MAX_ROLES = 200;
export const MAX_SCOPE_CHARS = 8192;

const text = (min: number, max: number) => z.string().min(min).max(max);
const numericDate = z.number().refine(Number.isFinite);
const stringList = z.array(text(0, MAX_CLAIM_CHARS)).max(MAX_ROLES);

/** What each claim must be, in words, for the refusal's message. */
const EXPECTED = {
  sub: `a non-empty string of at most ${MAX_CLAIM_CHARS} characters`,
  exp: 'a number (seconds since 1970)',
  iat: 'a number (seconds since 1970)',
  nbf: 'a number (seconds since 1970)',
  aud: 'a string or a list of strings',
  name: `a string of at most ${MAX_CLAIM_CHARS} characters`,
  [ACTOR_KIND_CLAIM]: '"HUMAN" or "SERVICE"',
  gty: 'a string',
  scope: `a string of at most ${MAX_SCOPE_CHARS} characters`,
  scp: 'a string or a list of strings',
  roles: `a string or a list of at most ${MAX_ROLES} strings`,
  org: `a string of at most ${MAX_CLAIM_CHARS} characters`,
} as const;

export interface ClaimRules {
  /** Claim holding the roles, besides `roles`. */
  rolesClaim: string;
  /** Claims that may name the organisation. */
  orgClaims: readonly string[];
}

export type ClaimsCheck = (claims: JWTPayload) => { ok: true } | { ok: false; claim: string; expected: string };

/** The check for one configuration (its roles and org claims are part of the shape). */
export function claimsCheck(rules: ClaimRules): ClaimsCheck {
  const expected = new Map<string, string>(Object.entries(EXPECTED));
  const shape: Record<string, z.ZodType> = {
    sub: text(1, MAX_CLAIM_CHARS),
    exp: numericDate,
    iat: numericDate.optional(),
    nbf: numericDate.optional(),
    aud: z.union([text(0, MAX_CLAIM_CHARS), stringList]).optional(),
    [ACTOR_KIND_CLAIM]: z.enum(['HUMAN', 'SERVICE']).optional(),
    gty: text(0, MAX_CLAIM_CHARS).optional(),
    scope: text(0, MAX_SCOPE_CHARS).optional(),
    scp: z.union([text(0, MAX_SCOPE_CHARS), stringList]).optional(),
  };
  for (const claim of NAME_CLAIMS) {
    shape[claim] = text(0, MAX_CLAIM_CHARS).optional();
    expected.set(claim, EXPECTED.name);
  }
  for (const claim of new Set(['roles', rules.rolesClaim])) {
    shape[claim] = z.union([text(0, MAX_SCOPE_CHARS), stringList]).optional();
    expected.set(claim, EXPECTED.roles);
  }
  for (const claim of rules.orgClaims) {
    shape[claim] = text(0, MAX_CLAIM_CHARS).optional();
    expected.set(claim, EXPECTED.org);
  }
  const schema = z.looseObject(shape);
  return (claims) => {
    const parsed = schema.safeParse(claims);
    if (parsed.success) return { ok: true };
    const claim = String(parsed.error.issues[0]?.path[0] ?? 'sub');
    return { ok: false, claim, expected: expected.get(claim) ?? 'well-formed' };
  };
}

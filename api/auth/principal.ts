import type { JWTPayload } from 'jose';
import type { Actor } from '../../events/envelope.ts';
import { ROLES, type Role } from './permissions.ts';

/** Who a verified token speaks for: the actor recorded on events, and the roles it holds. */
export interface Principal {
  actor: Actor;
  roles: Role[];
  /** The token's `email` claim: where alerts reach the person registered on their first write. */
  email?: string | null;
}

/**
 * OAuth scopes `decision-ledger/<ROLE>` grant a role, for client-credentials tokens that carry no
 * groups: the scopes of a resource server with this identifier (infra/identity.ts creates it).
 */
export const ROLE_SCOPE_SERVER = 'decision-ledger';
const ROLE_SCOPE_PREFIX = `${ROLE_SCOPE_SERVER}/`;

/** Optional claim naming the actor kind outright: "HUMAN" or "SERVICE". */
export const ACTOR_KIND_CLAIM = 'actor_kind';

/** Claims that may name the actor, best first. */
export const NAME_CLAIMS = ['name', 'email', 'cognito:username', 'username', 'preferred_username', 'client_id'];
const PERSON_CLAIMS = ['email', 'username', 'cognito:username'];

/**
 * The principal of a verified token. The actor is `{ id: sub, name, kind }`; kind is SERVICE when
 * `actor_kind` says so, for Auth0's `gty: client-credentials`, or when the token has a `client_id`
 * but names no person (no email or username): an OAuth client-credentials access token, as
 * Cognito, Okta and most issuers mint them. Everything else is HUMAN.
 */
export function principalFrom(claims: JWTPayload, rolesClaim: string): Principal {
  const id = claims.sub!;
  const name = NAME_CLAIMS.map((claim) => claims[claim]).find((value): value is string => typeof value === 'string' && value !== '');
  const email = typeof claims.email === 'string' && claims.email !== '' ? claims.email : null;
  return { actor: { id, name: name ?? id, kind: actorKind(claims) }, roles: rolesOf(claims, rolesClaim), ...(email ? { email } : {}) };
}

function actorKind(claims: JWTPayload): Actor['kind'] {
  const explicit = claims[ACTOR_KIND_CLAIM];
  if (explicit === 'HUMAN' || explicit === 'SERVICE') return explicit;
  if (claims.gty === 'client-credentials') return 'SERVICE';
  const namesPerson = PERSON_CLAIMS.some((claim) => typeof claims[claim] === 'string');
  return typeof claims.client_id === 'string' && !namesPerson ? 'SERVICE' : 'HUMAN';
}

/** Known roles from the roles claim, a `roles` claim and role scopes; anything else is ignored. */
function rolesOf(claims: JWTPayload, rolesClaim: string): Role[] {
  const scopes = values(claims.scope ?? claims.scp)
    .filter((scope) => scope.startsWith(ROLE_SCOPE_PREFIX))
    .map((scope) => scope.slice(ROLE_SCOPE_PREFIX.length));
  const named = new Set([...values(claims[rolesClaim]), ...values(claims.roles), ...scopes].map((role) => role.toUpperCase()));
  return ROLES.filter((role) => named.has(role));
}

/** A claim as a list of strings: an array, or a space- or comma-separated string. */
function values(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((item): item is string => typeof item === 'string');
  return typeof claim === 'string' ? claim.split(/[\s,]+/).filter(Boolean) : [];
}

import { importJWK, SignJWT, type JWK } from 'jose';
import type { Actor } from '../../events/envelope.ts';
import { DEV_AUDIENCE, DEV_ISSUER } from './dev-key.ts';
import type { Role } from './permissions.ts';
import { ACTOR_KIND_CLAIM } from './principal.ts';

export interface TokenRequest {
  sub: string;
  roles: readonly Role[];
  org: string;
  name?: string;
  kind?: Actor['kind'];
  issuer?: string;
  audience?: string;
  /** A jose time span, e.g. "12h" (the default) or "5m". */
  expiresIn?: string;
}

/** Signs a token the API accepts when it trusts `privateJwk`: for local development, tests and scripts. */
export async function mintToken(privateJwk: JWK, request: TokenRequest): Promise<string> {
  const alg = privateJwk.alg ?? 'ES256';
  return new SignJWT({ roles: request.roles, org: request.org, name: request.name, [ACTOR_KIND_CLAIM]: request.kind ?? 'HUMAN' })
    .setProtectedHeader({ alg, kid: privateJwk.kid })
    .setSubject(request.sub)
    .setIssuer(request.issuer ?? DEV_ISSUER)
    .setAudience(request.audience ?? DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h')
    .sign(await importJWK(privateJwk, alg));
}

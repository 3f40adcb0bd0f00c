import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Principal } from './principal.ts';
import { InvalidTokenError, type TokenVerifier } from './verify-token.ts';

export interface Authentication {
  /** Verifies the bearer token of every GraphQL request before it is parsed: no token, no schema. */
  plugin: Plugin;
  /** The principal of a request the plugin let through. */
  principalOf(request: Request): Principal;
}

/**
 * Credentials travel only in the Authorization header: cookies are never read, so a browser
 * cannot be tricked into sending them. A refused request gets HTTP 401 and UNAUTHENTICATED, and
 * nothing of it is parsed, validated (introspection included) or executed.
 */
export function createAuthentication(verify: TokenVerifier): Authentication {
  const principals = new WeakMap<Request, Principal>();
  return {
    plugin: {
      // Synchronous when the token was verified before (see VerifiedTokenCache): no promise to wait for.
      onRequestParse({ request }) {
        const principal = authenticate(verify, request.headers.get('authorization'));
        if (!(principal instanceof Promise)) {
          principals.set(request, principal);
          return;
        }
        return principal.then((verified) => {
          principals.set(request, verified);
        });
      },
    },
    principalOf(request) {
      const principal = principals.get(request);
      if (!principal) throw new Error('The request was not authenticated');
      return principal;
    },
  };
}

function authenticate(verify: TokenVerifier, header: string | null): Principal | Promise<Principal> {
  if (!header) throw unauthenticated('Authentication required: send "Authorization: Bearer <token>"');
  const token = /^Bearer +(\S+)$/i.exec(header)?.[1];
  if (!token) throw unauthenticated('The Authorization header must be "Bearer <token>"');
  let verified: Principal | Promise<Principal>;
  try {
    verified = verify(token);
  } catch (error) {
    throw verificationFailure(error);
  }
  return verified instanceof Promise
    ? verified.catch((error: unknown) => {
        throw verificationFailure(error);
      })
    : verified;
}

function verificationFailure(error: unknown): GraphQLError {
  if (error instanceof InvalidTokenError) return unauthenticated(error.message);
  console.error(`Token verification failed: ${error}${error instanceof Error && error.cause ? ` (${error.cause})` : ''}`);
  return new GraphQLError('Tokens cannot be checked right now; retry shortly', {
    extensions: { code: 'AUTH_UNAVAILABLE', retryable: true, http: { status: 503 } },
  });
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
  });

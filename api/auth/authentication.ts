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
      async onRequestParse({ request }) {
        principals.set(request, await authenticate(verify, request.headers.get('authorization')));
      },
    },
    principalOf(request) {
      const principal = principals.get(request);
      if (!principal) throw new Error('The request was not authenticated');
      return principal;
    },
  };
}

async function authenticate(verify: TokenVerifier, header: string | null): Promise<Principal> {
  if (!header) throw unauthenticated('Authentication required: send "Authorization: Bearer <token>"');
  const token = /^Bearer +(\S+)$/i.exec(header)?.[1];
  if (!token) throw unauthenticated('The Authorization header must be "Bearer <token>"');
  try {
    return await verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthenticated(error.message);
    console.error(`Token verification failed: ${error}${error instanceof Error && error.cause ? ` (${error.cause})` : ''}`);
    throw new GraphQLError('Tokens cannot be checked right now; retry shortly', {
      extensions: { code: 'AUTH_UNAVAILABLE', retryable: true, http: { status: 503 } },
    });
  }
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
  });

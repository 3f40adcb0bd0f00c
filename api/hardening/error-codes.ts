import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Every error a client can get carries `extensions.code` and comes as JSON. Most do already (our
 * resolvers, yoga's request checks, the limits); three kinds did not: the executor's variable
 * coercion errors (`$input` with an unknown field, `asOf` of the wrong type), yoga's bare responses
 * (415 for an unsupported content type, 406 for an Accept it cannot serve, 404 off the endpoint),
 * and errors whose extensions carried internals (`originalError` on the bad-JSON error).
 *
 * The result hook gives each error without a code the code of its kind, and drops
 * `extensions.originalError`; the response hook gives a bodiless or non-JSON error response a JSON
 * body with a code, keeping its status and headers.
 */

/** What a client should take an error response of each status for, when nothing more specific says. */
const BY_STATUS: Record<number, { code: string; message: string }> = {
  400: { code: 'BAD_REQUEST', message: 'Bad request' },
  401: { code: 'UNAUTHENTICATED', message: 'Authentication required' },
  403: { code: 'FORBIDDEN', message: 'Forbidden' },
  404: { code: 'NOT_FOUND', message: 'Not found: the GraphQL API is served at /graphql' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'Method not allowed: send queries with POST or GET, mutations with POST' },
  406: { code: 'NOT_ACCEPTABLE', message: 'Not acceptable: accept application/graphql-response+json or application/json' },
  413: { code: 'REQUEST_ENTITY_TOO_LARGE', message: 'Request body too large' },
  415: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported media type: send the request as application/json (Content-Type: application/json), or a query as GET parameters',
  },
};

function codeFor(error: GraphQLError, beforeExecution: boolean): string {
  if (error.message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  // The executor coerces variables before it runs anything: those errors are the client's input.
  if (beforeExecution && error.message.startsWith('Variable "$')) return 'BAD_USER_INPUT';
  if (beforeExecution) return 'BAD_REQUEST';
  return 'INTERNAL_SERVER_ERROR';
}

function withCode(error: GraphQLError, beforeExecution: boolean): GraphQLError {
  const extensions = error.extensions ?? {};
  if (typeof extensions.code === 'string' && !('originalError' in extensions)) return error;
  const { originalError: internal, ...kept } = extensions;
  // Yoga answers an error that carried an originalError (the bad-JSON one) with its own HTTP status
  // even to application/json clients; without it, `spec` would turn that 400 into a 200.
  if (internal !== undefined && kept.http && typeof kept.http === 'object') {
    const { spec: _spec, ...http } = kept.http as Record<string, unknown>;
    kept.http = http;
  }
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...kept, code: typeof kept.code === 'string' ? kept.code : codeFor(error, beforeExecution) },
  });
}

const isJson = (response: Response) => /\bjson\b/i.test(response.headers.get('content-type') ?? '');

export const errorCodesPlugin: Plugin = {
  onResultProcess({ result, setResult }) {
    if (Array.isArray(result) || Symbol.asyncIterator in result) return;
    const errors = result.errors;
    if (!errors?.length) return;
    const beforeExecution = !('data' in result);
    let changed = false;
    const coded = errors.map((error) => {
      const next = error instanceof GraphQLError ? withCode(error, beforeExecution) : error;
      changed ||= next !== error;
      return next;
    });
    if (changed) setResult({ ...result, errors: coded });
  },
  onResponse({ response, setResponse, fetchAPI }) {
    if (response.status < 400 || isJson(response)) return;
    const known = BY_STATUS[response.status] ?? {
      code: response.status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST',
      message: response.statusText || 'Request failed',
    };
    const headers = new fetchAPI.Headers(response.headers);
    headers.set('content-type', 'application/json; charset=utf-8');
    headers.delete('content-length');
    const body = JSON.stringify({ errors: [{ message: known.message, extensions: { code: known.code } }] });
    setResponse(new fetchAPI.Response(body, { status: response.status, statusText: response.statusText, headers }));
  },
};

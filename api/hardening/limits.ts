import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, parse, type ValidationContext } from 'graphql';
import { IncomingMessage } from 'node:http';
import type { Plugin, YogaServerOptions } from 'graphql-yoga';

/**
 * What one request may ask for. The body limit (yoga's maxRequestBodySize, checked against
 * Content-Length and while reading a chunked body) leaves room for the largest legitimate write,
 * an event item of up to 400 KB; depth, cost, aliases and tokens are checked before execution.
 */
export const LIMITS = {
  bodyBytes: 1024 * 1024,
  depth: 10,
  cost: 5000,
  aliases: 15,
  tokens: 1000,
  /** Ids one `nodes(ids:)` takes. */
  nodeIds: 100,
};

/** graphql-armor words every refusal as a "Syntax Error": say what it is, with a code. */
const limitExceeded = (error: GraphQLError) =>
  new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'QUERY_LIMIT_EXCEEDED' } });

/** Validation rules report the refusal as a validation error (armor's own throw would answer HTTP 200). */
const reportAsValidationError = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context!.reportError(limitExceeded(error))],
};

/**
 * The token limit of graphql's own parser. (graphql-armor's max-tokens imports
 * `graphql/language/parser`, which the Lambda bundle resolves to a second, CommonJS copy of graphql
 * whose syntax errors yoga then masks as 500s.)
 */
const maxTokens = (n: number): Plugin => ({
  onParse: ({ setParseFn }) => setParseFn((source, options) => parse(source, { ...options, maxLexicalTokens: n })),
});

const bodyTooLarge = () =>
  new GraphQLError('Request body too large', { extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } } });

/** Only a single non-negative integer is a valid Content-Length (not "10, 10", not "-1"). */
const CONTENT_LENGTH = /^\d+$/;

/**
 * The request body limit (in place of yoga's maxRequestBodySize, which it mirrors). A body of a
 * Content-Length above the limit is refused before it is read. A body without one (chunked), or
 * one that did not come through Node's HTTP parser (the Lambda handler builds its own Request), is
 * counted while it is read. A Node request with a Content-Length is not wrapped in a counting
 * stream: Node's parser hands over exactly that many bytes and treats any more as the next
 * request, so the header check is the limit (and the web-stream wrapper cost a quarter of a
 * millisecond per request).
 */
export function bodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI, serverContext }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength != null) {
        if (!CONTENT_LENGTH.test(contentLength)) {
          throw new GraphQLError('Content-Length header is invalid.', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
        }
        if (Number(contentLength) > limit) throw bodyTooLarge();
        if ((serverContext as { req?: unknown } | undefined)?.req instanceof IncomingMessage) return;
      }
      if (requestParser == null || request.body == null) return;
      const parse = requestParser;
      setRequestParser((req) => parse(countingBody(req, limit, fetchAPI)));
    },
  };
}

/** `request` with a body that fails with 413 once more than `limit` bytes came through. */
function countingBody(request: Request, limit: number, fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream }): Request {
  const body = request.body;
  if (!body) return request;
  // A native stream needs the native TransformStream (yoga does the same, graphql-yoga#4583).
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let bytes = 0;
  const counted = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > limit) controller.error(bodyTooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: counted,
    duplex: 'half',
  } as RequestInit);
}

/** Query limits for the yoga server; field suggestions are hidden in production. */
export function hardeningPlugins(production: boolean): NonNullable<YogaServerOptions<object, object>['plugins']> {
  return [
    maxTokens(LIMITS.tokens),
    maxDepthPlugin({ n: LIMITS.depth, ...reportAsValidationError }),
    costLimitPlugin({ maxCost: LIMITS.cost, ...reportAsValidationError }),
    maxAliasesPlugin({ n: LIMITS.aliases, ...reportAsValidationError }),
    ...(production ? [blockFieldSuggestionsPlugin()] : []),
  ];
}

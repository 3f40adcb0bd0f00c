import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isLeafType,
  isListType,
  Kind,
  parse,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLField,
  type ValidationContext,
} from 'graphql';
import { DEFAULT_PAGE } from '../connection.ts';
import { IncomingMessage } from 'node:http';
import type { Plugin, YogaServerOptions } from 'graphql-yoga';

/**
 * What one request may ask for. The body limit (yoga's maxRequestBodySize, checked against
 * Content-Length and while reading a chunked body) leaves room for the largest legitimate write,
 * an event item of up to 400 KB; depth, cost, aliases, tokens and the ids of `nodes` are checked
 * before execution, the size of the answer after it.
 */
export const LIMITS = {
  bodyBytes: 1024 * 1024,
  depth: 10,
  /**
   * About the number of values an answer may hold (see costEstimator): a page of 100 records with
   * two dozen fields each, twice over, fits; a page of pages does not.
   */
  cost: 10_000,
  aliases: 15,
  tokens: 1000,
  /** Ids one `nodes(ids:)` takes. */
  nodeIds: 100,
  /** The serialised answer (UTF-8 bytes of its JSON). */
  responseBytes: 8 * 1024 * 1024,
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

const refused = (message: string) => new GraphQLError(message, { extensions: { code: 'QUERY_LIMIT_EXCEEDED', http: { status: 400 } } });

const namesArg = (field: GraphQLField<unknown, unknown>, name: string) => field.args.some((arg) => arg.name === name);

/**
 * What a request costs: every field 1, and a field with a selection 1 plus its selection's cost
 * times the number of items it can answer with. That number is `first` or `last` for a field that
 * pages (the default page when neither is given), the length of the list argument for a list field
 * that answers one item per argument (`nodes(ids:)`), and 1 otherwise (lists without a page size
 * are bounded by the answer's size limit instead). graphql-armor's cost limit has no multipliers:
 * `nodes` with 15 000 copies of one id cost as much as with one.
 */
export function costEstimator(tooMany: (field: string, ids: number) => void): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    if (isLeafType(getNamedType(field.type))) return 1;
    let items = 1;
    if (namesArg(field, 'first') || namesArg(field, 'last')) {
      items = Number(args.first ?? args.last ?? DEFAULT_PAGE);
    } else if (isListType(getNullableType(field.type))) {
      for (const arg of field.args) {
        const value = args[arg.name];
        if (!isListType(getNullableType(arg.type)) || !Array.isArray(value)) continue;
        if (field.name === 'nodes' && value.length > LIMITS.nodeIds) tooMany(field.name, value.length);
        items = Math.max(items, value.length);
      }
    }
    return 1 + Math.max(0, items) * childComplexity;
  };
}

/**
 * The cost limit, checked before execution (and not in validation: the cost depends on the
 * variables, and yoga caches a document's validation across requests). Variables that do not
 * coerce are left to the executor, which refuses them as BAD_USER_INPUT.
 */
function costLimit(max: number): Plugin {
  /** Cost of documents whose cost does not depend on their variables (costDependsOnVariables): the same every time. */
  const fixed = new WeakMap<DocumentNode, number>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const document = args.document as DocumentNode;
      let cost = fixed.get(document);
      if (cost === undefined) {
        const over: { ids?: { field: string; count: number } } = {};
        try {
          cost = getComplexity({
            schema: args.schema,
            query: document,
            variables: (args.variableValues ?? {}) as Record<string, unknown>,
            operationName: args.operationName ?? undefined,
            estimators: [costEstimator((field, count) => (over.ids ??= { field, count }))],
          });
        } catch (error) {
          if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
            setResultAndStopExecution({ errors: [refused('Query has too many fields to analyse')] });
          }
          return;
        }
        if (over.ids) {
          setResultAndStopExecution({ errors: [refused(`${over.ids.field}(ids:) takes at most ${LIMITS.nodeIds} ids; got ${over.ids.count}`)] });
          return;
        }
        if (!costDependsOnVariables(document)) fixed.set(document, cost);
      }
      if (cost > max) {
        setResultAndStopExecution({
          errors: [
            refused(
              `Query cost limit of ${max} exceeded: this one costs ${cost}. Every list counts once per item asked for (first/last, or the ids of nodes): ask for smaller pages or fewer fields.`,
            ),
          ],
        });
      }
    },
  };
}

/**
 * Whether a variable can change what costEstimator counts: a variable given directly as `first` or
 * `last`, or as a list argument (its length counts). Variables elsewhere (a mutation's `input`)
 * cannot, so such a document's cost is computed once (yoga caches the parsed document per query
 * string, so the same text is the same DocumentNode).
 */
function costDependsOnVariables(document: DocumentNode): boolean {
  const listVariables = new Set<string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      const type = variable.type.kind === Kind.NON_NULL_TYPE ? variable.type.type : variable.type;
      if (type.kind === Kind.LIST_TYPE) listVariables.add(variable.variable.name.value);
    }
  }
  let depends = false;
  visit(document, {
    Argument(argument) {
      if (argument.value.kind !== Kind.VARIABLE) return;
      const name = argument.name.value;
      if (name === 'first' || name === 'last' || listVariables.has(argument.value.name.value)) depends = true;
    },
  });
  return depends;
}

/**
 * The size of the answer. A cost within the limit can still mean a large answer (lists without a
 * page size, long texts), so the serialised result is measured once and, over the limit, replaced
 * by RESPONSE_TOO_LARGE; within it, the same text is what yoga sends (no second JSON.stringify).
 */
function responseLimit(maxBytes: number): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      const single = result as ExecutionResult & { stringify?: (value: unknown) => string };
      const text = JSON.stringify(single);
      // UTF-8 takes at most 3 bytes per UTF-16 unit: count bytes only when it could matter.
      const bytes = text.length * 3 > maxBytes ? Buffer.byteLength(text) : text.length;
      if (bytes > maxBytes) {
        console.error(`Answer of ${bytes} bytes refused (limit ${maxBytes})`);
        setResult({
          data: null,
          errors: [
            new GraphQLError(
              `The answer would be ${(bytes / 1024 / 1024).toFixed(1)} MB, over the limit of ${maxBytes / 1024 / 1024} MB: ask for smaller pages or fewer fields`,
              { extensions: { code: 'RESPONSE_TOO_LARGE' } },
            ),
          ],
        });
        return;
      }
      // Yoga hands `stringify` the result itself when it has nothing to strip (no errors, no http extensions).
      if (!single.errors?.length && !(single.extensions as { http?: unknown } | undefined)?.http) {
        const measured = { ...single, stringify: (value: unknown): string => (value === measured ? text : JSON.stringify(value)) };
        setResult(measured);
      }
    },
  };
}

/** Query limits for the yoga server; field suggestions are hidden in production. */
export function hardeningPlugins(production: boolean): NonNullable<YogaServerOptions<object, object>['plugins']> {
  return [
    maxTokens(LIMITS.tokens),
    maxDepthPlugin({ n: LIMITS.depth, ...reportAsValidationError }),
    // __typename is a field like any other: aliased 10 000 times it is 10 000 fields to answer.
    maxAliasesPlugin({ n: LIMITS.aliases, allowList: [], ...reportAsValidationError }),
    costLimit(LIMITS.cost),
    ...(production ? [blockFieldSuggestionsPlugin()] : []),
  ];
}

/** The answer's size limit: after every plugin that changes the result. */
export const responseSizePlugin = responseLimit(LIMITS.responseBytes);

import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, parse, type ValidationContext } from 'graphql';
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

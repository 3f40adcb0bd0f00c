import { GraphQLError } from 'graphql';

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

const MAX_PAGE = 100;
const DEFAULT_PAGE = 20;

const encodeCursor = (key: number) => Buffer.from(`c:${key}`).toString('base64url');

function decodeCursor(cursor: string, arg: string): number {
  const text = Buffer.from(cursor, 'base64url').toString();
  const key = /^c:(\d+)$/.exec(text)?.[1];
  if (key === undefined) {
    throw new GraphQLError(`Argument "${arg}" is not a cursor from this connection`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return Number(key);
}

/**
 * A Relay connection over items sorted by a numeric key that never changes (a log position or a
 * stream version), so cursors stay valid while new items arrive.
 */
export function keyedConnection<T>(items: readonly T[], keyOf: (item: T) => number, args: ConnectionArgs) {
  for (const arg of ['first', 'last'] as const) {
    const n = args[arg];
    if (n != null && (n < 0 || n > MAX_PAGE)) {
      throw new GraphQLError(`Argument "${arg}" must be between 0 and ${MAX_PAGE}`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
  }
  const after = args.after ? decodeCursor(args.after, 'after') : Number.NEGATIVE_INFINITY;
  const before = args.before ? decodeCursor(args.before, 'before') : Number.POSITIVE_INFINITY;
  let window = items.filter((item) => keyOf(item) > after && keyOf(item) < before);
  const first = args.first ?? (args.last == null ? DEFAULT_PAGE : null);
  let hasNextPage = items.some((item) => keyOf(item) >= before);
  let hasPreviousPage = items.some((item) => keyOf(item) <= after);
  if (first != null && window.length > first) {
    hasNextPage = true;
    window = window.slice(0, first);
  }
  if (args.last != null && window.length > args.last) {
    hasPreviousPage = true;
    window = window.slice(window.length - args.last);
  }
  const edges = window.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasNextPage,
      hasPreviousPage,
    },
    totalCount: items.length,
  };
}

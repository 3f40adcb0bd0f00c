import { GraphQLError } from 'graphql';

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export const MAX_PAGE = 100;
/** The page size of a connection asked for without `first` or `last` (the cost analysis counts it too). */
export const DEFAULT_PAGE = 20;

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
 * stream version), so cursors stay valid while new items arrive. Without cursors the page is a
 * slice (the list is not walked); with them, the list is walked once.
 */
export function keyedConnection<T>(items: readonly T[], keyOf: (item: T) => number, args: ConnectionArgs) {
  for (const arg of ['first', 'last'] as const) {
    const n = args[arg];
    if (n != null && (n < 0 || n > MAX_PAGE)) {
      throw new GraphQLError(`Argument "${arg}" must be between 0 and ${MAX_PAGE}`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
  }
  let window: readonly T[] = items;
  let hasNextPage = false;
  let hasPreviousPage = false;
  if (args.after || args.before) {
    const after = args.after ? decodeCursor(args.after, 'after') : Number.NEGATIVE_INFINITY;
    const before = args.before ? decodeCursor(args.before, 'before') : Number.POSITIVE_INFINITY;
    const within: T[] = [];
    for (const item of items) {
      const key = keyOf(item);
      if (key <= after) hasPreviousPage = true;
      if (key >= before) hasNextPage = true;
      if (key > after && key < before) within.push(item);
    }
    window = within;
  }
  let start = 0;
  let end = window.length;
  const first = args.first ?? (args.last == null ? DEFAULT_PAGE : null);
  if (first != null && end - start > first) {
    hasNextPage = true;
    end = start + first;
  }
  if (args.last != null && end - start > args.last) {
    hasPreviousPage = true;
    start = end - args.last;
  }
  const edges: { node: T; cursor: string }[] = [];
  for (let i = start; i < end; i += 1) edges.push({ node: window[i]!, cursor: encodeCursor(keyOf(window[i]!)) });
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

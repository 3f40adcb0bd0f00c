import { GraphQLError } from 'graphql';
import type { Indexed } from '../domain/copyable.ts';

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
 * slice (the list is not walked); with them, an array is walked once and items read by index
 * (a table's records, see Indexed) are bisected, so only the page and a few probes are read.
 */
export function keyedConnection<T>(items: Indexed<T>, keyOf: (item: T) => number, args: ConnectionArgs) {
  checkPageSize(args);
  let low = 0;
  let high = items.length;
  let hasNextPage = false;
  let hasPreviousPage = false;
  let window: readonly T[] | null = null;
  if (args.after || args.before) {
    const after = args.after ? decodeCursor(args.after, 'after') : Number.NEGATIVE_INFINITY;
    const before = args.before ? decodeCursor(args.before, 'before') : Number.POSITIVE_INFINITY;
    if (Array.isArray(items)) {
      const within: T[] = [];
      for (const item of items as readonly T[]) {
        const key = keyOf(item);
        if (key <= after) hasPreviousPage = true;
        if (key >= before) hasNextPage = true;
        if (key > after && key < before) within.push(item);
      }
      window = within;
      high = within.length;
    } else {
      low = firstIndex(items, (item) => keyOf(item) > after);
      high = Math.max(low, firstIndex(items, (item) => keyOf(item) >= before));
      hasPreviousPage = low > 0;
      hasNextPage = high < items.length;
    }
  }
  const slice = pageOf(high - low, args);
  const edges: { node: T; cursor: string }[] = [];
  for (let i = slice.start; i < slice.end; i += 1) {
    const node = window ? window[i]! : items.at(low + i)!;
    edges.push({ node, cursor: encodeCursor(keyOf(node)) });
  }
  return connectionOf(edges, hasNextPage || slice.hasNextPage, hasPreviousPage || slice.hasPreviousPage, items.length);
}

/** The first index whose item passes `test` (items.length when none does), for a test that stays true once true. */
function firstIndex<T>(items: Indexed<T>, test: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(items.at(middle)!)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The same connection over the positions 1..count of a log (the key of each item is its position),
 * without the items: the page's positions, to read only those. `load` reads positions from..to.
 */
export async function positionConnection<T>(count: number, args: ConnectionArgs, load: (from: number, to: number) => Promise<T[]>) {
  checkPageSize(args);
  let low = 1;
  let high = count;
  let hasNextPage = false;
  let hasPreviousPage = false;
  if (args.after || args.before) {
    const after = args.after ? decodeCursor(args.after, 'after') : 0;
    const before = args.before ? decodeCursor(args.before, 'before') : Number.POSITIVE_INFINITY;
    hasPreviousPage = count > 0 && after >= 1;
    hasNextPage = before <= count;
    low = Math.max(1, after + 1);
    high = Math.min(count, before - 1);
  }
  const slice = pageOf(Math.max(0, high - low + 1), args);
  const nodes = slice.end > slice.start ? await load(low + slice.start, low + slice.end - 1) : [];
  const edges = nodes.map((node, i) => ({ node, cursor: encodeCursor(low + slice.start + i) }));
  return connectionOf(edges, hasNextPage || slice.hasNextPage, hasPreviousPage || slice.hasPreviousPage, count);
}

function checkPageSize(args: ConnectionArgs): void {
  for (const arg of ['first', 'last'] as const) {
    const n = args[arg];
    if (n != null && (n < 0 || n > MAX_PAGE)) {
      throw new GraphQLError(`Argument "${arg}" must be between 0 and ${MAX_PAGE}`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
  }
}

/** Which of `length` items (after the cursors) `first` / `last` keep: indexes start..end-1. */
function pageOf(length: number, args: ConnectionArgs) {
  let start = 0;
  let end = length;
  let hasNextPage = false;
  let hasPreviousPage = false;
  const first = args.first ?? (args.last == null ? DEFAULT_PAGE : null);
  if (first != null && end - start > first) {
    hasNextPage = true;
    end = start + first;
  }
  if (args.last != null && end - start > args.last) {
    hasPreviousPage = true;
    start = end - args.last;
  }
  return { start, end, hasNextPage, hasPreviousPage };
}

function connectionOf<T>(edges: { node: T; cursor: string }[], hasNextPage: boolean, hasPreviousPage: boolean, totalCount: number) {
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasNextPage,
      hasPreviousPage,
    },
    totalCount,
  };
}

/** A page of records in the order they were created (by the log position of their first event). */
export const creationOrder = <T extends { createdPosition: number }>(records: Indexed<T>, args: ConnectionArgs) =>
  keyedConnection(records, (record) => record.createdPosition, args);

import fc from 'fast-check';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { keyedConnection, type ConnectionArgs } from '../../api/connection.ts';

// keyedConnection pages by slicing (no cursors) or one walk (cursors); it must answer exactly as
// the plain definition below: filter by the cursors, then first, then last.

const cursor = (key: number) => Buffer.from(`c:${key}`).toString('base64url');

function reference(keys: readonly number[], args: ConnectionArgs) {
  const decode = (c: string) => Number(/^c:(\d+)$/.exec(Buffer.from(c, 'base64url').toString())![1]);
  const after = args.after ? decode(args.after) : Number.NEGATIVE_INFINITY;
  const before = args.before ? decode(args.before) : Number.POSITIVE_INFINITY;
  let window = keys.filter((k) => k > after && k < before);
  let hasNextPage = keys.some((k) => k >= before);
  let hasPreviousPage = keys.some((k) => k <= after);
  const first = args.first ?? (args.last == null ? 20 : null);
  if (first != null && window.length > first) [hasNextPage, window] = [true, window.slice(0, first)];
  if (args.last != null && window.length > args.last) [hasPreviousPage, window] = [true, window.slice(window.length - args.last)];
  const edges = window.map((k) => ({ node: k, cursor: cursor(k) }));
  return {
    edges,
    pageInfo: { startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null, hasNextPage, hasPreviousPage },
    totalCount: keys.length,
  };
}

describe('keyedConnection', () => {
  it('answers every page as filter-then-slice does, sorted or not', () => {
    const keys = fc.oneof(
      fc.uniqueArray(fc.nat(60), { maxLength: 40 }).map((k) => k.sort((a, b) => a - b)),
      fc.array(fc.nat(60), { maxLength: 40 }),
    );
    const page = fc.option(fc.nat(100), { nil: undefined });
    const at = fc.option(fc.nat(62).map(cursor), { nil: undefined });
    const args = fc.record({ first: page, last: page, after: at, before: at }, { requiredKeys: [] });
    fc.assert(
      fc.property(keys, args, (items, a) => {
        expect(keyedConnection(items, (k) => k, a)).toEqual(reference(items, a));
      }),
      { numRuns: 2000 },
    );
  });

  it('pages forwards through a long list without a gap or a repeat', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ position: 3 * i + 1 }));
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page: ReturnType<typeof keyedConnection<{ position: number }>> = keyedConnection(items, (i) => i.position, { first: 100, after });
      seen.push(...page.edges.map((e) => e.node.position));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(items.map((i) => i.position));
  });

  it('refuses pages above 100 and cursors it did not make', () => {
    expect(() => keyedConnection([1], (k) => k, { first: 101 })).toThrow(GraphQLError);
    expect(() => keyedConnection([1], (k) => k, { last: -1 })).toThrow(GraphQLError);
    expect(() => keyedConnection([1], (k) => k, { after: 'bm9wZQ' })).toThrow(/not a cursor from this connection/);
  });
});

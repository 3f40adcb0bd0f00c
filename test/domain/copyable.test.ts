import { describe, expect, it } from 'vitest';
import { AppendOnlyList, Chunks, RecordTable } from '../../domain/copyable.ts';

describe('RecordTable', () => {
  it('keeps values by key in first-set order, and a copy goes on independently of the original', () => {
    const original = RecordTable.empty<number>();
    original.set('a', 1);
    original.set('b', 2);
    const copy = original.copy();
    original.set('a', 10);
    original.set('c', 3);
    expect(copy.toJSON()).toEqual([['a', 1], ['b', 2]]);
    expect(copy.get('c')).toBeUndefined();
    // The copy meets a record the original never had: it stops sharing the index, and neither is disturbed.
    copy.set('z', 26);
    copy.set('c', 30);
    expect(copy.toJSON()).toEqual([['a', 1], ['b', 2], ['z', 26], ['c', 30]]);
    expect(original.toJSON()).toEqual([['a', 10], ['b', 2], ['c', 3]]);
    original.set('d', 4);
    expect(original.get('z')).toBeUndefined();
    expect(original.list()).toEqual([10, 2, 3, 4]);
    expect(copy.list()).toEqual([1, 2, 26, 30]);
  });

  it('a copy that meets the same new records as the original gives them the same places', () => {
    const original = RecordTable.empty<string>();
    original.set('a', 'a1');
    const copy = original.copy();
    original.set('b', 'b1');
    original.set('c', 'c1');
    copy.set('b', 'b1');
    copy.set('c', 'c2');
    expect(copy.keys()).toEqual(['a', 'b', 'c']);
    expect(copy.get('c')).toBe('c2');
    expect(original.get('c')).toBe('c1');
  });

  it('a lookup is remembered only while it stays true: a key a copy missed may be added later', () => {
    const original = RecordTable.empty<string>();
    original.set('a', 'a1');
    const copy = original.copy();
    expect(copy.get('b')).toBeUndefined();
    original.set('b', 'b1');
    original.set('c', 'c1');
    expect(copy.get('b')).toBeUndefined();
    expect(copy.get('c')).toBeUndefined();
    copy.set('b', 'b2');
    expect(copy.get('b')).toBe('b2');
    // Off the original's order: the copy takes its own index; what it remembered does not leak into it.
    expect(copy.get('c')).toBeUndefined();
    copy.set('d', 'd2');
    copy.set('c', 'c2');
    expect(copy.toJSON()).toEqual([['a', 'a1'], ['b', 'b2'], ['d', 'd2'], ['c', 'c2']]);
    expect([copy.get('c'), copy.get('d'), original.get('d'), original.get('c')]).toEqual(['c2', 'd2', undefined, 'c1']);
  });
});

describe('RecordTable in chunks (restored from a view snapshot)', () => {
  /** A table of `n` values 'v0'.. under keys 'k0'.., as a snapshot holds it in chunks of 3, each blob its chunk's index; `reads` counts the chunk reads. */
  function restored(n: number) {
    const table = RecordTable.empty<string>();
    for (let i = 0; i < n; i += 1) table.set(`k${i}`, `v${i}`, 100 + i);
    const chunks = table.chunksToWrite(3);
    const blobs = chunks.map((_, i) => Uint8Array.of(i));
    const values = chunks.map((chunk) => ('values' in chunk ? chunk.values : []));
    const reads: number[] = [];
    const chunked = new Chunks<string>(3, blobs);
    chunked.read = (blob) => {
      reads.push(blob[0]!);
      return values[blob[0]!]!;
    };
    const lazy = table.withChunks(chunked);
    return { table, lazy, blobs, reads };
  }

  it('reads a chunk only when one of its values is read, and answers like the table it came from', () => {
    const { table, lazy, reads } = restored(8);
    expect(lazy.size).toBe(8);
    expect(lazy.keys()).toEqual(table.keys());
    expect(lazy.markOf('k7')).toBe(107);
    expect(reads).toEqual([]);
    expect(lazy.get('k4')).toBe('v4');
    expect(lazy.get('nope')).toBeUndefined();
    expect(reads).toEqual([1]);
    const ordered = lazy.ordered();
    expect([ordered.length, ordered.at(0), ordered.at(7), ordered.at(8), ordered.at(-1)]).toEqual([8, 'v0', 'v7', undefined, undefined]);
    expect(reads).toEqual([1, 0, 2]);
    expect(lazy.list()).toEqual(table.list());
    expect(lazy.toJSON()).toEqual(table.toJSON());
  });

  it('a value set since it was restored is its own, in the table and its copies; a snapshot of it reuses the chunks nobody changed', () => {
    const { lazy, blobs, reads } = restored(8);
    const copy = lazy.copy();
    lazy.set('k1', 'v1*', 201);
    lazy.set('k8', 'v8', 208);
    expect([lazy.get('k1'), lazy.get('k8'), lazy.markOf('k1'), lazy.size]).toEqual(['v1*', 'v8', 201, 9]);
    expect([copy.get('k1'), copy.get('k8'), copy.size]).toEqual(['v1', undefined, 8]);
    reads.length = 0;
    const parts = lazy.chunksToWrite(3);
    // Chunk 0 holds a changed value, chunk 2 a new one (it was [v6, v7]); chunk 1 is the blob as restored, not read.
    expect(parts).toEqual([{ values: ['v0', 'v1*', 'v2'] }, { blob: blobs[1] }, { values: ['v6', 'v7', 'v8'] }]);
    expect(reads).toEqual([0, 2]);
    expect(copy.chunksToWrite(3)).toEqual([{ blob: blobs[0] }, { blob: blobs[1] }, { blob: blobs[2] }]);
    // Another chunk size reads and writes every value.
    expect(copy.chunksToWrite(4)).toEqual([{ values: ['v0', 'v1', 'v2', 'v3'] }, { values: ['v4', 'v5', 'v6', 'v7'] }]);
  });

  it('refuses to read a chunk it was given no decoder for', () => {
    const { table } = restored(4);
    const lazy = table.withChunks(new Chunks(3, [Uint8Array.of(0), Uint8Array.of(1)]));
    expect(() => lazy.get('k3')).toThrow(/decoder/);
    expect(lazy.get('k9')).toBeUndefined();
  });
});

describe('AppendOnlyList', () => {
  it('a copy and the original append independently', () => {
    const original = AppendOnlyList.of(1, 2);
    const copy = original.copy();
    copy.push(30);
    original.push(3);
    original.push(4);
    copy.push(40);
    expect(original.list()).toEqual([1, 2, 3, 4]);
    expect(copy.list()).toEqual([1, 2, 30, 40]);
    const copyOfCopy = copy.copy();
    original.push(5);
    expect(copyOfCopy.list()).toEqual([1, 2, 30, 40]);
    expect([copy.at(2), copy.at(4), original.at(4), copy.size]).toEqual([30, undefined, 5, 4]);
  });
});

describe('AppendOnlyList in chunks (restored from a view snapshot)', () => {
  it('reads a chunk when one of its items is first read; copies, prefixes and appends after it go on as before', () => {
    const original = AppendOnlyList.of(...[0, 1, 2, 3, 4, 5, 6].map((i) => `i${i}`));
    const parts = original.chunksToWrite(3);
    expect(parts).toEqual([{ values: ['i0', 'i1', 'i2'] }, { values: ['i3', 'i4', 'i5'] }, { values: ['i6'] }]);
    const reads: number[] = [];
    const chunks = new Chunks<string>(3, parts.map((_, i) => Uint8Array.of(i)));
    chunks.read = (blob) => {
      reads.push(blob[0]!);
      return (parts[blob[0]!] as { values: string[] }).values;
    };
    const lazy = original.withChunks(chunks);
    expect([lazy.size, reads]).toEqual([7, []]);
    expect([lazy.at(4), lazy.at(7), lazy.at(-1)]).toEqual(['i4', undefined, undefined]);
    expect(reads).toEqual([1]);
    const before = lazy.prefix(5);
    lazy.push('i7');
    before.push('x5');
    expect(lazy.list()).toEqual([...original.list(), 'i7']);
    expect(before.list()).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'x5']);
    const ordered = lazy.copy().ordered();
    expect([ordered.length, ordered.at(7), ordered.at(8)]).toEqual([8, 'i7', undefined]);
    // Written again: the chunks as they were, and the one that grew.
    expect(lazy.chunksToWrite(3)).toEqual([{ blob: chunks.blobs[0] }, { blob: chunks.blobs[1] }, { values: ['i6', 'i7'] }]);
  });
});

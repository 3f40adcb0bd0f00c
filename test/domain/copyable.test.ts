import { describe, expect, it } from 'vitest';
import { AppendOnlyList, RecordTable } from '../../domain/copyable.ts';

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

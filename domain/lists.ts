/**
 * A new array: `list` with `item` after it, of exactly that length. States append to their
 * histories (check-ins, scores, revisits) once per event, so this runs for about half of a
 * typical log: `[...list, item]` and `slice().push()` leave room for 16 more items (garbage on
 * every check-in, the fold's largest item) and `concat` is slower still (BENCHMARKS.md, "Why the
 * code is written as it is").
 */
export function appended<T>(list: readonly T[], item: T): T[] {
  const next = new Array<T>(list.length + 1);
  for (let i = 0; i < list.length; i += 1) next[i] = list[i]!;
  next[list.length] = item;
  return next;
}

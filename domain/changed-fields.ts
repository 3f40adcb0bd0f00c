/**
 * The fields of a revision that differ from the current state (undefined means "not given").
 * Values are compared structurally, so an unchanged list or object is not a change.
 */
export function changedFields<T extends object>(state: T, changes: Partial<T>): Partial<T> {
  return Object.fromEntries(
    Object.entries(changes).filter(
      ([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(state[key as keyof T]),
    ),
  ) as Partial<T>;
}

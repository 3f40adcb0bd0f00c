/**
 * The two containers read models keep their state in, so that copying a read model (to answer
 * for a past position, see CopyableProjection) costs a memcpy of an array, not a rehash of a map,
 * and a checkpoint of an append-only list costs nothing.
 *
 * Both rely on how copies are used: a copy is folded on with the same log the original saw, so it
 * meets new records in the same order and appends the same items. A copy that meets anything else
 * stops sharing (one O(n) copy) and stays correct.
 */

/**
 * Immutable values by key (a record's state by id, the ids linked to a record), in the order the
 * keys were first set. Copies share the key -> slot index, which only grows, and copy only the
 * array of values.
 */
export class RecordTable<V> {
  private constructor(
    /** Key -> slot; shared with copies; only the owner adds to it. Valid here below values.length. */
    private slots: Map<string, number>,
    private readonly values: V[],
    private owner: boolean,
    /** A number per slot its setter gives (a records view: the position of the record's last event). */
    private readonly marks: number[],
  ) {}

  /** The last key whose slot was looked up or set, and that slot (see slotOf). */
  private lastKey: string | null = null;
  private lastSlot = 0;

  static empty<V>(): RecordTable<V> {
    return new RecordTable<V>(new Map(), [], true, []);
  }

  get size(): number {
    return this.values.length;
  }

  get(key: string): V | undefined {
    const slot = this.slotOf(key);
    return slot !== undefined && slot < this.values.length ? this.values[slot] : undefined;
  }

  /** The mark `key` was last set with, if any. */
  markOf(key: string): number | undefined {
    const slot = this.slotOf(key);
    return slot !== undefined && slot < this.values.length ? this.marks[slot] : undefined;
  }

  set(key: string, value: V, mark?: number): void {
    const slot = this.slotOf(key);
    if (slot !== undefined && slot < this.values.length) {
      this.values[slot] = value;
      if (mark !== undefined) this.marks[slot] = mark;
      return;
    }
    const next = this.values.length;
    if (slot === undefined && this.owner && this.slots.size === next) this.slots.set(key, next);
    else if (slot !== next) this.ownSlots().set(key, next);
    this.values.push(value);
    if (mark !== undefined) this.marks[next] = mark;
    this.lastKey = key;
    this.lastSlot = next;
  }

  /** Values in the order their keys were first set. */
  list(): V[] {
    return this.values.slice();
  }

  /** Keys in the order they were first set. */
  keys(): string[] {
    const keys: string[] = [];
    for (const [key, slot] of this.slots) if (slot < this.values.length) keys[slot] = key;
    return keys;
  }

  copy(): RecordTable<V> {
    return new RecordTable(this.slots, this.values.slice(), false, this.marks.slice());
  }

  /** The same image whatever is shared: [key, value] pairs in order. */
  toJSON(): [string, V][] {
    return this.keys().map((key, slot) => [key, this.values[slot]!]);
  }

  /**
   * A fold gets a record's state and then sets the next one: the second lookup is answered from
   * the first. Only found slots are remembered: a key's slot never changes in the map that found it
   * (an owner only adds keys), but a key a copy did not find may be added to the shared map later.
   */
  private slotOf(key: string): number | undefined {
    if (key === this.lastKey) return this.lastSlot;
    const slot = this.slots.get(key);
    if (slot !== undefined) {
      this.lastKey = key;
      this.lastSlot = slot;
    }
    return slot;
  }

  private ownSlots(): Map<string, number> {
    if (!this.owner) {
      const own = new Map<string, number>();
      for (const [key, slot] of this.slots) if (slot < this.values.length) own.set(key, slot);
      this.slots = own;
      this.owner = true;
    }
    return this.slots;
  }
}

/**
 * A list that only grows. Copies share the items and remember their length: a copy costs nothing
 * until it is appended to while shorter than the shared array, then it copies its items once.
 */
export class AppendOnlyList<T> {
  private constructor(
    private items: T[],
    private length: number,
  ) {}

  static of<T>(...items: T[]): AppendOnlyList<T> {
    return new AppendOnlyList(items, items.length);
  }

  get size(): number {
    return this.length;
  }

  at(index: number): T | undefined {
    return index >= 0 && index < this.length ? this.items[index] : undefined;
  }

  push(item: T): void {
    if (this.items.length !== this.length) this.items = this.items.slice(0, this.length);
    this.items.push(item);
    this.length += 1;
  }

  /** The items, oldest first (read-only: shared). */
  list(): readonly T[] {
    return this.items.length === this.length ? this.items : this.items.slice(0, this.length);
  }

  copy(): AppendOnlyList<T> {
    return new AppendOnlyList(this.items, this.length);
  }

  /** A copy of the first `count` items: the list as it stood when it had them. */
  prefix(count: number): AppendOnlyList<T> {
    return new AppendOnlyList(this.items, Math.max(0, Math.min(count, this.length)));
  }

  toJSON(): readonly T[] {
    return this.list();
  }
}

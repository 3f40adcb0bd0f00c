/**
 * The two containers read models keep their state in, so that copying a read model (to answer
 * for a past position, see CopyableProjection) costs a memcpy of an array, not a rehash of a map,
 * and a checkpoint of an append-only list costs nothing.
 *
 * Both rely on how copies are used: a copy is folded on with the same log the original saw, so it
 * meets new records in the same order and appends the same items. A copy that meets anything else
 * stops sharing (one O(n) copy) and stays correct.
 */

/** Items by index, without holding them all: a table's values in order, read a page at a time (an array is one too). */
export interface Indexed<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

/** Every item of `items`, in order, as an array. */
export function toArray<T>(items: Indexed<T>): readonly T[] {
  if (Array.isArray(items)) return items as readonly T[];
  const all: T[] = new Array<T>(items.length);
  for (let i = 0; i < items.length; i += 1) all[i] = items.at(i)!;
  return all;
}

/** How a container's values are to be written in a snapshot: each chunk of them, or the blob it was restored with. */
export type ChunkToWrite<V> = { blob: Uint8Array } | { values: V[] };

/**
 * The values of a container restored from a view snapshot, in chunks of `size` consecutive slots,
 * each chunk an encoded blob read when one of its values is first read (api/view-snapshots.ts
 * encodes them and gives `read`): a process holds the values it reads, not every record of the log.
 * In the container's array of values, a value not set since it was restored is a hole.
 */
export class Chunks<V> {
  /** Decodes a blob (given after the container is restored; the decoder may keep what it decodes, bounded). */
  read: ((blob: Uint8Array) => readonly V[]) | null = null;

  constructor(
    readonly size: number,
    readonly blobs: Uint8Array[],
  ) {}

  /** values[slot], read from its chunk when it is a hole. */
  valueAt(values: readonly V[], slot: number): V {
    const value = values[slot];
    return value !== undefined ? value : this.chunk(slot)[slot % this.size]!;
  }

  /** values[start..end-1], holes read from their chunks (each once). */
  range(values: readonly V[], start: number, end: number): V[] {
    const range = values.slice(start, end);
    let chunk: readonly V[] = [];
    let at = -1;
    for (let i = 0; i < range.length; i += 1) {
      if (range[i] !== undefined) continue;
      const slot = start + i;
      if (Math.floor(slot / this.size) !== at) {
        at = Math.floor(slot / this.size);
        chunk = this.chunk(slot);
      }
      range[i] = chunk[slot % this.size]!;
    }
    return range;
  }

  /** The chunk blob to write again for slots start..end-1 in chunks of `size`, when none of them was set since (all holes, the same chunk). */
  blobFor(values: readonly V[], start: number, end: number, size: number): Uint8Array | undefined {
    const blob = size === this.size ? this.blobs[start / size] : undefined;
    if (!blob) return undefined;
    for (let slot = start; slot < end; slot += 1) if (values[slot] !== undefined) return undefined;
    return blob;
  }

  private chunk(slot: number): readonly V[] {
    if (!this.read) throw new Error('a container restored from a snapshot read before its chunks were given a decoder');
    return this.read(this.blobs[Math.floor(slot / this.size)]!);
  }
}

/** The first `length` values in chunks of `size` for a snapshot (see Chunks.blobFor). */
function chunksToWrite<V>(values: readonly V[], length: number, chunks: Chunks<V> | null, size: number): ChunkToWrite<V>[] {
  const written: ChunkToWrite<V>[] = [];
  for (let start = 0; start < length; start += size) {
    const end = Math.min(start + size, length);
    const blob = chunks?.blobFor(values, start, end, size);
    written.push(blob ? { blob } : { values: chunks ? chunks.range(values, start, end) : values.slice(start, end) });
  }
  return written;
}

/**
 * Immutable values by key (a record's state by id, the ids linked to a record), in the order the
 * keys were first set. Copies share the key -> slot index, which only grows, and copy only the
 * array of values. Restored from a snapshot, a value not set since is read from its chunk (see Chunks).
 */
export class RecordTable<V> {
  private constructor(
    /** Key -> slot; shared with copies; only the owner adds to it. Valid here below values.length. */
    private slots: Map<string, number>,
    private readonly values: V[],
    private owner: boolean,
    /** A number per slot its setter gives (a records view: the position of the record's last event). */
    private readonly marks: number[],
    /** Where the holes of `values` are read from (a table restored from a snapshot); shared with copies. */
    private readonly chunks: Chunks<V> | null = null,
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
    return slot !== undefined && slot < this.values.length ? this.valueAt(slot) : undefined;
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
    return this.chunks ? this.chunks.range(this.values, 0, this.values.length) : this.values.slice();
  }

  /** The same values without reading them: each read when asked for by its index (a page of a restored table reads its chunks only). */
  ordered(): Indexed<V> {
    const length = this.values.length;
    return { length, at: (index) => (index >= 0 && index < length ? this.valueAt(index) : undefined) };
  }

  /** Keys in the order they were first set. */
  keys(): string[] {
    const keys: string[] = [];
    for (const [key, slot] of this.slots) if (slot < this.values.length) keys[slot] = key;
    return keys;
  }

  copy(): RecordTable<V> {
    return new RecordTable(this.slots, this.values.slice(), false, this.marks.slice(), this.chunks);
  }

  /** The size of the chunks the table was restored from (it is written in the same again); null: not restored from chunks. */
  get chunkSize(): number | null {
    return this.chunks?.size ?? null;
  }

  /** The table's values in chunks of `size` slots, for a snapshot (a chunk none of whose slots was set since it was restored: its blob). */
  chunksToWrite(size: number): ChunkToWrite<V>[] {
    return chunksToWrite(this.values, this.values.length, this.chunks, size);
  }

  /** This table as a snapshot holds it: the same keys and marks, every value read from `chunks`. */
  withChunks(chunks: Chunks<V>): RecordTable<V> {
    return new RecordTable(this.validSlots(), new Array<V>(this.values.length), true, this.marks.slice(), chunks);
  }

  /** The same image whatever is shared: [key, value] pairs in order. */
  toJSON(): [string, V][] {
    const values = this.list();
    return this.keys().map((key, slot) => [key, values[slot]!]);
  }

  private valueAt(slot: number): V {
    return this.chunks ? this.chunks.valueAt(this.values, slot) : this.values[slot]!;
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
      this.slots = this.validSlots();
      this.owner = true;
    }
    return this.slots;
  }

  /** The keys of this table's slots alone (the shared index may hold keys the owner added since a copy was made). */
  private validSlots(): Map<string, number> {
    const own = new Map<string, number>();
    for (const [key, slot] of this.slots) if (slot < this.values.length) own.set(key, slot);
    return own;
  }
}

/**
 * A list that only grows. Copies share the items and remember their length: a copy costs nothing
 * until it is appended to while shorter than the shared array, then it copies its items once.
 * Restored from a snapshot, the items read from their chunks when first read (see Chunks).
 */
export class AppendOnlyList<T> {
  private constructor(
    private items: T[],
    private length: number,
    /** Where the holes of `items` are read from (a list restored from a snapshot); shared with copies. */
    private readonly chunks: Chunks<T> | null = null,
  ) {}

  static of<T>(...items: T[]): AppendOnlyList<T> {
    return new AppendOnlyList(items, items.length);
  }

  get size(): number {
    return this.length;
  }

  at(index: number): T | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    return this.chunks ? this.chunks.valueAt(this.items, index) : this.items[index];
  }

  push(item: T): void {
    if (this.items.length !== this.length) this.items = this.items.slice(0, this.length);
    this.items.push(item);
    this.length += 1;
  }

  /** The items, oldest first (read-only: shared). */
  list(): readonly T[] {
    if (this.chunks) return this.chunks.range(this.items, 0, this.length);
    return this.items.length === this.length ? this.items : this.items.slice(0, this.length);
  }

  /** The same items without reading them: each read when asked for by its index. */
  ordered(): Indexed<T> {
    const length = this.length;
    return { length, at: (index) => this.at(index) };
  }

  copy(): AppendOnlyList<T> {
    return new AppendOnlyList(this.items, this.length, this.chunks);
  }

  /** A copy of the first `count` items: the list as it stood when it had them. */
  prefix(count: number): AppendOnlyList<T> {
    return new AppendOnlyList(this.items, Math.max(0, Math.min(count, this.length)), this.chunks);
  }

  /** The size of the chunks the list was restored from (it is written in the same again); null: not restored from chunks. */
  get chunkSize(): number | null {
    return this.chunks?.size ?? null;
  }

  /** The items in chunks of `size`, for a snapshot (a chunk of items not read since it was restored: its blob). */
  chunksToWrite(size: number): ChunkToWrite<T>[] {
    return chunksToWrite(this.items, this.length, this.chunks, size);
  }

  /** This list as a snapshot holds it: every item read from `chunks`. */
  withChunks(chunks: Chunks<T>): AppendOnlyList<T> {
    return new AppendOnlyList(new Array<T>(this.length), this.length, chunks);
  }

  toJSON(): readonly T[] {
    return this.list();
  }
}

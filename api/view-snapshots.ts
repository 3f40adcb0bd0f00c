import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { promisify } from 'node:util';
import { gunzip, gunzipSync, gzip } from 'node:zlib';
import { AppendOnlyList, Chunks, RecordTable } from '../domain/copyable.ts';
import { createViews, type Views } from '../domain/registry.ts';

/**
 * View snapshots: every read model as it stood at one log position, persisted (in the disposable
 * snapshots table) so a cold process restores the views and folds only the events after them.
 *
 * Each view is a section of its own (its own gzipped blob, stored in its own parts), so a cold
 * process reads and decodes a view only the first time it is read (api/read-models.ts): the first
 * request pays for the views it reads, not for every view of the log. The instants of the
 * positions are one more section, read at once (the log cache needs them).
 *
 * One generic encoding for every view: the view's own data properties (those a fresh instance
 * does not share: constants such as its kind and event types stay the fresh instance's), through
 * `v8.serialize`, which keeps Maps, Sets, Dates, typed arrays and shared references within the
 * view. Its big tables and lists of records are the exception: their values go in chunks, each
 * serialized on its own and decoded when one of its records is first read (TABLE_CHUNK), so a
 * view's first read decodes its keys and indexes, not every record of its kind; a state shared by
 * two of them would decode as equal copies (the views hold none: their states are immutable values
 * by id). Across views nothing is shared but the frozen actor values of events, which decode as
 * equal copies. v8 keeps no prototypes, so the
 * class instances in the graph (RecordTable, AppendOnlyList, a view's own containers) are listed
 * beside it and given their prototype back after decoding. A class the empty views do not show is
 * refused at encoding (no snapshot, the fold stays the way), never decoded into a plain object.
 *
 * A snapshot is used only by code that would fold the same views: it carries a fingerprint of the
 * code (the Lambda bundle's bytes, or in development the sources of domain/, events/ and this
 * module), so any change to a view, a decider or an upcaster leaves old snapshots unused.
 */

/** Bump when the encoding below changes. */
const FORMAT = 4;

/** The section of a snapshot that holds recordedAt (ms) of positions 1..position, as a gzipped Float64Array. */
export const INSTANTS = 'instants';

/** A snapshot to store: where it stands and its sections (the instants, then each view's blob). */
export interface ViewSnapshot {
  /** Last log position folded into the views. */
  position: number;
  /** hash of the event at `position`: the snapshot is used only where the log has it there. */
  hash: string;
  sections: Record<string, Uint8Array>;
}

/** A stored snapshot: where it stands, and each section read when first needed. */
export interface StoredViewSnapshot {
  position: number;
  hash: string;
  /** One section's bytes ('instants' or a view's name), checked against their digest; rejects when they are gone or altered. */
  read(section: string): Promise<Uint8Array>;
}

/** Where view snapshots are kept (events/dynamodb/view-snapshots.ts). */
export interface ViewSnapshotSource {
  /** The newest snapshot of this code (`fingerprint`) at or before `atOrBefore` (its sections not read yet). */
  latest(fingerprint: string, atOrBefore?: number): Promise<StoredViewSnapshot | null>;
  write(fingerprint: string, snapshot: ViewSnapshot): Promise<void>;
}

type ViewName = keyof Views;
type View = Views[ViewName];

/** A blob gunzipped: a view's state (or a chunk of a table's values), and its class instances. */
interface EncodedGraph {
  state: unknown;
  /** Every class instance in `state`, and its class: an index into KNOWN_CLASSES. */
  instances: object[];
  classes: number[];
}

/**
 * A table (or append-only list) of a view with more values than this is written in chunks of at
 * most this many (fewer when the values are big, see chunkSizeOf), each a blob of its own read when
 * one of its values is first read (domain/copyable.ts, Chunks): a page of records reads one chunk,
 * not every record of the log.
 */
export const TABLE_CHUNK = 512;

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Prototypes a snapshot may restore: the containers views keep state in, and the classes found in
 * fresh views, in the order a walk finds them. A class is named by its index here, not its name (a
 * minified bundle renames classes, and two may share a name): the same code finds the same order,
 * and a snapshot is only read by the code that wrote it.
 */
const KNOWN_CLASSES: object[] = knownClasses();
const CLASS_INDEX = new Map(KNOWN_CLASSES.map((prototype, index) => [prototype, index]));

function knownClasses(): object[] {
  const known = new Set<object>([RecordTable.prototype, AppendOnlyList.prototype, Chunks.prototype]);
  for (const object of classInstances(Object.values(createViews()))) known.add(Object.getPrototypeOf(object) as object);
  return [...known];
}

/** Every instance of a class (not a plain object, array, Map, Set, Date or typed array) reachable from `roots`. */
function classInstances(roots: unknown[]): object[] {
  const seen = new Set<object>();
  const found: object[] = [];
  const stack = [...roots];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object') stack.push(item);
      continue;
    }
    if (value instanceof Map) {
      for (const [key, item] of value) stack.push(key, item);
      continue;
    }
    if (value instanceof Set) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) continue;
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) found.push(value);
    for (const item of Object.values(value)) if (typeof item === 'object') stack.push(item);
  }
  return found;
}

const FRESH = createViews() as unknown as Record<ViewName, Record<string, unknown>>;

/** The data of a view that a fresh one does not already have. */
function stateOf(name: ViewName, view: View): Record<string, unknown> {
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(view)) {
    if (typeof value === 'function' || value === FRESH[name][key]) continue;
    own[key] = value;
  }
  return own;
}

/** `state` and its class instances, serialized and gzipped. Throws on a class a snapshot cannot restore. */
async function encodeGraph(state: unknown): Promise<Buffer> {
  const instances = classInstances([state]);
  const classes = instances.map((object) => {
    const prototype = Object.getPrototypeOf(object) as { constructor: { name: string } };
    const index = CLASS_INDEX.get(prototype);
    if (index === undefined) throw new Error(`a view holds a ${prototype.constructor.name}, which a view snapshot cannot restore`);
    return index;
  });
  const encoded: EncodedGraph = { state, instances, classes };
  return gzipAsync(serialize(encoded));
}

/**
 * A blob of encodeGraph, gunzipped, decoded: its class instances given their prototypes back;
 * tables restored in chunks read them through the chunk cache.
 */
function decodeGraph(bytes: Uint8Array, what: string): unknown {
  const encoded = deserialize(bytes) as Partial<EncodedGraph>;
  if (encoded.state === undefined || !Array.isArray(encoded.instances) || !Array.isArray(encoded.classes) || encoded.instances.length !== encoded.classes.length) {
    throw new Error(`not a ${what} blob`);
  }
  const prototypes = encoded.classes.map((index) => {
    const prototype = KNOWN_CLASSES[index];
    if (!prototype) throw new Error(`unknown class ${index}`);
    return prototype;
  });
  encoded.instances.forEach((object, i) => {
    Object.setPrototypeOf(object, prototypes[i]!);
    if (object instanceof Chunks) object.read = readChunk;
  });
  return encoded.state;
}

/** A chunk of a table's values, encoded and gzipped (read back by ChunkCache). */
export const encodeTableChunk = (values: unknown[]): Promise<Buffer> => encodeGraph(values);

/**
 * One view, encoded and gzipped; its tables and lists of more than `chunk` objects in chunks (a
 * chunk restored and not changed since is its blob as read). Throws when it holds what a snapshot
 * cannot restore.
 */
export async function encodeView(name: ViewName, view: View, chunk = TABLE_CHUNK): Promise<Buffer> {
  const state = stateOf(name, view);
  for (const [key, value] of Object.entries(state)) {
    if (!(value instanceof RecordTable || value instanceof AppendOnlyList)) continue;
    const container = value as RecordTable<unknown> | AppendOnlyList<unknown>;
    const size = container.chunkSize ?? chunkSizeOf(container, chunk);
    if (size === null) continue;
    const blobs = await Promise.all(container.chunksToWrite(size).map((part) => ('blob' in part ? part.blob : encodeTableChunk(part.values))));
    state[key] = container.withChunks(new Chunks(size, blobs));
  }
  return encodeGraph(state);
}

/** Bytes (serialized) a chunk holds at most, so that decoding one stays a few milliseconds whatever its values. */
const CHUNK_BYTES = 128 * 1024;

/**
 * How many values a chunk of `container` holds: at most `most`, fewer when its values are big (a
 * version of the priority list holds the whole list), judged from a few of them; null when it is
 * not worth chunking: `most` values or fewer, or numbers and strings (an index of positions, a
 * successor's id), small and read to find the rest.
 */
export function chunkSizeOf(container: RecordTable<unknown> | AppendOnlyList<unknown>, most: number): number | null {
  if (container.size <= most) return null;
  const values = container.ordered();
  if (typeof values.at(0) !== 'object') return null;
  const samples = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => values.at(Math.floor(((values.length - 1) * i) / 7)));
  const bytes = serialize(samples).length / samples.length;
  return Math.max(1, Math.min(most, Math.floor(CHUNK_BYTES / bytes)));
}

/**
 * Chunks of restored tables decoded, the most recently read last, up to a budget of their rough
 * size in memory (three times their serialized bytes: a decision of 0.8 KB serialized is 2.6 KB of
 * heap): a process keeps the records it reads often, and a query that reads every record of a big
 * kind reads them again.
 */
export class ChunkCache {
  private readonly chunks = new Map<Uint8Array, { values: readonly unknown[]; bytes: number }>();
  private bytes = 0;
  /** Chunks decoded so far (a read not answered from the cache). */
  decoded = 0;

  constructor(private readonly budget: number) {}

  read(blob: Uint8Array): readonly unknown[] {
    const cached = this.chunks.get(blob);
    if (cached) {
      this.chunks.delete(blob);
      this.chunks.set(blob, cached);
      return cached.values;
    }
    const serialized = gunzipSync(blob);
    const values = decodeGraph(serialized, 'table chunk');
    if (!Array.isArray(values)) throw new Error('not a table chunk');
    this.decoded += 1;
    const bytes = serialized.byteLength * 3;
    this.chunks.set(blob, { values, bytes });
    this.bytes += bytes;
    for (const [oldest, { bytes }] of this.chunks) {
      if (this.bytes <= this.budget || oldest === blob) break;
      this.chunks.delete(oldest);
      this.bytes -= bytes;
    }
    return values;
  }
}

/** The process's chunk cache (128 MB of decoded records). */
export const chunkCache = new ChunkCache(128 * 2 ** 20);

const readChunk = (blob: Uint8Array): readonly unknown[] => chunkCache.read(blob);

/**
 * A snapshot's sections: the instants of positions 1..n and every view (or its blob, when it has
 * not changed since the snapshot it came from), each gzipped on its own.
 */
export async function encodeSections(views: Record<ViewName, View | Uint8Array>, instants: Float64Array, chunk = TABLE_CHUNK): Promise<Record<string, Uint8Array>> {
  const sections: Record<string, Uint8Array> = { [INSTANTS]: await gzipAsync(new Uint8Array(instants.buffer, instants.byteOffset, instants.byteLength)) };
  for (const name of Object.keys(FRESH) as ViewName[]) {
    const view = views[name];
    sections[name] = view instanceof Uint8Array ? view : await encodeView(name, view, chunk);
  }
  return sections;
}

/** The instants section decoded. */
export async function decodeInstants(section: Uint8Array): Promise<Float64Array> {
  const times = await gunzipAsync(section);
  if (times.byteLength % 8 !== 0) throw new Error('not an instants section');
  // A copy: the gunzipped buffer's offset need not be aligned for a Float64Array.
  const instants = new Float64Array(times.byteLength / 8);
  new Uint8Array(instants.buffer).set(times);
  return instants;
}

/**
 * A view decoded from its blob (synchronously: it runs when a request first reads the view); its
 * chunked tables read their chunks when first needed. Throws on anything it does not recognise.
 */
export function decodeView<N extends ViewName>(name: N, blob: Uint8Array): Views[N] {
  const state = decodeGraph(gunzipSync(blob), `${name} view`);
  if (typeof state !== 'object' || state === null) throw new Error(`not a ${name} view blob`);
  const view = createViews()[name];
  Object.assign(view, state);
  return view;
}

let fingerprint: string | null = null;

/**
 * What identifies the code that folds the views: in the Lambda bundle (one file), its bytes; run
 * from sources, the sources of domain/, events/ and api/ (a module here is a .ts file).
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256').update(`view-snapshot-format-${FORMAT}`);
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const root = fileURLToPath(new URL('..', import.meta.url));
    for (const dir of ['domain', 'events', 'api']) {
      const files = (readdirSync(join(root, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();
      for (const file of files) hash.update(`${dir}/${file}\0`).update(readFileSync(join(root, dir, file)));
    }
  } else {
    hash.update(readFileSync(here));
  }
  return (fingerprint = hash.digest('hex').slice(0, 16));
}

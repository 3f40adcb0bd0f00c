import { GraphQLError } from 'graphql';
import { createViews, type Views } from '../domain/registry.ts';
import type { RecordedEvent } from '../events/envelope.ts';
import { RecordsView } from '../domain/records-view.ts';
import { eventsOf, handles, LogCache, logUntil, type LogListener, type LogView } from '../events/log-cache.ts';
import { GENESIS_HASH } from '../events/integrity.ts';
import { codeFingerprint, decodeInstants, decodeView, encodeSections, INSTANTS, type StoredViewSnapshot, type ViewSnapshotSource } from './view-snapshots.ts';
import type { EventStore } from '../events/store.ts';
import { SearchIndex } from '../domain/search/search-index.ts';

type ViewName = keyof Views;
type View = Views[ViewName];

/** The read side: the log and the read models folded from it, now or as they stood at a position. */
export type ReadModels = { log: LogView; /** One index for every position: it filters by `log.position`. */ search: SearchIndex } & Views;

export interface LiveReadModels extends ReadModels {
  log: LogCache;
  /** The read models as they stood at `position` (at most the cache's position), every view readable. */
  at(position: number): Promise<ReadModels>;
  /**
   * The same, read lazily: a view that keeps its own history answers from it, a record read by id
   * is folded from its own stream, and anything else needs the fold from a checkpoint. Reading what
   * is not read yet throws NotLoaded: run the reader again once its `ready` settles (`retrying`).
   */
  past(position: number): ReadModels;
  /** Waits for the view snapshot being written, if any (tests, and a process about to exit). */
  flush(): Promise<void>;
  /**
   * Resolves once every view restored from a snapshot has its bytes in memory (at once without
   * one). Until then a live view a request reads may throw NotLoaded: code that cannot run again
   * (a mutation, the alert evaluator) awaits this first.
   */
  ready(): Promise<void>;
  /** Whether a view may still throw NotLoaded (some view's bytes are not read yet). */
  waiting(): boolean;
  /** The views restored from a snapshot that have been decoded so far (all of them, without a snapshot). */
  decoded(): ViewName[];
}

export interface TimeTravelOptions {
  /**
   * Every how many events (at least) a copy of every view is kept: a checkpoint. A past position
   * then costs, for each view a query reads, a copy of the nearest checkpoint before it (a memcpy
   * of its tables) and a fold of the events since. The spacing grows to 1/64 of the log as the log
   * grows, so checkpoints hold O(n log n) slots and a past position folds at most max(this, n/64)
   * events. Measured on the 100 000-event bench log: see BENCHMARKS.md (asof_p50_ms).
   */
  checkpointEvery?: number;
  /** Rough bytes the read models of answered past positions may hold, most recently asked kept. */
  answerCacheBytes?: number;
  /** Events the log cache holds in memory at most (see LogCacheOptions.maxEvents). */
  maxEvents?: number;
  /** Persisted view snapshots: restored at a cold start, written at checkpoints. */
  snapshots?: ViewSnapshotOptions;
}

export interface ViewSnapshotOptions {
  source: ViewSnapshotSource;
  /** A snapshot is written once the log is this many events past the last one (default 10 000). */
  every?: number;
  /** Records per chunk of a view's table in a snapshot (default TABLE_CHUNK, api/view-snapshots.ts). */
  tableChunk?: number;
  /** The code's fingerprint (default: codeFingerprint()); snapshots of another are not used. */
  fingerprint?: string;
  /** Snapshots are an optimisation: their failures are reported here and the log is folded instead. */
  onError?: (error: unknown, what: string) => void;
  /** Told what was restored or written, and how long it took (ms): for the logs. */
  onDone?: (what: 'restored' | 'written', position: number, bytes: number, ms: number) => void;
}

const CHECKPOINT_EVERY = 2000;
const ANSWER_CACHE_BYTES = 32 * 2 ** 20;
const SNAPSHOT_EVERY = 10_000;
/** Persisted views kept restored for past positions (each a whole copy of the views of its time). */
const RESTORED_CHECKPOINTS = 4;

/** The views as they stood after `position`: never applied to (copied before folding on). */
interface Checkpoint {
  position: number;
  /** hash of the event at `position` (GENESIS_HASH at 0). */
  hash: string;
  views: Views;
}

/**
 * Every read model, fed from one cached log and kept current as it catches up. Past positions are
 * answered from checkpoints taken while catching up: copies of every view every `checkpointEvery`
 * events, cheap because views never change a state they stored (see CopyableProjection). With
 * `snapshots`, a cold process first restores the latest persisted views whose position the log
 * confirms (same hash there) and folds only the events after it; checkpoints at least `every`
 * events apart are persisted in the background.
 */
export function createReadModels(store: EventStore, pageSize?: number, options: TimeTravelOptions = {}): LiveReadModels {
  const every = options.checkpointEvery ?? CHECKPOINT_EVERY;
  const snapshots = options.snapshots ? new SnapshotKeeper(options.snapshots, store) : null;
  const views = new LiveViews((): LogView => log, snapshots?.onError ?? (() => {}));
  const checkpoints: Checkpoint[] = [{ position: 0, hash: GENESIS_HASH, views: createViews() }];
  let nextCheckpoint = every;
  /** Until the first catch-up has restored views (or found none), any view may turn out to be unread. */
  let restoring = !!snapshots;
  /** False for good once every view's bytes are read (every resolver of every request asks). */
  let waiting = !!snapshots;
  /** The last event folded: where a snapshot taken now stands. */
  let head = { position: 0, hash: GENESIS_HASH };
  const checkpointer: LogListener = {
    apply(event) {
      head = { position: event.position, hash: event.hash };
      if (event.position < nextCheckpoint) return;
      checkpoints.push({ position: event.position, hash: event.hash, views: views.copy() });
      nextCheckpoint = event.position + Math.max(every, Math.floor(event.position / 64));
    },
  };
  const search: SearchIndex = new SearchIndex((): LogView => log);
  const log: LogCache = new LogCache(store, [...views.listeners, checkpointer, search], {
    pageSize,
    maxEvents: options.maxEvents,
    start: snapshots
      ? async () => {
          try {
            const restored = await snapshots.restore();
            if (!restored) return;
            log.startAt(restored.position, restored.instants);
            search.startAt(restored.position);
            views.restore(restored.position, restored.read);
            head = { position: restored.position, hash: restored.hash };
            checkpoints.push({ ...head, views: views.copy() });
            nextCheckpoint = restored.position + Math.max(every, Math.floor(restored.position / 64));
          } finally {
            // From here on views only ever get read: once none waits, none will again.
            restoring = false;
          }
        }
      : undefined,
    caughtUp: snapshots
      ? () => {
          if (!snapshots.due(head.position)) return;
          // A copy costs a memcpy of each view's tables; it is also the checkpoint for past positions near here.
          const checkpoint = { ...head, views: views.copy() };
          if (checkpoint.position > checkpoints.at(-1)!.position) checkpoints.push(checkpoint);
          snapshots.write(checkpoint, views.unchangedBlobs(), log.instants().subarray(0, checkpoint.position));
        }
      : undefined,
    settle: () => views.settled(),
  });
  const answers = new AnswerCache(options.answerCacheBytes ?? ANSWER_CACHE_BYTES);
  /** The checkpoint a fold for `position` starts from: the nearest held, or a persisted one nearer. */
  const checkpointFor = async (position: number): Promise<Checkpoint> => {
    const checkpoint = nearest(checkpoints, position);
    // Far from any checkpoint held (a process started from a snapshot holds none before it): a persisted one nearer.
    if (snapshots && position - checkpoint.position > snapshots.every) return (await snapshots.checkpointAt(position, checkpoint.position)) ?? checkpoint;
    return checkpoint;
  };
  const past = (position: number): PastAnswer => {
    let answer = answers.get(position);
    if (!answer) answers.set(position, (answer = new PastAnswer(log, position, search, (name) => views.get(name), checkpointFor)));
    return answer;
  };
  const live = {
    log,
    search,
    async at(position: number) {
      if (position >= log.position) return live;
      const answer = past(position);
      await answer.load();
      for (const name of VIEW_NAMES) await retrying(() => answer.models[name]);
      return answer.models;
    },
    past(position: number) {
      return position >= log.position ? live : past(position).models;
    },
    flush: async () => snapshots?.flush(),
    async ready() {
      if (restoring) await log.catchUp();
      await views.ready();
    },
    waiting: () => waiting && (waiting = restoring || views.waiting()),
    decoded: () => views.decoded(),
  } as LiveReadModels;
  // Every read of a view goes through its getter: the first one decodes it (see LiveViews).
  for (const name of VIEW_NAMES) Object.defineProperty(live, name, { enumerable: true, get: () => views.get(name) });
  return live;
}

const VIEW_NAMES = Object.keys(createViews()) as ViewName[];

/** Events a view not yet decoded keeps for its first read; past that many it is decoded (and folds them) on the spot. */
const MAX_PENDING_EVENTS = 10_000;

/**
 * The live views. Without a snapshot each is a view folded from the log. Restored from a
 * snapshot, each is first only its blob: the first read decodes it (the view as it stood at the
 * snapshot, kept unapplied as the checkpoint there) and folds the events of its types that came
 * since, which its listener kept meanwhile. A blob that fails to decode is reported once and the
 * view is folded from the log instead; until that fold is done, reading the view throws (a
 * request fails; it never sees a wrong state), and catching up waits for it.
 */
class LiveViews {
  private readonly slots: Record<ViewName, ViewSlot>;
  readonly listeners: LogListener[];

  constructor(log: () => LogView, onError: (error: unknown, what: string) => void) {
    const fresh = createViews();
    this.slots = {} as Record<ViewName, ViewSlot>;
    for (const name of VIEW_NAMES) this.slots[name] = new ViewSlot(name, fresh[name], log, onError);
    this.listeners = VIEW_NAMES.map((name) => this.slots[name].listener);
  }

  get<N extends ViewName>(name: N): Views[N] {
    return this.slots[name].live() as Views[N];
  }

  /** Every view as it stood at `position`, its bytes read by `read` when it is first read. */
  restore(position: number, read: (section: string) => Promise<Uint8Array>): void {
    for (const name of VIEW_NAMES) this.slots[name].restore(position, () => read(name));
  }

  async ready(): Promise<void> {
    await Promise.all(VIEW_NAMES.map((name) => this.slots[name].fetch()));
  }

  waiting(): boolean {
    return VIEW_NAMES.some((name) => !this.slots[name].isFetched());
  }

  /** The views as they stand now: copies of those decoded, the others decoded (and folded) when first read. */
  copy(): Views {
    const copies = {} as Views;
    for (const name of VIEW_NAMES) {
      const copy = this.slots[name].copy();
      if (typeof copy !== 'function') (copies as Record<ViewName, View>)[name] = copy;
      else defineOnce(copies, name, copy);
    }
    return copies;
  }

  /** The blobs of the views unchanged since the snapshot they came from (a new snapshot reuses them; those not read yet, once read). */
  unchangedBlobs(): Partial<Record<ViewName, Blob>> {
    const blobs: Partial<Record<ViewName, Blob>> = {};
    for (const name of VIEW_NAMES) {
      const blob = this.slots[name].unchangedBlob();
      if (blob) blobs[name] = blob;
    }
    return blobs;
  }

  decoded(): ViewName[] {
    return VIEW_NAMES.filter((name) => this.slots[name].isDecoded());
  }

  /** Waits for the folds from the log of views whose blob failed to decode. */
  async settled(): Promise<void> {
    await Promise.all(VIEW_NAMES.map((name) => this.slots[name].settled()));
  }
}

/** Defines `name` on `target` as a getter that computes its value once, on first read. */
function defineOnce<T extends object>(target: T, name: PropertyKey, compute: () => unknown): void {
  let value: unknown;
  let done = false;
  Object.defineProperty(target, name, {
    enumerable: true,
    get() {
      if (!done) {
        value = compute();
        done = true;
      }
      return value;
    },
  });
}

/** A view's blob, or its reading: null when it could not be read. */
type Blob = Uint8Array | Promise<Uint8Array | null>;

/** One live view: folded, or a snapshot's blob (read when first needed) and the events since (see LiveViews). */
class ViewSlot {
  /** The view, current with the log; null while it is only a blob. */
  private view: View | null;
  private blob: Uint8Array | null = null;
  /** Reads the blob from the snapshot (null: not restored, or read already). */
  private reader: (() => Promise<Uint8Array>) | null = null;
  private reading: Promise<void> | null = null;
  /** The view as it stood at the snapshot, decoded (never applied to: a checkpoint). */
  private restored: View | null = null;
  private snapshotPosition = 0;
  /** Events of the view's types since the snapshot, while it is not decoded (append-only: copies keep a prefix). */
  private pending: RecordedEvent[] = [];
  /** The blob failed to decode (reported once): the view is folded from the log instead. */
  private undecodable = false;
  /** That fold from the log, while it runs. */
  private refolding: Promise<void> | null = null;
  readonly listener: LogListener;

  constructor(
    private readonly name: ViewName,
    fresh: View,
    private readonly log: () => LogView,
    private readonly onError: (error: unknown, what: string) => void,
  ) {
    this.view = fresh;
    this.listener = {
      eventTypes: fresh.eventTypes,
      apply: (event) => {
        const view: LogListener | null = this.view;
        if (view) view.apply(event);
        else if (this.pending.push(event) >= MAX_PENDING_EVENTS && !this.refolding) {
          try {
            this.live();
          } catch {
            // Being folded from the log: decoded with the next event after that.
          }
        }
      },
    };
  }

  restore(position: number, read: () => Promise<Uint8Array>): void {
    this.view = null;
    this.reader = read;
    this.snapshotPosition = position;
  }

  isDecoded(): boolean {
    return this.view !== null;
  }

  /** Whether reading the view no longer waits for its bytes. */
  isFetched(): boolean {
    return this.view !== null || this.blob !== null || this.undecodable || !this.reader;
  }

  /** Reads the blob, if it is still to be read; a blob that cannot be read is a view to fold from the log (reported once). */
  fetch(): Promise<void> {
    if (this.isFetched()) return Promise.resolve();
    this.reading ??= this.reader!()
      .then(
        (blob) => {
          this.blob = blob;
        },
        (error: unknown) => {
          this.undecodable = true;
          this.onError(error, `reading the ${this.name} view of the view snapshot`);
        },
      )
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }

  unchangedBlob(): Blob | null {
    if (this.view || this.pending.length > 0) return null;
    return this.blob ?? (this.isFetched() ? null : this.fetch().then(() => this.blob));
  }

  /** The view, current: decoded and caught up the first time. */
  live(): View {
    if (this.view) return this.view;
    const view = this.caughtUp(this.pending);
    this.view = view;
    this.pending = [];
    this.blob = null;
    this.reader = null;
    return view;
  }

  /** A copy of the view as it stands now, or (not decoded yet) how to make one when first read. */
  copy(): View | (() => View) {
    if (this.view) return this.view.copy() as View;
    const pending = this.pending;
    const count = pending.length;
    return () => this.caughtUp(pending.slice(0, count));
  }

  /** A copy of the view as it stood at the snapshot, with `events` folded in. */
  private caughtUp(events: RecordedEvent[]): View {
    const view = this.atSnapshot().copy() as View;
    foldInto(view, events);
    return view;
  }

  /** The view as it stood at the snapshot (decoded once). */
  private atSnapshot(): View {
    if (this.restored) return this.restored;
    if (!this.refolding) {
      if (!this.undecodable) {
        if (!this.blob) throw new NotLoaded(this.fetch());
        try {
          return (this.restored = decodeView(this.name, this.blob!));
        } catch (error) {
          this.undecodable = true;
          this.onError(error, `decoding the ${this.name} view of the view snapshot`);
        }
      }
      this.refolding = this.refold().finally(() => {
        this.refolding = null;
      });
    }
    throw new GraphQLError(`The ${this.name} view is being folded from the log (its snapshot could not be decoded); retry shortly`, {
      extensions: { code: 'VIEW_REBUILDING', retryable: true },
    });
  }

  /** Folds the view from the log up to the snapshot, as the snapshot should have held it. */
  private async refold(): Promise<void> {
    try {
      const view: View = createViews()[this.name];
      const listener: LogListener = view;
      for await (const event of eventsOf(logUntil(this.log(), this.snapshotPosition))) if (handles(listener, event.type)) listener.apply(event);
      this.restored = view;
    } catch (error) {
      this.onError(error, `folding the ${this.name} view from the log`);
    }
  }

  /** Waits for a fold from the log under way (catching up waits for it, so requests after it see the view). */
  settled(): Promise<void> {
    return this.refolding ?? Promise.resolve();
  }
}

/** A snapshot restored at a cold start: where it stands, the instants up to there, and how to read each view. */
interface Restored {
  position: number;
  hash: string;
  instants: Float64Array;
  read: (section: string) => Promise<Uint8Array>;
}

/** Restores and persists view snapshots for one process. */
class SnapshotKeeper {
  readonly every: number;
  /** Snapshots restored for past positions, oldest asked first out. */
  private readonly restored: Checkpoint[] = [];
  private readonly fingerprint: string;
  readonly onError: (error: unknown, what: string) => void;
  /** Position of the newest snapshot known to be stored (restored or written). */
  private stored = 0;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly options: ViewSnapshotOptions,
    private readonly store: EventStore,
  ) {
    this.every = options.every ?? SNAPSHOT_EVERY;
    this.fingerprint = options.fingerprint ?? codeFingerprint();
    this.onError = options.onError ?? (() => {});
  }

  /** The latest usable snapshot with its instants (its views not read yet); null when there is none. */
  async restore(): Promise<Restored | null> {
    const started = performance.now();
    try {
      const stored = await this.options.source.latest(this.fingerprint);
      if (!stored) return null;
      // The instants are read while the log confirms the snapshot's position: one round trip, not two.
      const reading = stored.read(INSTANTS);
      reading.catch(() => {}); // awaited below, unless the log refuses the snapshot
      if (!(await this.confirms(stored))) return null;
      const section = await reading;
      const instants = await decodeInstants(section);
      if (instants.length !== stored.position) throw new Error(`${instants.length} instants for ${stored.position} positions`);
      this.stored = stored.position;
      this.options.onDone?.('restored', stored.position, section.length, performance.now() - started);
      return { position: stored.position, hash: stored.hash, instants, read: stored.read };
    } catch (error) {
      this.onError(error, 'restoring the view snapshot');
      return null;
    }
  }

  /**
   * The persisted views nearest before `position` (and after `after`), as a checkpoint for a past
   * position; the last few restored are kept (each view decoded when a query first reads it).
   */
  async checkpointAt(position: number, after: number): Promise<Checkpoint | null> {
    let best: Checkpoint | null = null;
    for (const checkpoint of this.restored) if (checkpoint.position <= position && checkpoint.position > (best?.position ?? after)) best = checkpoint;
    if (best && position - best.position <= this.every) return best;
    const loaded = await this.load(position);
    if (!loaded || loaded.position <= (best?.position ?? after)) return best;
    const views = {} as Views;
    for (const name of VIEW_NAMES) defineOnce(views, name, lazyView(name, loaded));
    const checkpoint = { position: loaded.position, hash: loaded.hash, views };
    this.restored.push(checkpoint);
    if (this.restored.length > RESTORED_CHECKPOINTS) this.restored.shift();
    return checkpoint;
  }

  /** The latest snapshot at or before `atOrBefore` whose position the log confirms; null when none (failures reported). */
  private async load(atOrBefore?: number): Promise<StoredViewSnapshot | null> {
    try {
      const snapshot = await this.options.source.latest(this.fingerprint, atOrBefore);
      return snapshot && (await this.confirms(snapshot)) ? snapshot : null;
    } catch (error) {
      this.onError(error, 'restoring the view snapshot');
      return null;
    }
  }

  /** Whether the log has the snapshot's hash at its position (a restored or foreign table's snapshot is not used). */
  private async confirms(snapshot: StoredViewSnapshot): Promise<boolean> {
    const [atPosition] = await this.store.readAll(snapshot.position - 1, 1, { raw: true });
    if (atPosition?.hash === snapshot.hash) return true;
    this.onError(new Error(`the log does not have the snapshot's hash at position ${snapshot.position}`), 'checking the view snapshot');
    return false;
  }

  /** Whether the log at `position` is far enough past the last stored snapshot to write another (and none is being written). */
  due(position: number): boolean {
    return !this.writing && position >= this.stored + this.every;
  }

  /**
   * Persists `checkpoint` after the current task (off the request's path): encoded, gzipped,
   * written in parts. The views in `unchanged` are their blobs as restored, reused as they are.
   */
  write(checkpoint: Checkpoint, unchanged: Partial<Record<ViewName, Blob>>, instants: Float64Array): void {
    this.writing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        const started = performance.now();
        const views = {} as Record<ViewName, View | Uint8Array>;
        // A view not read since the snapshot it came from is read now (its bytes are the new snapshot's).
        for (const name of VIEW_NAMES) views[name] = (await unchanged[name]) ?? (await retrying(() => checkpoint.views[name]));
        const sections = await encodeSections(views, instants, this.options.tableChunk);
        await this.options.source.write(this.fingerprint, { position: checkpoint.position, hash: checkpoint.hash, sections });
        this.stored = checkpoint.position;
        const bytes = Object.values(sections).reduce((sum, section) => sum + section.length, 0);
        this.options.onDone?.('written', checkpoint.position, bytes, performance.now() - started);
      })
      .catch((error: unknown) => this.onError(error, `writing the view snapshot at position ${checkpoint.position}`))
      .finally(() => {
        this.writing = null;
      });
  }

  async flush(): Promise<void> {
    await this.writing;
  }
}

/** A view of a stored snapshot for a past position: read when first needed, then decoded (NotLoaded until it is read). */
function lazyView(name: ViewName, snapshot: StoredViewSnapshot): () => View {
  let blob: Uint8Array | null = null;
  let reading: Promise<void> | null = null;
  return () => {
    if (blob) return decodeView(name, blob);
    reading ??= snapshot.read(name).then(
      (bytes) => {
        blob = bytes;
      },
      (error: unknown) => {
        reading = null;
        throw error;
      },
    );
    throw new NotLoaded(reading);
  };
}

/** The last checkpoint at or before `position` (checkpoints are in position order, the first at 0). */
function nearest(checkpoints: readonly Checkpoint[], position: number): Checkpoint {
  let low = 0;
  let high = checkpoints.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (checkpoints[middle]!.position <= position) low = middle;
    else high = middle - 1;
  }
  return checkpoints[low]!;
}

/** What a records view answers a record with (RecordsView, whatever its kind). */
interface RecordsByStream {
  readonly stream: string;
  get(id: string): unknown;
  changedAt(id: string): number | undefined;
  recordFrom(id: string, events: readonly RecordedEvent[]): unknown;
}

/**
 * Thrown by a read model when what a read needs is not read from the store yet (a past position's
 * stream or events, or a live view whose snapshot section is still to be read). Reads are
 * synchronous, so the reader is run again once `ready` settles (see `retrying`).
 */
export class NotLoaded extends Error {
  constructor(readonly ready: Promise<unknown>) {
    super('Part of the read models is being read from the store; run the read again once it is');
  }
}

/** More reruns than this means something keeps failing to load: stop with an error rather than loop. */
const MAX_RERUNS = 100;

/** Runs `read` (sync or async) and runs it again each time it meets NotLoaded, once what it waits for is read. */
export function retrying<T>(read: () => T, reruns = 0): T | Promise<Awaited<T>> {
  const again = (error: unknown): Promise<Awaited<T>> => {
    if (!(error instanceof NotLoaded) || reruns >= MAX_RERUNS) throw error;
    return error.ready.then(() => retrying(read, reruns + 1) as Awaited<T>);
  };
  let result: T;
  try {
    result = read();
  } catch (error) {
    return again(error);
  }
  return isPromise(result) ? (result.then(undefined, again) as Promise<Awaited<T>>) : result;
}

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * The read models over the log up to `position`: exactly the state folded from only those events,
 * each view built the first time it is read. A view that keeps its own history (`until`) answers
 * from the live one. Any other view is a copy of the nearest checkpoint folded on with the events
 * since, which `load()` reads (from memory, or the store for those the cache no longer holds).
 * Before that, a records view answers `get(id)` with the live record when it has not changed
 * since `position`, else by folding that record's own stream up to `position` (one stream read),
 * so a query that only follows ids never waits for the fold.
 */
class PastAnswer {
  readonly models: ReadModels;
  /** Rough bytes held by what was read and folded so far (grows as queries read more). */
  bytes = 0;
  private readonly log: LogView;
  private checkpoint: Checkpoint | null = null;
  /** The events after the checkpoint up to `position`, once read. */
  private events: RecordedEvent[] | null = null;
  private loading: Promise<void> | null = null;
  private readonly built = new Map<ViewName, View>();
  private readonly facades = new Map<ViewName, View>();
  /** Records folded from their own stream, by view and id, and the reads of those under way. */
  private readonly records = new Map<string, unknown>();
  private readonly reading = new Map<string, Promise<void>>();

  constructor(
    log: LogView,
    private readonly position: number,
    search: SearchIndex,
    private readonly live: (name: ViewName) => View,
    private readonly checkpointFor: (position: number) => Promise<Checkpoint>,
  ) {
    this.log = logUntil(log, position);
    this.models = { log: this.log, search } as ReadModels;
    for (const name of VIEW_NAMES) Object.defineProperty(this.models, name, { enumerable: true, get: () => this.view(name) });
  }

  /** Reads the events since the nearest checkpoint: every view is then built on first read. */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const checkpoint = await this.checkpointFor(this.position);
      const events: RecordedEvent[] = [];
      for await (const event of eventsOf(this.log, checkpoint.position)) events.push(event);
      this.bytes += events.length * BYTES_PER_EVENT_READ;
      this.checkpoint = checkpoint;
      this.events = events;
    })().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  private view(name: ViewName): View {
    let view = this.built.get(name);
    if (view) return view;
    const live = this.live(name) as View & { until?: (position: number) => View };
    if (live.until) view = live.until(this.position);
    else if (this.events) view = this.folded(name);
    else if (live instanceof RecordsView) return this.recordsOnly(name, live as unknown as RecordsByStream);
    else throw new NotLoaded(this.load());
    this.built.set(name, view);
    return view;
  }

  /** A copy of the checkpoint's view folded on with the events since (once loaded). */
  private folded(name: ViewName): View {
    if (!this.events) throw new NotLoaded(this.load());
    const view = this.checkpoint!.views[name].copy() as View;
    this.bytes += footprint(view) + foldInto(view, this.events) * BYTES_PER_FOLDED_EVENT;
    return view;
  }

  /** A records view before the fold: `get(id)` from the record's own stream, anything else waits for the fold. */
  private recordsOnly(name: ViewName, live: RecordsByStream): View {
    let facade = this.facades.get(name);
    if (facade) return facade;
    const byId = (id: string) => (this.events ? (this.view(name) as RecordsByStream).get(id) : this.record(name, live, id));
    facade = new Proxy(live, {
      get: (_target, property) => {
        if (property === 'get') return byId;
        if (!this.events) throw new NotLoaded(this.load());
        const view = this.view(name);
        const value: unknown = Reflect.get(view, property);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(view) : value;
      },
    }) as unknown as View;
    this.facades.set(name, facade);
    return facade;
  }

  private record(name: ViewName, live: RecordsByStream, id: string): unknown {
    // Not changed since (or never written up to now): as it is now, without a read.
    const changedAt = live.changedAt(id);
    if (changedAt === undefined) return undefined;
    if (changedAt <= this.position) return live.get(id);
    const key = `${name}\0${id}`;
    if (this.records.has(key)) return this.records.get(key);
    let reading = this.reading.get(key);
    if (!reading) {
      reading = this.log
        .stream(live.stream, id)
        .then((events) => {
          this.records.set(key, live.recordFrom(id, events));
          this.bytes += events.length * BYTES_PER_FOLDED_EVENT;
        })
        .finally(() => this.reading.delete(key));
      this.reading.set(key, reading);
    }
    throw new NotLoaded(reading);
  }
}

/** Applies the view's events among `events`; returns how many it applied. */
function foldInto(view: LogListener, events: readonly RecordedEvent[]): number {
  let applied = 0;
  for (const event of events) {
    if (handles(view, event.type)) {
      view.apply(event);
      applied += 1;
    }
  }
  return applied;
}

/** Rough bytes of an event an answer keeps to fold its views with. */
const BYTES_PER_EVENT_READ = 100;
/** Rough bytes per slot of a view's own tables and lists (the states in them are shared with the checkpoint). */
const BYTES_PER_SLOT = 16;
/** Rough bytes of the new state an applied event leaves behind. */
const BYTES_PER_FOLDED_EVENT = 400;

/** Rough bytes a copy of a view holds of its own: its tables and lists (anything with a size). */
function footprint(view: object): number {
  let slots = 0;
  for (const value of Object.values(view)) {
    const size: unknown = (value as { size?: unknown } | null)?.size;
    if (typeof size === 'number') slots += size;
  }
  return slots * BYTES_PER_SLOT;
}

/** Answers for past positions, most recently used kept, bounded by their rough size in bytes. */
class AnswerCache {
  private readonly answers = new Map<number, PastAnswer>();

  constructor(private readonly budget: number) {}

  get(position: number): PastAnswer | undefined {
    const answer = this.answers.get(position);
    if (answer) {
      this.answers.delete(position);
      this.answers.set(position, answer);
    }
    this.evict();
    return answer;
  }

  set(position: number, answer: PastAnswer): void {
    this.answers.set(position, answer);
    this.evict();
  }

  /** Drops the least recently used answers while over budget; the newest stays whatever its size. */
  private evict(): void {
    let total = 0;
    for (const answer of this.answers.values()) total += answer.bytes;
    for (const [position, answer] of this.answers) {
      if (total <= this.budget || this.answers.size === 1) return;
      this.answers.delete(position);
      total -= answer.bytes;
    }
  }
}

import { GraphQLError } from 'graphql';
import { createViews, type Views } from '../domain/registry.ts';
import type { RecordedEvent } from '../events/envelope.ts';
import { eventsOf, handles, LogCache, logUntil, type LogListener, type LogView } from '../events/log-cache.ts';
import { GENESIS_HASH } from '../events/integrity.ts';
import { codeFingerprint, decodeView, encodeViews, openViews, type OpenedSnapshot, type ViewSnapshotSource } from './view-snapshots.ts';
import type { EventStore } from '../events/store.ts';
import { SearchIndex } from '../domain/search/search-index.ts';

type ViewName = keyof Views;
type View = Views[ViewName];

/** The read side: the log and the read models folded from it, now or as they stood at a position. */
export type ReadModels = { log: LogView; /** One index for every position: it filters by `log.position`. */ search: SearchIndex } & Views;

export interface LiveReadModels extends ReadModels {
  log: LogCache;
  /** The read models as they stood at `position` (at most the cache's position). */
  at(position: number): Promise<ReadModels>;
  /** Waits for the view snapshot being written, if any (tests, and a process about to exit). */
  flush(): Promise<void>;
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
          const restored = await snapshots.restore();
          if (!restored) return;
          log.startAt(restored.position, restored.instants);
          search.startAt(restored.position);
          views.restore(restored.position, restored.views);
          head = { position: restored.position, hash: restored.hash };
          checkpoints.push({ ...head, views: views.copy() });
          nextCheckpoint = restored.position + Math.max(every, Math.floor(restored.position / 64));
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
  const live = {
    log,
    search,
    async at(position: number) {
      if (position >= log.position) return live;
      let answer = answers.get(position);
      if (!answer) {
        let checkpoint = nearest(checkpoints, position);
        // Far from any checkpoint held (a process started from a snapshot holds none before it): a persisted one nearer.
        if (snapshots && position - checkpoint.position > snapshots.every) checkpoint = (await snapshots.checkpointAt(position, checkpoint.position)) ?? checkpoint;
        answer = await foldedUntil(log, position, checkpoint, search);
        answers.set(position, answer);
      }
      return answer.models;
    },
    flush: async () => snapshots?.flush(),
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

  restore(position: number, blobs: Record<ViewName, Uint8Array>): void {
    for (const name of VIEW_NAMES) this.slots[name].restore(position, blobs[name]);
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

  /** The blobs of the views unchanged since the snapshot they came from (a new snapshot reuses them). */
  unchangedBlobs(): Partial<Record<ViewName, Uint8Array>> {
    const blobs: Partial<Record<ViewName, Uint8Array>> = {};
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

/** One live view: folded, or a snapshot's blob and the events since (see LiveViews). */
class ViewSlot {
  /** The view, current with the log; null while it is only a blob. */
  private view: View | null;
  private blob: Uint8Array | null = null;
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

  restore(position: number, blob: Uint8Array): void {
    this.view = null;
    this.blob = blob;
    this.snapshotPosition = position;
  }

  isDecoded(): boolean {
    return this.view !== null;
  }

  unchangedBlob(): Uint8Array | null {
    return !this.view && this.pending.length === 0 ? this.blob : null;
  }

  /** The view, current: decoded and caught up the first time. */
  live(): View {
    if (this.view) return this.view;
    const view = this.caughtUp(this.pending);
    this.view = view;
    this.pending = [];
    this.blob = null;
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

/** A snapshot opened: where it stands and each view's blob (its instants decoded on demand). */
interface Opened extends OpenedSnapshot {
  position: number;
  hash: string;
}

/** A snapshot restored at a cold start: opened, with the instants up to its position. */
interface Restored extends Omit<Opened, 'instants'> {
  instants: Float64Array;
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

  /** Opens the latest usable snapshot (its views not decoded); null when there is none. */
  async restore(): Promise<Restored | null> {
    const opened = await this.load();
    if (!opened) return null;
    try {
      const instants = await opened.instants();
      if (instants.length !== opened.position) throw new Error(`${instants.length} instants for ${opened.position} positions`);
      this.stored = opened.position;
      return { ...opened, instants };
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
    for (const name of Object.keys(loaded.views) as ViewName[]) defineOnce(views, name, () => decodeView(name, loaded.views[name]));
    const checkpoint = { position: loaded.position, hash: loaded.hash, views };
    this.restored.push(checkpoint);
    if (this.restored.length > RESTORED_CHECKPOINTS) this.restored.shift();
    return checkpoint;
  }

  /** The latest usable snapshot at or before `atOrBefore`, opened; null when none (failures reported). */
  private async load(atOrBefore?: number): Promise<Opened | null> {
    try {
      const started = performance.now();
      const snapshot = await this.options.source.latest(this.fingerprint, atOrBefore);
      if (!snapshot) return null;
      const [atPosition] = await this.store.readAll(snapshot.position - 1, 1, { raw: true });
      if (atPosition?.hash !== snapshot.hash) {
        this.onError(new Error(`the log does not have the snapshot's hash at position ${snapshot.position}`), 'checking the view snapshot');
        return null;
      }
      const opened = openViews(snapshot.data);
      this.options.onDone?.('restored', snapshot.position, snapshot.data.length, performance.now() - started);
      return { position: snapshot.position, hash: snapshot.hash, ...opened };
    } catch (error) {
      this.onError(error, 'restoring the view snapshot');
      return null;
    }
  }

  /** Whether the log at `position` is far enough past the last stored snapshot to write another (and none is being written). */
  due(position: number): boolean {
    return !this.writing && position >= this.stored + this.every;
  }

  /**
   * Persists `checkpoint` after the current task (off the request's path): encoded, gzipped,
   * written in parts. The views in `unchanged` are their blobs as restored, reused as they are.
   */
  write(checkpoint: Checkpoint, unchanged: Partial<Record<ViewName, Uint8Array>>, instants: Float64Array): void {
    this.writing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        const started = performance.now();
        const views = {} as Record<ViewName, View | Uint8Array>;
        for (const name of VIEW_NAMES) views[name] = unchanged[name] ?? checkpoint.views[name];
        const data = await encodeViews(views, instants);
        await this.options.source.write(this.fingerprint, { position: checkpoint.position, hash: checkpoint.hash, data });
        this.stored = checkpoint.position;
        this.options.onDone?.('written', checkpoint.position, data.length, performance.now() - started);
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

interface Answer {
  models: ReadModels;
  /** Rough bytes held by the views folded so far (grows as a query reads more of them). */
  bytes: number;
}

/**
 * Read models over the log up to `position`: exactly the state folded from only those events.
 * The events since the checkpoint are read first (from memory, or the store for those the cache
 * no longer holds); each view is a copy of the checkpoint's, folded on with them the first time
 * it is read, so a query pays only for the views it reads.
 */
async function foldedUntil(log: LogView, position: number, checkpoint: Checkpoint, search: SearchIndex): Promise<Answer> {
  const events: RecordedEvent[] = [];
  for await (const event of eventsOf(logUntil(log, position), checkpoint.position)) events.push(event);
  const bounded = logUntil(log, position);
  const answer: Answer = { models: { log: bounded, search } as ReadModels, bytes: events.length * BYTES_PER_EVENT_READ };
  for (const name of Object.keys(checkpoint.views) as ViewName[]) {
    let view: Views[ViewName] | null = null;
    Object.defineProperty(answer.models, name, {
      enumerable: true,
      get() {
        if (!view) {
          view = checkpoint.views[name].copy();
          answer.bytes += footprint(view) + foldInto(view, events) * BYTES_PER_FOLDED_EVENT;
        }
        return view;
      },
    });
  }
  return answer;
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
  private readonly answers = new Map<number, Answer>();

  constructor(private readonly budget: number) {}

  get(position: number): Answer | undefined {
    const answer = this.answers.get(position);
    if (answer) {
      this.answers.delete(position);
      this.answers.set(position, answer);
    }
    this.evict();
    return answer;
  }

  set(position: number, answer: Answer): void {
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

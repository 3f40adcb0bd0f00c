import type { AnyEvent, RecordedEvent } from './envelope.ts';
import type { EventStore } from './store.ts';

/** Something kept current with the log: it sees every event of the types it handles once, in order. */
export interface LogListener<E extends AnyEvent = AnyEvent> {
  /** The event types it handles: the log hands it only those. Without: every event. */
  readonly eventTypes?: readonly E['type'][];
  apply(event: RecordedEvent<E>): void;
}

/**
 * Read access to the log up to some position: the whole log, or the log as it was at a point in
 * time. Reads are async: events the process does not hold are read from the store on demand.
 */
export interface LogView {
  /** Last position in view. */
  readonly position: number;
  at(position: number): Promise<RecordedEvent | undefined>;
  /** Up to `limit` events after position `after`, in order (never past `position`). */
  range(after: number, limit: number): Promise<RecordedEvent[]>;
  /** Events of one stream in version order. */
  stream(kind: string, id: string): Promise<readonly RecordedEvent[]>;
  /** When the event at `position` was recorded, in ms since the epoch (every position is known: 8 bytes each). */
  recordedAt(position: number): number;
}

export interface LogCacheOptions {
  /** Events per query when catching up (default 1000). */
  pageSize?: number;
  /**
   * At most this many events are held in memory (the newest; default 100 000). Older ones are read
   * from the store when asked for: a history, an audit trail page, a fold for a past position.
   */
  maxEvents?: number;
  /** Events of the streams read from the store that the cache keeps current (default 20 000; see LogCache.readStreams). */
  keptStreamEvents?: number;
  /** Runs once before the first catch-up reads anything (a restore of persisted views, which then calls startAt). */
  start?: () => Promise<void>;
  /** Called after each catch-up (a chance to persist what was folded). */
  caughtUp?: () => void;
  /** Awaited at the end of each catch-up: work the listeners still do before they can be read (a view folded anew). */
  settle?: () => Promise<void>;
}

const MAX_EVENTS = 100_000;
const KEPT_STREAM_EVENTS = 20_000;

/**
 * The immutable log, caught up from the store with one consistent query from the last known
 * position. Listeners (read models) see every event once, in order. It holds the newest events
 * (at most `maxEvents`) and the instant of every position; the rest is read from the store on
 * demand. A process that starts from persisted views (api/view-snapshots.ts) starts the log at
 * their position with `startAt`: the events before it were never read.
 */
export class LogCache implements LogView {
  /** Events at positions held+1..position (the newest, at most maxEvents). */
  private events: RecordedEvent[] = [];
  /** Last position not held in memory. */
  private dropped = 0;
  /** recordedAt (ms) of positions 1..position, at index position-1. */
  private times = new Float64Array(1024);
  /**
   * Events of each held stream, by kind, then id: built on the first stream() call, then kept
   * current. Only while the whole log is held; afterwards histories are read from the store.
   */
  private streams: Map<string, Map<string, RecordedEvent[]>> | null = null;
  /**
   * Streams read from the store once the log is no longer held whole, kept current as events
   * arrive: the least recently read first out past `keptStreamEvents` events in all (a record
   * asked for at one point of time is likely asked for at the next).
   */
  private readonly readStreams = new Map<string, RecordedEvent[]>();
  private readStreamEvents = 0;
  /** The listeners of each event type seen so far, in the order given. */
  private readonly listenersByType = new Map<string, LogListener[]>();
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private readonly pageSize: number;
  private readonly maxEvents: number;
  private started: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly listeners: LogListener[] = [],
    private readonly options: LogCacheOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 1000;
    this.maxEvents = Math.max(1, options.maxEvents ?? MAX_EVENTS);
  }

  get position(): number {
    return this.dropped + this.events.length;
  }

  /** How many events the cache holds in memory (at most maxEvents). */
  get held(): number {
    return this.events.length;
  }

  /**
   * Starts an empty cache at `position`, whose events the listeners have already seen (they were
   * restored from a snapshot); `times` is recordedAt (ms) of positions 1..position.
   */
  startAt(position: number, times: Float64Array): void {
    if (this.position !== 0) throw new Error('startAt: the log cache has already read events');
    if (times.length < position) throw new Error(`startAt: ${times.length} instants for ${position} positions`);
    this.dropped = position;
    this.times = new Float64Array(Math.max(1024, position * 2));
    this.times.set(times.subarray(0, position));
  }

  /** recordedAt (ms) of positions 1..position: what a view snapshot keeps of the log. */
  instants(): Float64Array {
    return this.times.slice(0, this.position);
  }

  /**
   * Brings the cache up to everything committed before the call. Calls that arrive while a
   * catch-up runs share the next one, so a burst of reads costs two queries, not one each.
   */
  catchUp(): Promise<void> {
    if (this.queued) return this.queued;
    const start = (): Promise<void> => {
      this.queued = null;
      this.running = this.pull().finally(() => {
        this.running = null;
      });
      return this.running;
    };
    if (!this.running) return start();
    this.queued = this.running.then(start, start);
    return this.queued;
  }

  /** Adds events this process just appended, when they follow on directly; otherwise the next catch-up reads them. */
  offer(events: RecordedEvent[]): void {
    if (events[0]?.position === this.position + 1) for (const event of events) this.add(event);
  }

  private async pull(): Promise<void> {
    await (this.started ??= this.options.start?.() ?? Promise.resolve());
    for (;;) {
      const page = await this.store.readAll(this.position, this.pageSize);
      for (const event of page) if (event.position === this.position + 1) this.add(event);
      if (page.length < this.pageSize) break;
    }
    this.options.caughtUp?.();
    await this.options.settle?.();
  }

  private add(event: RecordedEvent): void {
    if (this.events.length >= this.maxEvents) {
      // Drop the oldest tenth at once: one copy of the array per maxEvents/10 events, not one per event.
      const drop = Math.ceil(this.maxEvents / 10);
      this.events = this.events.slice(drop);
      this.dropped += drop;
      this.streams = null;
    }
    const index = this.position;
    if (index >= this.times.length) {
      const grown = new Float64Array(this.times.length * 2);
      grown.set(this.times);
      this.times = grown;
    }
    this.times[index] = Date.parse(event.recordedAt);
    this.events.push(event);
    if (this.streams) indexStream(this.streams, event);
    if (this.readStreams.size) {
      const read = this.readStreams.get(streamCacheKey(event.stream.kind, event.stream.id));
      if (read) {
        read.push(event);
        this.readStreamEvents += 1;
      }
    }
    let listeners = this.listenersByType.get(event.type);
    if (!listeners) {
      listeners = this.listeners.filter((l) => handles(l, event.type));
      this.listenersByType.set(event.type, listeners);
    }
    for (const listener of listeners) listener.apply(event);
  }

  /** The event at a global position, if the cache has reached it. */
  async at(position: number): Promise<RecordedEvent | undefined> {
    if (position > this.dropped) return this.events[position - this.dropped - 1];
    if (position < 1) return undefined;
    return (await this.store.readAll(position - 1, 1))[0];
  }

  async range(after: number, limit: number): Promise<RecordedEvent[]> {
    const from = Math.max(after, 0);
    const count = Math.max(0, Math.min(limit, this.position - from));
    if (count === 0) return [];
    const held = this.dropped;
    if (from >= held) return this.events.slice(from - held, from - held + count);
    // The part before the held events from the store (they may have been dropped meanwhile: the store has them all).
    const stored = await this.store.readAll(from, Math.min(count, held - from));
    const rest = count - stored.length;
    return rest > 0 ? stored.concat(await this.range(from + stored.length, rest)) : stored;
  }

  async stream(kind: string, id: string): Promise<readonly RecordedEvent[]> {
    if (this.dropped > 0) {
      const key = streamCacheKey(kind, id);
      const kept = this.readStreams.get(key);
      if (kept) {
        this.readStreams.delete(key);
        this.readStreams.set(key, kept);
        return kept.slice();
      }
      const before = this.position;
      // Read up to what the cache has reached: a history never shows events the views have not seen.
      const stream = upTo(await this.store.readStream({ kind, id }), this.position);
      // Kept only when no event arrived during the read: from here on, add() keeps it current.
      if (this.position === before && !this.readStreams.has(key)) this.keepStream(key, stream.slice());
      return stream;
    }
    if (!this.streams) {
      this.streams = new Map();
      for (const event of this.events) indexStream(this.streams, event);
    }
    return this.streams.get(kind)?.get(id) ?? [];
  }

  private keepStream(key: string, stream: RecordedEvent[]): void {
    this.readStreams.set(key, stream);
    this.readStreamEvents += stream.length;
    for (const [oldest, events] of this.readStreams) {
      if (this.readStreamEvents <= (this.options.keptStreamEvents ?? KEPT_STREAM_EVENTS) || this.readStreams.size === 1) break;
      this.readStreams.delete(oldest);
      this.readStreamEvents -= events.length;
    }
  }

  recordedAt(position: number): number {
    return position >= 1 && position <= this.position ? this.times[position - 1]! : Number.NaN;
  }
}

const streamCacheKey = (kind: string, id: string): string => `${kind}\0${id}`;

/** Whether a listener handles events of `type`. */
export const handles = (listener: LogListener, type: string): boolean => !listener.eventTypes || listener.eventTypes.includes(type);

function indexStream(streams: Map<string, Map<string, RecordedEvent[]>>, event: RecordedEvent): void {
  const { kind, id } = event.stream;
  let ofKind = streams.get(kind);
  if (!ofKind) streams.set(kind, (ofKind = new Map()));
  const stream = ofKind.get(id);
  if (stream) stream.push(event);
  else ofKind.set(id, [event]);
}

/** The events of a stream (in version order) at or before log position `end`; the same array when all are. */
function upTo(stream: readonly RecordedEvent[], end: number): readonly RecordedEvent[] {
  let count = stream.length;
  while (count > 0 && stream[count - 1]!.position > end) count -= 1;
  return count === stream.length ? stream : stream.slice(0, count);
}

/** The log as it stood at `position`: only events at or before it. */
export function logUntil(log: LogView, position: number): LogView {
  const end = Math.min(Math.max(position, 0), log.position);
  return {
    position: end,
    at: async (p) => (p <= end ? log.at(p) : undefined),
    range: (after, limit) => log.range(after, Math.min(limit, end - after)),
    stream: async (kind, id) => upTo(await log.stream(kind, id), end),
    recordedAt: (p) => (p <= end ? log.recordedAt(p) : Number.NaN),
  };
}

/** The last position recorded at or before `time` (ISO 8601): the state of the log at that instant. */
export function positionAt(log: LogView, time: string): number {
  const instant = Date.parse(time);
  // recordedAt follows commit order up to clock skew between writers, so search from the end.
  let position = log.position;
  while (position > 0 && log.recordedAt(position) > instant) position -= 1;
  return position;
}

/** Every event of the log from position `after` on, page by page (for whole-log work: search, exports). */
export async function* eventsOf(log: LogView, after = 0, pageSize = 1000): AsyncGenerator<RecordedEvent> {
  for (let position = after; position < log.position; ) {
    const page = await log.range(position, pageSize);
    if (page.length === 0) return;
    for (const event of page) yield event;
    position = page[page.length - 1]!.position;
  }
}

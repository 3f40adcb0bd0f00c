import type { AppendMeta, AppendResult, ExpectedVersion, NewEvent, RecordedEvent, StreamRef } from './envelope.ts';
import { GENESIS_HASH } from './integrity.ts';
import type { EventRegistry } from './registry.ts';
import type { EventStore, ReadOptions } from './store.ts';
import { ReadsFrom } from './forwarding-store.ts';

/** A run of the log, positions from..to, kept outside the events table. */
export interface LogChunk {
  from: number;
  to: number;
  /** previousHash of the event at `from`. */
  previousHash: string;
  /** hash of the event at `to`. */
  lastHash: string;
  /** The raw events (stored schema versions), read and decoded on demand. */
  events(): Promise<RecordedEvent[]>;
}

/** Where chunks of the log are kept (a disposable table in DynamoDB). */
export interface LogSnapshotSource {
  /** Every complete chunk, in position order (two writers' chunks may start at the same position). */
  chunks(): Promise<LogChunk[]>;
  write(events: readonly RecordedEvent[]): Promise<void>;
}

export interface SnapshottedStoreOptions {
  /** Events per chunk written (default 5000). */
  chunkEvents?: number;
  /** Snapshots are an optimisation: their failures are reported here and the log is read instead. */
  onError?: (error: unknown, what: string) => void;
}

/**
 * The event store with `readAll` served from snapshots of the log where they cover it, so a cold
 * process catches up from a few compressed chunks and reads only the tail from the events table.
 * Everything else goes to the events table. A chunk is used only as part of an unbroken run from
 * position 1 whose last hash matches the event at that position in the log itself; events this
 * process reads or appends past the covered run become the next chunk once there are enough.
 */
export class SnapshottedEventStore extends ReadsFrom {
  private readonly chunkEvents: number;
  private readonly onError: (error: unknown, what: string) => void;
  /** The usable chunks, listed on the first readAll of more than one event. */
  private chunks: Promise<LogChunk[]> | null = null;
  private loaded = false;
  /** Last position the chunks loaded for reading cover. */
  private readable = 0;
  /** Last position the stored chunks cover: the next chunk starts after it. */
  private covered = 0;
  /** False once a write failed: no more collecting for this process. */
  private writable = true;
  /** Raw events just past `covered`, in order, waiting to become chunks. */
  private pending: RecordedEvent[] = [];
  private writing: Promise<void> | null = null;
  /** The chunk being read, decoded once. */
  private decoded: { chunk: LogChunk; events: RecordedEvent[] } | null = null;

  constructor(
    private readonly inner: EventStore,
    private readonly snapshots: LogSnapshotSource,
    private readonly registry: EventRegistry,
    options: SnapshottedStoreOptions = {},
  ) {
    super(inner);
    this.chunkEvents = options.chunkEvents ?? 5000;
    this.onError = options.onError ?? (() => {});
  }

  async append(stream: StreamRef, expectedVersion: ExpectedVersion, events: NewEvent[], meta: AppendMeta): Promise<AppendResult> {
    const result = await this.inner.append(stream, expectedVersion, events, meta);
    // An append stores its payloads as they are: they are the raw form.
    this.remember(result.events);
    return result;
  }

  override async readAll(afterPosition: number, limit = Number.POSITIVE_INFINITY, options: ReadOptions = {}): Promise<RecordedEvent[]> {
    if (limit === 1 && !this.loaded) {
      // One event (a cold start's check of a view snapshot's position) costs the same from the log
      // itself: it does not wait for the chunks' listing, which starts meanwhile.
      this.load().catch(() => {});
      return this.inner.readAll(afterPosition, 1, options);
    }
    const chunks = await this.load();
    const page: RecordedEvent[] = [];
    let after = afterPosition;
    while (page.length < limit && after < this.readable) {
      const events = await this.eventsOfChunkAt(chunks, after + 1);
      if (!events) {
        // A chunk that does not decode to its run: the log from here on, and a new chunk for it.
        this.readable = this.covered = after;
        this.pending = [];
        break;
      }
      const start = after + 1 - events[0]!.position;
      const taken = events.slice(start, start + (limit - page.length));
      for (const event of taken) page.push(options.raw ? event : this.registry.upcast(event));
      after = taken[taken.length - 1]!.position;
    }
    if (page.length < limit) {
      const rest = await this.inner.readAll(after, limit - page.length, { raw: true });
      this.remember(rest);
      for (const event of rest) page.push(options.raw ? event : this.registry.upcast(event));
    }
    return page;
  }

  /** The usable chunks, listed once (again after a failure). */
  private load(): Promise<LogChunk[]> {
    this.chunks ??= this.loadChunks().catch((error: unknown) => {
      this.chunks = null;
      throw error;
    });
    return this.chunks;
  }

  /** Waits for the chunk being written, if any (tests, and a process about to exit). */
  async flush(): Promise<void> {
    await this.writing;
  }

  /** The decoded events of the chunk holding `position`, checked to be exactly its run of the chain. */
  private async eventsOfChunkAt(chunks: LogChunk[], position: number): Promise<RecordedEvent[] | undefined> {
    if (this.decoded && this.decoded.chunk.from <= position && position <= this.decoded.chunk.to) return this.decoded.events;
    this.decoded = null;
    const chunk = chunks.find((c) => c.from <= position && position <= c.to);
    if (!chunk) return undefined;
    try {
      const events = await chunk.events();
      let hash = chunk.previousHash;
      for (const [i, event] of events.entries()) {
        if (event.position !== chunk.from + i || event.previousHash !== hash) throw new Error(`position ${chunk.from + i} breaks the chain`);
        hash = event.hash;
      }
      if (events.length !== chunk.to - chunk.from + 1 || hash !== chunk.lastHash) throw new Error('the events do not end where the chunk says');
      this.decoded = { chunk, events };
      return events;
    } catch (error) {
      this.onError(error, `decoding the log snapshot from position ${chunk.from}`);
      return undefined;
    }
  }

  /**
   * The unbroken run of chunks from position 1, each continuing the chain of the one before and
   * the last agreeing with the log itself; none if the log disagrees (say, a restored table).
   */
  private async loadChunks(): Promise<LogChunk[]> {
    let stored: LogChunk[] = [];
    try {
      stored = await this.snapshots.chunks();
    } catch (error) {
      this.onError(error, 'reading the log snapshots');
    }
    const run: LogChunk[] = [];
    let end = 0;
    let hash = GENESIS_HASH;
    // Of chunks starting at the same position (say, from before a restore), the one that continues the chain.
    for (const chunk of stored) {
      if (chunk.from !== end + 1 || chunk.previousHash !== hash) continue;
      run.push(chunk);
      end = chunk.to;
      hash = chunk.lastHash;
    }
    if (end > 0) {
      const [atEnd] = await this.inner.readAll(end - 1, 1, { raw: true });
      if (atEnd?.hash !== hash) {
        this.onError(new Error(`the log does not have the snapshots' hash at position ${end}`), 'checking the log snapshots');
        run.length = 0;
        end = 0;
      }
    }
    this.readable = this.covered = end;
    this.loaded = true;
    return run;
  }

  /** Keeps events that continue the covered run (directly or after the pending ones); writes chunks once there are enough. */
  private remember(events: readonly RecordedEvent[]): void {
    if (!this.loaded || !this.writable) return; // not loaded: where the covered run ends is not known yet
    const next = (this.pending.at(-1)?.position ?? this.covered) + 1;
    const from = events.findIndex((e) => e.position === next);
    if (from < 0) return;
    for (let i = from; i < events.length && events[i]!.position === next + i - from; i += 1) this.pending.push(events[i]!);
    if (this.pending.length >= this.chunkEvents) this.writing ??= this.writeChunks();
  }

  private async writeChunks(): Promise<void> {
    try {
      while (this.pending.length >= this.chunkEvents) {
        const chunk = this.pending.slice(0, this.chunkEvents);
        await this.snapshots.write(chunk);
        this.covered = chunk[chunk.length - 1]!.position;
        this.pending = this.pending.slice(chunk.length);
      }
    } catch (error) {
      this.onError(error, 'writing a log snapshot');
      this.writable = false;
      this.pending = [];
    } finally {
      this.writing = null;
    }
  }
}

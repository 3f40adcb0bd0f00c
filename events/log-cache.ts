import type { AnyEvent, RecordedEvent } from './envelope.ts';
import type { EventStore } from './store.ts';

/** Something kept current with the log: it sees every event of the types it handles once, in order. */
export interface LogListener<E extends AnyEvent = AnyEvent> {
  /** The event types it handles: the log hands it only those. Without: every event. */
  readonly eventTypes?: readonly E['type'][];
  apply(event: RecordedEvent<E>): void;
}

/** Read access to the log up to some position: the whole cache, or the log as it was at a point in time. */
export interface LogView {
  /** Last position in view. */
  readonly position: number;
  at(position: number): RecordedEvent | undefined;
  all(): readonly RecordedEvent[];
  stream(kind: string, id: string): readonly RecordedEvent[];
}

/**
 * The immutable log, held in memory and caught up from the store with one consistent query
 * from the last known position. Listeners (read models) see every event once, in order.
 */
export class LogCache implements LogView {
  private readonly events: RecordedEvent[] = [];
  /**
   * Events of each stream, by kind, then id: built on the first stream() call, then kept current.
   * A catch-up (a cold start's, above all) does not pay for it until a history is asked for.
   */
  private streams: Map<string, Map<string, RecordedEvent[]>> | null = null;
  /** The listeners of each event type seen so far, in the order given. */
  private readonly listenersByType = new Map<string, LogListener[]>();
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly listeners: LogListener[] = [],
    private readonly pageSize = 1000,
  ) {}

  get position(): number {
    return this.events.length;
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
    for (;;) {
      const page = await this.store.readAll(this.position, this.pageSize);
      for (const event of page) if (event.position === this.position + 1) this.add(event);
      if (page.length < this.pageSize) return;
    }
  }

  private add(event: RecordedEvent): void {
    this.events.push(event);
    if (this.streams) indexStream(this.streams, event);
    let listeners = this.listenersByType.get(event.type);
    if (!listeners) {
      listeners = this.listeners.filter((l) => handles(l, event.type));
      this.listenersByType.set(event.type, listeners);
    }
    for (const listener of listeners) listener.apply(event);
  }

  /** The event at a global position, if the cache has reached it. */
  at(position: number): RecordedEvent | undefined {
    return this.events[position - 1];
  }

  /** All events in global order (read-only view). */
  all(): readonly RecordedEvent[] {
    return this.events;
  }

  /** Events of one stream in version order. */
  stream(kind: string, id: string): readonly RecordedEvent[] {
    if (!this.streams) {
      this.streams = new Map();
      for (const event of this.events) indexStream(this.streams, event);
    }
    return this.streams.get(kind)?.get(id) ?? [];
  }
}

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

/** The log as it stood at `position`: only events at or before it. */
export function logUntil(log: LogView, position: number): LogView {
  const end = Math.min(Math.max(position, 0), log.position);
  let events: readonly RecordedEvent[] | null = null;
  return {
    position: end,
    at: (p) => (p <= end ? log.at(p) : undefined),
    // Copied only when asked for: most queries at a past position read a few streams, not the whole log.
    all: () => (events ??= log.all().slice(0, end)),
    stream: (kind, id) => {
      const stream = log.stream(kind, id);
      let count = stream.length;
      while (count > 0 && stream[count - 1]!.position > end) count -= 1;
      return count === stream.length ? stream : stream.slice(0, count);
    },
  };
}

/** The last position recorded at or before `time` (ISO 8601): the state of the log at that instant. */
export function positionAt(log: LogView, time: string): number {
  const events = log.all();
  // recordedAt follows commit order up to clock skew between writers, so search from the end.
  let position = events.length;
  while (position > 0 && events[position - 1]!.recordedAt > time) position -= 1;
  return position;
}

import { streamKey, type RecordedEvent } from './envelope.ts';
import type { EventStore } from './store.ts';

export interface LogListener {
  apply(event: RecordedEvent): void;
}

/**
 * The immutable log, held in memory and caught up from the store with one consistent query
 * from the last known position. Listeners (read models) see every event once, in order.
 */
export class LogCache {
  private readonly events: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
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
    const key = streamKey(event.stream);
    const stream = this.streams.get(key);
    if (stream) stream.push(event);
    else this.streams.set(key, [event]);
    for (const listener of this.listeners) listener.apply(event);
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
    return this.streams.get(`${kind}#${id}`) ?? [];
  }
}

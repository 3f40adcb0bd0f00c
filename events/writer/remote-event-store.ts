import type { AppendMeta, AppendResult, ExpectedVersion, NewEvent, StreamRef } from '../envelope.ts';
import { StoreUnavailableError } from '../errors.ts';
import { ReadsFrom } from '../forwarding-store.ts';
import type { EventRegistry } from '../registry.ts';
import { prepareAppend, type EventStore } from '../store.ts';
import { deserializeError, type AppendRequest, type WriterResponse } from './protocol.ts';

/**
 * How the API reaches its organisation's writer. `send` throws WriterNotReachedError when the
 * request certainly did not reach it (refused connection, throttled invoke): nothing was written.
 * Any other throw means it may have been handled.
 */
export interface WriterTransport {
  /** `body` is a WriterRequest as JSON (each append serialized once, when it was queued). */
  send(body: string): Promise<WriterResponse>;
  /** Requests it lets be in flight at once (a writer Lambda of reserved concurrency 1: one). */
  readonly maxInFlight: number;
  /** The largest body it can carry (a synchronous Lambda invoke: 6 MB); a batch stops below it. */
  readonly maxRequestBytes?: number;
  close?(): void;
}

/** A WriterRequest's JSON from its appends' JSON. */
export const writerRequestBody = (appends: string[]): string => `{"appends":[${appends.join(',')}]}`;

/** The request did not reach the writer: nothing of it was written. */
export class WriterNotReachedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WriterNotReachedError';
  }
}

export interface RemoteEventStoreOptions {
  /** Reads (and, as the fallback, writes) straight from the events table. */
  local: EventStore;
  transport: WriterTransport;
  registry: EventRegistry;
  /**
   * When the writer cannot be reached, append through `local` instead: this process then writes
   * like a second writer, which the feed items' conditions keep correct (gapless, chained, one
   * winner per position), only slower under contention. Default true.
   */
  fallback?: boolean;
  onFallback?: (error: unknown) => void;
}

interface Pending {
  request: AppendRequest;
  /** The request as JSON, and its length in UTF-8 bytes. */
  json: string;
  bytes: number;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/**
 * The EventStore of an API process that is not its organisation's writer: appends go to the
 * single writer (which group-commits them with every other process's), reads go to DynamoDB.
 * Appends that queue while `maxInFlight` requests are out go together in the next one.
 */
export class RemoteEventStore extends ReadsFrom {
  private readonly local: EventStore;
  private readonly transport: WriterTransport;
  private readonly registry: EventRegistry;
  private readonly fallback: boolean;
  private readonly onFallback: (error: unknown) => void;
  private queue: Pending[] = [];
  private inFlight = 0;

  constructor(options: RemoteEventStoreOptions) {
    super(options.local);
    this.local = options.local;
    this.transport = options.transport;
    this.registry = options.registry;
    this.fallback = options.fallback ?? true;
    this.onFallback = options.onFallback ?? (() => {});
  }

  async append(stream: StreamRef, expectedVersion: ExpectedVersion, events: NewEvent[], meta: AppendMeta): Promise<AppendResult> {
    // The same checks here as in the writer: bad input is answered without a round trip.
    prepareAppend(this.registry, stream, expectedVersion, events, meta);
    const request: AppendRequest = { stream, expectedVersion, events, meta };
    const json = JSON.stringify(request);
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ request, json, bytes: Buffer.byteLength(json), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.transport.maxInFlight) {
      const batch = this.transport.maxInFlight === 1 ? this.takeUpTo(this.transport.maxRequestBytes ?? Number.POSITIVE_INFINITY) : this.queue.slice(0, 1);
      this.queue = this.queue.slice(batch.length);
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  /** The longest run from the head of the queue whose request fits in `maxBytes` (at least one append: the store bounds each). */
  private takeUpTo(maxBytes: number): Pending[] {
    let bytes = writerRequestBody([]).length;
    let count = 0;
    for (const pending of this.queue) {
      bytes += pending.bytes + 1;
      if (count > 0 && bytes > maxBytes) break;
      count += 1;
    }
    return this.queue.slice(0, count);
  }

  private async send(batch: Pending[]): Promise<void> {
    let response: WriterResponse;
    try {
      response = await this.transport.send(writerRequestBody(batch.map((p) => p.json)));
    } catch (error) {
      if (error instanceof WriterNotReachedError && this.fallback) {
        this.onFallback(error);
        await Promise.all(
          batch.map(({ request: r, resolve, reject }) => this.local.append(r.stream, r.expectedVersion, r.events, r.meta).then(resolve, reject)),
        );
        return;
      }
      const unknown = !(error instanceof WriterNotReachedError);
      const failure = new StoreUnavailableError(
        unknown
          ? `The event store is unavailable and the outcome of this write is unknown: the writer got the request but its answer was lost (${(error as Error).message}). Retry with the same idempotency key.`
          : `The event store is unavailable: the writer could not be reached (${(error as Error).message}); nothing was written`,
        { cause: error, outcomeUnknown: unknown },
      );
      for (const pending of batch) pending.reject(failure);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = response.outcomes[index];
      if (!outcome) pending.reject(new StoreUnavailableError('The writer answered without this append', { outcomeUnknown: true }));
      else if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(deserializeError(outcome.error));
    });
  }
}

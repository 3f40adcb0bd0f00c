import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createEventRegistry } from '../../domain/registry.ts';
import { streamKey } from '../../events/envelope.ts';
import { feedItem, streamItem } from '../../events/dynamodb/event-item.ts';
import { GENESIS_HASH, type ChainHead } from '../../events/integrity.ts';
import { prepareAppend, recordEvents } from '../../events/store.ts';
import { generateSeed, type SeedUnit } from './generator.ts';

/**
 * Builds a big log fast, for the --events 1000000 mode: the seed generator's appends placed in the
 * log by the store's own code (prepareAppend validates and versions the payloads, recordEvents
 * gives positions and the hash chain, streamItem / feedItem are the items an append writes), written with BatchWriteItem, 25 items a call, many calls in flight. It skips
 * what only concurrent writers need (the conditions of the transaction): the log it leaves is the
 * log appends would have left, with recordedAt spread over the years the seed covers.
 */
export class FastLog {
  private readonly registry = createEventRegistry();
  private readonly units: Generator<SeedUnit>;
  private readonly versions = new Map<string, number>();
  private head: ChainHead = { position: 0, hash: GENESIS_HASH };
  private pending: Record<string, unknown>[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;
  private firstAt = 0;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Events the whole build will have (the generator plans the mix for it). */
    total: number,
    private readonly options: { concurrency?: number; msPerEvent?: number; startAt?: string } = {},
  ) {
    this.units = generateSeed(total);
  }

  get position(): number {
    return this.head.position;
  }

  /** The instant of the first and of the last event built so far. */
  span(): { from: string; to: string } {
    return { from: this.instant(1), to: this.instant(this.head.position) };
  }

  /** Appends until the log holds at least `target` events (an append is never split), and waits for the writes. */
  async until(target: number, onProgress?: (events: number, ms: number) => void): Promise<{ events: number; ms: number }> {
    const started = performance.now();
    let nextReport = Math.ceil((this.head.position + 1) / 100_000) * 100_000;
    while (this.head.position < target) {
      const next = this.units.next();
      if (next.done) break;
      const unit = next.value;
      const key = streamKey(unit.stream);
      const version = this.versions.get(key) ?? 0;
      const prepared = prepareAppend(this.registry, unit.stream, unit.expectedVersion, unit.events, unit.meta);
      const recorded = recordEvents(prepared, unit.stream, version, this.head, unit.meta, this.instant(this.head.position + 1));
      const last = recorded[recorded.length - 1]!;
      this.versions.set(key, last.version);
      this.head = { position: last.position, hash: last.hash };
      for (const event of recorded) this.pending.push(streamItem(event), feedItem(event));
      if (unit.meta.idempotencyKey) throw new Error('the fast log builder writes no idempotency records: the seed uses no keys');
      while (this.pending.length >= 25) await this.send(this.pending.splice(0, 25));
      if (this.head.position >= nextReport) {
        onProgress?.(this.head.position, performance.now() - started);
        nextReport += 100_000;
      }
    }
    if (this.pending.length) await this.send(this.pending.splice(0));
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
    return { events: this.head.position, ms: performance.now() - started };
  }

  private instant(position: number): string {
    this.firstAt ||= Date.parse(this.options.startAt ?? '2024-01-01T08:00:00.000Z');
    return new Date(this.firstAt + (position - 1) * (this.options.msPerEvent ?? 90_000)).toISOString();
  }

  private async send(items: Record<string, unknown>[]): Promise<void> {
    if (this.failure) throw this.failure;
    const task = this.write(items)
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
    while (this.inFlight.size >= (this.options.concurrency ?? 8)) await Promise.race(this.inFlight);
  }

  private async write(items: Record<string, unknown>[]): Promise<void> {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length; attempt += 1) {
      if (attempt > 10) throw new Error(`BatchWriteItem left ${requests.length} items unprocessed after 10 retries`);
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(attempt, 6)));
      const result = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
      requests = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
    }
  }
}

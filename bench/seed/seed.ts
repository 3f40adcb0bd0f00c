import { streamKey } from '../../events/envelope.ts';
import type { EventStore } from '../../events/store.ts';
import { generateSeed, type SeedUnit } from './generator.ts';

export interface SeedReport {
  events: number;
  appends: number;
  ms: number;
  eventsPerSecond: number;
  /** Events per record kind. */
  mix: Record<string, number>;
}

export interface SeedOptions {
  /** Appends in flight at once (different streams; the store serialises the transactions). */
  concurrency?: number;
  seed?: number;
  onProgress?: (events: number, ms: number) => void;
}

/**
 * Writes `total` events through the store's real append path (DynamoEventStore.append: validation,
 * hash chain, one TransactWriteItems per append). Appends to different streams overlap, so the
 * client's work (validating, hashing, marshalling) runs while DynamoDB Local commits the one before;
 * an append waits for earlier appends to its own stream and to the records it refers to.
 */
export async function seedLog(store: EventStore, total: number, options: SeedOptions = {}): Promise<SeedReport> {
  const concurrency = options.concurrency ?? 4;
  const started = performance.now();
  const tails = new Map<string, Promise<unknown>>();
  const inFlight = new Set<Promise<unknown>>();
  const mix: Record<string, number> = {};
  let events = 0;
  let appends = 0;
  let failure: unknown = null;
  let nextReport = 10_000;

  for (const generated of generateSeed(total, options.seed)) {
    if (failure) break;
    const unit: SeedUnit = events + generated.events.length > total ? { ...generated, events: generated.events.slice(0, total - events) } : generated;
    events += unit.events.length;
    appends += 1;
    mix[unit.kind] = (mix[unit.kind] ?? 0) + unit.events.length;

    const key = streamKey(unit.stream);
    const waitFor = [key, ...unit.deps].map((k) => tails.get(k)).filter((p): p is Promise<unknown> => p !== undefined);
    const task = Promise.all(waitFor)
      .then(() => store.append(unit.stream, unit.expectedVersion, unit.events, unit.meta))
      .catch((error: unknown) => {
        failure ??= error;
      });
    tails.set(key, task);
    inFlight.add(task);
    void task.finally(() => {
      inFlight.delete(task);
      if (tails.get(key) === task) tails.delete(key);
    });
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (events >= nextReport) {
      options.onProgress?.(events, performance.now() - started);
      nextReport += 10_000;
    }
    if (events >= total) break;
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  const ms = performance.now() - started;
  return { events, appends, ms, eventsPerSecond: (events / ms) * 1000, mix };
}

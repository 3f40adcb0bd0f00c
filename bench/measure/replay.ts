import { isDeepStrictEqual } from 'node:util';
import { imageOf, readWholeLog } from '../../api/cli/replay.ts';
import { createReadModels } from '../../api/read-models.ts';
import type { RecordedEvent } from '../../events/envelope.ts';
import type { EventStore } from '../../events/store.ts';
import { eventsOf, handles } from '../../events/log-cache.ts';
import { median } from '../lib/stats.ts';

export interface Replay {
  events: number;
  /** Best of the rounds: reading every event (pages of 1000, parsed and validated as the API does), no folding. */
  readMs: number;
  /** Best of the rounds: the same reads, folded into every read model from position 1. */
  rebuildMs: number;
  ratio: number;
  eventsPerSecond: number;
  rounds: { readMs: number; rebuildMs: number }[];
  /** Read models that differ between the rebuild and a fold in small pages (as a live API does). */
  mismatches: string[];
  /** The log, for the in-memory measurements. */
  log: readonly RecordedEvent[];
  firstRecordedAt: string;
  lastRecordedAt: string;
}

const PAGE = 1000;

/**
 * replay_overhead_ratio: rebuilding every read model from the log (the path of a cold API and of
 * `npm run replay`: LogCache.catchUp over DynamoDB in pages of 1000) over only reading the same
 * pages. Read and rebuild alternate for `rounds` rounds and the best of each counts: on a shared
 * machine noise only ever adds time.
 */
export async function measureReplay(store: EventStore, rounds: number): Promise<Replay> {
  const results: { readMs: number; rebuildMs: number }[] = [];
  let rebuilt: Models | null = null;
  let events = 0;
  for (let round = 0; round < rounds; round += 1) {
    let started = performance.now();
    events = await readWholeLog(store, PAGE);
    const readMs = performance.now() - started;

    rebuilt = null;
    started = performance.now();
    const models = createReadModels(store, PAGE);
    await models.log.catchUp();
    const rebuildMs = performance.now() - started;
    rebuilt = models;
    results.push({ readMs, rebuildMs });
  }
  const readMs = Math.min(...results.map((r) => r.readMs));
  const rebuildMs = Math.min(...results.map((r) => r.rebuildMs));
  // The log cache holds only the newest events: the whole log, for the passes below, from the store.
  const log: RecordedEvent[] = [];
  for await (const event of eventsOf(rebuilt!.log)) log.push(event);

  // The same log folded in pages of 97, as a running API catches up between requests.
  const live = createReadModels(memoryStore(log), 97);
  await live.log.catchUp();
  const rebuiltViews = new Map(viewsOf(rebuilt!));
  const mismatches = viewsOf(live)
    .filter(([name, view]) => !isDeepStrictEqual(imageOf(view), imageOf(rebuiltViews.get(name))))
    .map(([name]) => name);

  return {
    events,
    readMs,
    rebuildMs,
    ratio: rebuildMs / readMs,
    eventsPerSecond: (events / rebuildMs) * 1000,
    rounds: results,
    mismatches,
    log,
    firstRecordedAt: log[0]?.recordedAt ?? '',
    lastRecordedAt: log[log.length - 1]?.recordedAt ?? '',
  };
}

type Models = ReturnType<typeof createReadModels>;

/** The read models (everything with an `apply`), by name. */
type View = { readonly streamKinds: readonly string[]; apply(event: RecordedEvent): void };

export function viewsOf(models: object): [string, View][] {
  return Object.entries(models).filter((entry): entry is [string, View] => {
    const value: unknown = entry[1];
    return entry[0] !== 'log' && typeof value === 'object' && typeof (value as { apply?: unknown } | null)?.apply === 'function';
  });
}

/** An EventStore over an in-memory log (positions 1..n): reads only, for folding without I/O. */
export function memoryStore(log: readonly RecordedEvent[]): EventStore {
  const unsupported = () => Promise.reject(new Error('the in-memory bench store only reads'));
  return {
    readAll: async (after, limit = Number.POSITIVE_INFINITY) => log.slice(after, Number.isFinite(limit) ? after + limit : undefined),
    readStream: unsupported,
    append: unsupported,
    head: unsupported,
    findIdempotency: unsupported,
  };
}

export interface Fold {
  eventsPerSecond: number;
  /** Median of the runs. */
  ms: number;
  runs: number[];
  /** The read models alone (no log cache bookkeeping, no checkpoints), median. */
  viewsOnlyMs: number;
}

/**
 * fold_events_per_s: the log already in memory, folded into fresh read models through the log
 * cache (what a catch-up does after its reads), `runs` times; the median counts.
 */
export async function measureFold(log: readonly RecordedEvent[], runs: number): Promise<Fold> {
  const times: number[] = [];
  const viewTimes: number[] = [];
  const store = memoryStore(log);
  for (let i = 0; i < runs; i += 1) {
    let started = performance.now();
    const models = createReadModels(store, 1000);
    await models.log.catchUp();
    times.push(performance.now() - started);

    // Each view sees only its stream kinds' events, as the log cache hands them out.
    const views = viewsOf(createReadModels(store)).map(([, view]) => view);
    started = performance.now();
    for (const event of log) for (const view of views) if (handles(view, event.type)) view.apply(event);
    viewTimes.push(performance.now() - started);
  }
  const ms = median(times);
  return { eventsPerSecond: (log.length / ms) * 1000, ms, runs: times, viewsOnlyMs: median(viewTimes) };
}

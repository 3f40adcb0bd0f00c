import { ensureTable } from '../../events/dynamodb/tables.ts';
import { startApiProcess } from '../lib/api-process.ts';
import type { BenchTable } from '../lib/dynamo.ts';
import { GraphQLClient } from '../lib/http.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import { PRIORITIES_AS_OF } from '../lib/operations.ts';
import { FastLog } from '../seed/fast-log.ts';
import { coldStart, viewSnapshotColdStart, type ColdStart } from './bundle.ts';
import { measureAsOf, randomInstants } from './reads.ts';
import { prng } from '../lib/random.ts';

export interface ScalePoint {
  events: number;
  /** Building the log up to here (from the previous point). */
  buildMs: number;
  /** The Lambda bundle, cold, from the view snapshot its alert run wrote. */
  coldStart: ColdStart & { primeMs: number; runsMs: number[] };
  /** The same without a snapshots table (folding the whole log), up to 100 000 events: the baseline. */
  coldStartFullLog: ColdStart | null;
  /**
   * An API process (bench/api-server.ts) that folded the log up to here itself, from the view
   * snapshot of the previous point (or the whole log), then wrote its own: its catch-up and RSS.
   */
  folded: { catchUpMs: number; rssMb: number; heapUsedMb: number };
  /** A fresh API process started after it, as a new instance is: restored from that snapshot, caught up. */
  catchUpMs: number;
  rssMb: number;
  heapUsedMb: number;
  /** Events the API process holds in memory (the rest is read on demand). */
  heldEvents: number;
  asOf: Summary;
  rssAfterAsOfMb: number;
  /** RSS after one request that reads every view (each decoded, when restored from a snapshot). */
  rssAfterAllViewsMb: number;
  /**
   * The Lambda bundle (what runs in production, without the TypeScript loader of the API process
   * above) started cold from the view snapshot, then serving as many asOf queries over the same
   * span of the log and the request that reads every view: its RSS at the end and its peak
   * (Lambda's Max Memory Used).
   */
  bundle: { rssMb: number; maxRssMb: number; asOf: Summary; everyViewMs: number };
}

/** One request that reads every view of the read models (test/api/view-snapshots.test.ts checks it does). */
export const EVERY_VIEW_QUERY = `{
  decisions(first: 1) { totalCount } tradeoffs(first: 1) { totalCount } initiatives(first: 1) { totalCount }
  priorities { version } objectives(first: 1) { totalCount } people(first: 1) { totalCount }
  teams(first: 1) { totalCount edges { node { members(first: 1) { totalCount } } } }
  allocationTaxonomies { __typename } webhooks(first: 1) { totalCount } cadence { __typename }
  alertRules(first: 1) { totalCount } alerts(first: 1) { totalCount } cycles { __typename }
}`;

/**
 * The --events 1000000 mode: one log built fast (bench/seed/fast-log.ts) and measured at each of
 * `points` events (100 000 and 1 000 000), so the growth of cold start, memory and asOf with the
 * log shows: a cold start of the Lambda bundle from a view snapshot, the API process's RSS once
 * caught up and after the asOf queries, asOf p50/p99.
 */
export async function measureScale(options: {
  table: BenchTable;
  snapshotsTable: string;
  points: number[];
  bundlePath: string;
  lambdaEnv: Record<string, string>;
  /** The environment of an API process over the table (bench/api-server.ts). */
  apiEnv: Record<string, string>;
  headers: Record<string, string>;
  event: unknown;
  /** An API Gateway event for the bundle (with its token). */
  lambdaEvent: (query: string, variables?: Record<string, unknown>) => unknown;
  samples: number;
  log: (line: string) => void;
}): Promise<ScalePoint[]> {
  const { table, log } = options;
  await ensureTable(table.client, options.snapshotsTable);
  const total = Math.max(...options.points);
  const builder = new FastLog(table.client, table.tableName, total);
  const results: ScalePoint[] = [];
  for (const target of [...options.points].sort((a, b) => a - b)) {
    log(`scale: building the log up to ${target} events (BatchWriteItem, precomputed items)`);
    const built = await builder.until(target, (n, ms) => log(`  ${n} events, ${Math.round((n / ms) * 1000)} events/s since the last point`));
    log(`  ${built.events} events in ${Math.round(built.ms / 1000)} s`);
    let coldStartFullLog: ColdStart | null = null;
    if (target <= 100_000) {
      coldStartFullLog = await coldStart(options.bundlePath, options.lambdaEnv, options.event);
      log(`  cold start folding the whole log (no snapshots table): ${Math.round(coldStartFullLog.ms)} ms (first request ${Math.round(coldStartFullLog.firstRequestMs)} ms), rss ${Math.round(coldStartFullLog.rssMb)} MB`);
    }
    const env = { SNAPSHOTS_TABLE: options.snapshotsTable };
    const fromSnapshot = await viewSnapshotColdStart(options.bundlePath, { ...options.lambdaEnv, ...env }, options.event);
    log(`  cold start from a view snapshot: ${Math.round(fromSnapshot.ms)} ms, the median of ${fromSnapshot.runsMs.map(Math.round).join(', ')} (first request ${Math.round(fromSnapshot.firstRequestMs)} ms), rss ${Math.round(fromSnapshot.rssMb)} MB; snapshot written by the alert run in ${Math.round(fromSnapshot.primeMs)} ms`);
    for (const line of fromSnapshot.snapshotWarnings) log(`  ${line}`);

    // The API process runs from source, so its snapshots are not the bundle's (another code
    // fingerprint): one process folds the log and writes its snapshot, the next starts from it.
    const folder = await startApiProcess({ ...options.apiEnv, ...env }, ['--expose-gc']);
    let folded: ScalePoint['folded'];
    try {
      const caughtUp = await folder.call('catchUp');
      await folder.call('flush');
      const memory = await folder.call('gc');
      folded = { catchUpMs: caughtUp.ms!, rssMb: memory.rss / 2 ** 20, heapUsedMb: memory.heapUsed / 2 ** 20 };
      log(`  an API process folding the log itself caught up in ${Math.round(folded.catchUpMs)} ms; rss ${Math.round(folded.rssMb)} MB after GC, heap used ${Math.round(folded.heapUsedMb)} MB`);
    } finally {
      await folder.stop();
    }
    const api = await startApiProcess({ ...options.apiEnv, ...env }, ['--expose-gc']);
    const client = new GraphQLClient(api.url, options.headers);
    try {
      const caughtUp = await api.call('catchUp');
      const memory = await api.call('gc');
      log(`  a new API process caught up from that snapshot in ${Math.round(caughtUp.ms!)} ms; rss ${Math.round(memory.rss / 2 ** 20)} MB after GC, heap used ${Math.round(memory.heapUsed / 2 ** 20)} MB`);
      const span = builder.span();
      const asOf = await measureAsOf({ api: client, from: span.from, to: span.to, lastPosition: built.events, samples: options.samples, budgetMs: 120_000 });
      const after = await api.call('stats');
      log(`  asOf p50 ${Math.round(asOf.latency.p50 * 10) / 10} ms, p99 ${Math.round(asOf.latency.p99 * 10) / 10} ms (${asOf.latency.n} samples); rss after ${Math.round(after.rss / 2 ** 20)} MB`);
      const everyView = await client.request(EVERY_VIEW_QUERY);
      if (everyView.errors || everyView.transportError) throw new Error(`the request that reads every view failed: ${JSON.stringify(everyView.errors ?? everyView.transportError)}`);
      const allViews = await api.call('stats');
      log(`  a request reading every view: ${Math.round(everyView.ms)} ms; rss after ${Math.round(allViews.rss / 2 ** 20)} MB`);
      const instants = Array.from({ length: options.samples }, randomInstants(span.from, span.to, prng(7)));
      const served = await coldStart(options.bundlePath, { ...options.lambdaEnv, ...env }, options.event, [
        ...instants.map((asOf) => options.lambdaEvent(PRIORITIES_AS_OF, { asOf })),
        options.lambdaEvent(EVERY_VIEW_QUERY),
      ]);
      const then = served.then!;
      const bundle = { rssMb: then.rssMb, maxRssMb: then.maxRssMb, asOf: summarize(then.ms.slice(0, -1)), everyViewMs: then.ms.at(-1)! };
      log(`  the Lambda bundle, cold from the snapshot, then ${instants.length} asOf queries (p50 ${Math.round(bundle.asOf.p50 * 10) / 10}, p99 ${Math.round(bundle.asOf.p99 * 10) / 10} ms) and the request reading every view (${Math.round(bundle.everyViewMs)} ms): rss ${Math.round(bundle.rssMb)} MB, peak ${Math.round(bundle.maxRssMb)} MB`);
      results.push({
        events: built.events,
        buildMs: built.ms,
        coldStart: fromSnapshot,
        coldStartFullLog,
        folded,
        catchUpMs: caughtUp.ms!,
        rssMb: memory.rss / 2 ** 20,
        heapUsedMb: memory.heapUsed / 2 ** 20,
        heldEvents: after.held ?? 0,
        asOf: asOf.latency,
        rssAfterAsOfMb: after.rss / 2 ** 20,
        rssAfterAllViewsMb: allViews.rss / 2 ** 20,
        bundle,
      });
    } finally {
      client.close();
      await api.stop();
    }
  }
  return results;
}

import { readFileSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GraphQLClient, GraphQLResult } from '../lib/http.ts';
import { resultCode } from '../lib/http.ts';
import { DECISIONS_PAGE, PRIORITIES_AS_OF } from '../lib/operations.ts';
import { prng } from '../lib/random.ts';
import { median, summarize, type Summary } from '../lib/stats.ts';
import { feedQuery } from './raw.ts';

export interface ReadOverhead {
  ratio: number;
  http: Summary;
  /** One consistent Query returning the newest 50 feed items: the baseline. */
  query50: Summary;
  /** The consistent Query a warm API makes per request (the feed after its position: no items). */
  tailQuery: Summary;
  ratioToTailQuery: number;
  totalCount: number;
}

function check(result: GraphQLResult, what: string): GraphQLResult {
  const code = resultCode(result);
  if (code !== 'OK') throw new Error(`${what} failed with ${code}: ${JSON.stringify(result.errors ?? result.data).slice(0, 500)}`);
  return result;
}

/**
 * read_overhead_ratio: a warm `decisions(first: 50)` over HTTP (API caught up with the log) over
 * one consistent Query round trip fetching 50 items from the same table. Interleaved samples.
 */
export async function measureReadOverhead(options: {
  api: GraphQLClient;
  client: DynamoDBDocumentClient;
  table: string;
  position: number;
  samples: number;
}): Promise<ReadOverhead> {
  const { api, client, table } = options;
  let totalCount = 0;
  for (let i = 0; i < 20; i += 1) {
    totalCount = check(await api.request(DECISIONS_PAGE), 'decisions(first: 50)').data.decisions.totalCount;
    await feedQuery(client, table, { limit: 50 });
    await feedQuery(client, table, { after: options.position });
  }
  const samples = { http: [] as number[], query50: [] as number[], tail: [] as number[] };
  for (let i = 0; i < options.samples; i += 1) {
    const order = [0, 1, 2].map((k) => (k + i) % 3);
    for (const which of order) {
      if (which === 0) samples.http.push(check(await api.request(DECISIONS_PAGE), 'decisions(first: 50)').ms);
      else if (which === 1) samples.query50.push((await feedQuery(client, table, { limit: 50 })).ms);
      else samples.tail.push((await feedQuery(client, table, { after: options.position })).ms);
    }
  }
  return {
    ratio: median(samples.http) / median(samples.query50),
    http: summarize(samples.http),
    query50: summarize(samples.query50),
    tailQuery: summarize(samples.tail),
    ratioToTailQuery: median(samples.http) / median(samples.tail),
    totalCount,
  };
}

export interface AsOf {
  latency: Summary;
  /** What the schema offered when measured: `priorities(asOf)` and, when present, `atPosition`. */
  args: string;
  atPosition?: Summary;
  entriesSeen: number;
}

/** The arguments `priorities` takes in schema.graphql right now. */
export function prioritiesArgs(): string {
  const schema = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8')
    .replace(/"""[\s\S]*?"""/g, ' ')
    .replace(/"[^"\n]*"/g, ' ');
  const args = /^\s*priorities\(([^)]*)\)/m.exec(schema)?.[1] ?? '';
  return args.split(/\s+/).filter(Boolean).join(' ').replace(/ (\w+):/g, ', $1:');
}

/** Instants drawn with `random` between `from` and `to`, one a call. */
export function randomInstants(from: string, to: string, random: () => number): () => string {
  const start = Date.parse(from);
  const span = Date.parse(to) - start;
  return () => new Date(start + random() * span).toISOString();
}

/**
 * asof_p50_ms: `priorities(asOf:)` at a random instant of the log's history (the ranked list then,
 * each initiative with its score as of then), warm, over HTTP; with `atPosition` too when the
 * schema has it.
 */
export async function measureAsOf(options: {
  api: GraphQLClient;
  from: string;
  to: string;
  lastPosition: number;
  samples: number;
  /** Stop sampling a variant after this long (at least 10 samples), so a slow path cannot stall the bench. */
  budgetMs?: number;
}): Promise<AsOf> {
  const { api } = options;
  const random = prng(11);
  const instant = randomInstants(options.from, options.to, random);
  const args = prioritiesArgs();
  let entriesSeen = 0;
  const budget = options.budgetMs ?? Number.POSITIVE_INFINITY;
  const within = (started: number, i: number) => i < options.samples && (i < 10 || performance.now() - started < budget);
  for (let i = 0; i < 5; i += 1) check(await api.request(PRIORITIES_AS_OF, { asOf: instant() }), 'priorities(asOf:)');
  const latencies: number[] = [];
  for (let i = 0, started = performance.now(); within(started, i); i += 1) {
    const result = check(await api.request(PRIORITIES_AS_OF, { asOf: instant() }), 'priorities(asOf:)');
    entriesSeen += result.data.priorities.entries.length;
    latencies.push(result.ms);
  }
  const report: AsOf = { latency: summarize(latencies), args, entriesSeen: Math.round(entriesSeen / latencies.length) };
  if (/\batPosition\b/.test(args)) {
    const query = PRIORITIES_AS_OF.replace('($asOf: DateTime)', '($atPosition: Int)').replace('priorities(asOf: $asOf)', 'priorities(atPosition: $atPosition)');
    const positions: number[] = [];
    for (let i = 0, started = performance.now(); within(started, i); i += 1) {
      const result = check(await api.request(query, { atPosition: 1 + Math.floor(random() * options.lastPosition) }), 'priorities(atPosition:)');
      positions.push(result.ms);
    }
    report.atPosition = summarize(positions);
  }
  return report;
}

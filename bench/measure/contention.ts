import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DECISION_STREAM } from '../../domain/decisions/events.ts';
import type { EventStore } from '../../events/store.ts';
import { verifyIntegrity } from '../../events/verify-integrity.ts';
import type { GraphQLClient } from '../lib/http.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import { recordDecision } from './append.ts';
import { eventTemplate, RawDynamo } from './raw.ts';

export interface Contention {
  ratio: number;
  clients: number;
  mutations: number;
  mutationsPerSecond: number;
  /** Sequential raw transactions per second, before and after the concurrent run. */
  rawPerSecond: [number, number];
  latency: Summary;
  gaps: number;
  duplicates: number;
  /** Acknowledged decisions missing from the log, or present more than once. */
  lost: number;
  integrityOk: boolean;
}

/** One acknowledged write of the contention workload: the decision, its round trip, and when its answer came (performance.now()). */
export interface Write {
  id: string;
  ms: number;
  at: number;
}

/** The contention workload: `clients` concurrent loops, each recording `perClient` new decisions of its own. */
export async function runWriters(api: GraphQLClient, clients: number, perClient: number, label = 'client'): Promise<{ acknowledged: Write[]; elapsedMs: number }> {
  const acknowledged: Write[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i += 1) {
        const result = await recordDecision(api, `${label} ${c} record ${i}`);
        acknowledged.push({ id: result.id, ms: result.ms, at: performance.now() });
      }
    }),
  );
  return { acknowledged, elapsedMs: performance.now() - started };
}

async function rawRate(raw: RawDynamo, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i += 1) await raw.appendTransaction();
  return (count / (performance.now() - started)) * 1000;
}

/**
 * contention_throughput_ratio: recordDecision mutations per second with `clients` concurrent
 * clients (each a loop, each writing its own new records) over sequential raw transactions per
 * second (the mean of a run before and after, to cancel drift). Then the log is read back: positions
 * gapless from 1, no event twice, every acknowledged decision there exactly once, integrity ok.
 */
export async function measureContention(options: {
  api: GraphQLClient;
  client: DynamoDBDocumentClient;
  apiTable: string;
  rawTable: string;
  store: EventStore;
  clients: number;
  perClient: number;
  rawCount: number;
}): Promise<Contention> {
  const { api, client } = options;
  const first = await recordDecision(api, 'contention template');
  const raw = new RawDynamo(client, options.rawTable, await eventTemplate(client, options.apiTable, DECISION_STREAM, first.id));
  await rawRate(raw, 10);

  const before = await rawRate(raw, options.rawCount);
  const run = await runWriters(api, options.clients, options.perClient);
  const acknowledged = [first.id, ...run.acknowledged.map((w) => w.id)];
  const latencies = run.acknowledged.map((w) => w.ms);
  const elapsed = run.elapsedMs;
  const after = await rawRate(raw, options.rawCount);
  const mutationsPerSecond = ((options.clients * options.perClient) / elapsed) * 1000;

  // Read the whole log back.
  const events = await options.store.readAll(0, Number.POSITIVE_INFINITY, { raw: true });
  let gaps = 0;
  events.forEach((event, i) => {
    if (event.position !== i + 1) gaps += 1;
  });
  const duplicates = events.length - new Set(events.map((e) => e.eventId)).size;
  const recorded = new Map<string, number>();
  for (const event of events) {
    if (event.type === 'DecisionRecorded') recorded.set(event.stream.id, (recorded.get(event.stream.id) ?? 0) + 1);
  }
  const lost = acknowledged.filter((id) => recorded.get(id) !== 1).length;
  const integrity = await verifyIntegrity(options.store);
  return {
    ratio: mutationsPerSecond / ((before + after) / 2),
    clients: options.clients,
    mutations: options.clients * options.perClient,
    mutationsPerSecond,
    rawPerSecond: [before, after],
    latency: summarize(latencies),
    gaps,
    duplicates,
    lost,
    integrityOk: integrity.ok,
  };
}

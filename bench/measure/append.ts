import { decodeGlobalID } from '@pothos/plugin-relay';
import type { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import type { Actor } from '../../events/envelope.ts';
import { DECISION_STREAM } from '../../domain/decisions/events.ts';
import type { GraphQLClient } from '../lib/http.ts';
import { resultCode } from '../lib/http.ts';
import { decisionInput, RECORD_DECISION } from '../lib/operations.ts';
import { median, summarize, type Summary } from '../lib/stats.ts';
import { eventTemplate, RawDynamo } from './raw.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';

export interface AppendOverhead {
  ratio: number;
  http: Summary;
  /** DynamoEventStore.append of the same event, in this process, to a table of its own: the store's share of the overhead. */
  store: Summary;
  raw: Summary;
  /** The floor baseline (bench/floor-server.ts): the same transaction behind a minimal yoga server in its own process. */
  floor: Summary | null;
  /** recordDecision p50 / floor p50: the API's own overhead over any GraphQL server sending this transaction. */
  floorRatio: number | null;
  /** The floor sending every item the store's append sends (FLOOR_ITEMS=append in bench/floor-server.ts). */
  floorAppend: Summary | null;
  /** recordDecision p50 / floorAppend p50: the API's code alone, the transaction being the same. */
  floorAppendRatio: number | null;
  /** recordDecision through an API process that appends through a writer process (the single writer's extra hop). */
  viaWriter: Summary | null;
}

/** Records a decision over HTTP and returns its stream id, or throws with what went wrong. */
export async function recordDecision(api: GraphQLClient, label: string, idempotencyKey?: string): Promise<{ id: string; globalId: string; ms: number }> {
  const result = await api.request(RECORD_DECISION, { input: decisionInput(label, idempotencyKey) });
  const code = resultCode(result, 'recordDecision');
  if (code !== 'OK') throw new Error(`recordDecision failed with ${code}: ${JSON.stringify(result.errors ?? result.data)}`);
  const globalId = result.data.recordDecision.decision.id as string;
  return { id: decodeGlobalID(globalId).id, globalId, ms: result.ms };
}

/**
 * append_overhead_ratio: median latency of recordDecision over HTTP (the API in its own process)
 * over the median of one raw TransactWriteItems of the same two items (stream item and feed item,
 * copied from what the API wrote). Samples are interleaved so drift on the machine hits all three.
 */
export async function measureAppendOverhead(options: {
  api: GraphQLClient;
  client: DynamoDBDocumentClient;
  apiTable: string;
  rawTable: string;
  store: DynamoEventStore;
  samples: number;
  /** Starts the floor server with the stored item to copy and returns a client of it. */
  startFloor?: (template: Record<string, unknown>, items?: 'append') => Promise<GraphQLClient>;
  /** Starts an API process whose appends go to a writer process, and returns a client of it. */
  startViaWriter?: () => Promise<GraphQLClient>;
}): Promise<AppendOverhead> {
  const { api, client, store } = options;
  const first = await recordDecision(api, 'template');
  const template = await eventTemplate(client, options.apiTable, DECISION_STREAM, first.id);
  const raw = new RawDynamo(client, options.rawTable, template);
  const floor = options.startFloor ? await options.startFloor(template) : null;
  const floorAppend = options.startFloor ? await options.startFloor(template, 'append') : null;
  const viaWriter = options.startViaWriter ? await options.startViaWriter() : null;
  const viaFloor = async (server = floor!) => {
    const result = await server.request('mutation($t: String!) { recordDecision(title: $t) }', { t: 'floor' });
    if (result.errors || result.status !== 200) throw new Error(`floor mutation failed: ${JSON.stringify(result)}`);
    return result.ms;
  };
  const event = { type: String(template.type), payload: JSON.parse(String(template.payload)) as unknown };
  const actor = template.actor as Actor;
  const viaStore = async () => {
    const started = performance.now();
    await store.append({ kind: DECISION_STREAM, id: randomUUID() }, 'no-stream', [event], { actor, reason: null });
    return performance.now() - started;
  };

  for (let i = 0; i < 20; i += 1) {
    await raw.appendTransaction();
    await viaStore();
    await recordDecision(api, `warm-up ${i}`);
    if (floor) await viaFloor();
    if (floorAppend) await viaFloor(floorAppend);
    if (viaWriter) await recordDecision(viaWriter, `warm-up ${i}`);
  }
  const samples = { raw: [] as number[], store: [] as number[], http: [] as number[], floor: [] as number[], floorAppend: [] as number[], viaWriter: [] as number[] };
  const series: (() => Promise<void>)[] = [
    async () => void samples.raw.push(await raw.appendTransaction()),
    async () => void samples.store.push(await viaStore()),
    async () => void samples.http.push((await recordDecision(api, 'sample')).ms),
    ...(floor ? [async () => void samples.floor.push(await viaFloor())] : []),
    ...(floorAppend ? [async () => void samples.floorAppend.push(await viaFloor(floorAppend))] : []),
    ...(viaWriter ? [async () => void samples.viaWriter.push((await recordDecision(viaWriter, 'sample')).ms)] : []),
  ];
  for (let i = 0; i < options.samples; i += 1) {
    // Rotate the order, so none of them always follows the same neighbour.
    for (let k = 0; k < series.length; k += 1) await series[(k + i) % series.length]!();
  }
  return {
    viaWriter: viaWriter ? summarize(samples.viaWriter) : null,
    floor: floor ? summarize(samples.floor) : null,
    floorRatio: floor ? median(samples.http) / median(samples.floor) : null,
    floorAppend: floorAppend ? summarize(samples.floorAppend) : null,
    floorAppendRatio: floorAppend ? median(samples.http) / median(samples.floorAppend) : null,
    ratio: median(samples.http) / median(samples.raw),
    http: summarize(samples.http),
    store: summarize(samples.store),
    raw: summarize(samples.raw),
  };
}

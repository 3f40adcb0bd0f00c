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
  startFloor?: (template: Record<string, unknown>) => Promise<GraphQLClient>;
}): Promise<AppendOverhead> {
  const { api, client, store } = options;
  const first = await recordDecision(api, 'template');
  const template = await eventTemplate(client, options.apiTable, DECISION_STREAM, first.id);
  const raw = new RawDynamo(client, options.rawTable, template);
  const floor = options.startFloor ? await options.startFloor(template) : null;
  const viaFloor = async () => {
    const result = await floor!.request('mutation($t: String!) { recordDecision(title: $t) }', { t: 'floor' });
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
  }
  const samples = { raw: [] as number[], store: [] as number[], http: [] as number[], floor: [] as number[] };
  const kinds = floor ? 4 : 3;
  for (let i = 0; i < options.samples; i += 1) {
    // Rotate the order, so none of them always follows the same neighbour.
    const order = Array.from({ length: kinds }, (_, k) => (k + i) % kinds);
    for (const which of order) {
      if (which === 0) samples.raw.push(await raw.appendTransaction());
      else if (which === 1) samples.store.push(await viaStore());
      else if (which === 2) samples.http.push((await recordDecision(api, `sample ${i}`)).ms);
      else samples.floor.push(await viaFloor());
    }
  }
  return {
    floor: floor ? summarize(samples.floor) : null,
    floorRatio: floor ? median(samples.http) / median(samples.floor) : null,
    ratio: median(samples.http) / median(samples.raw),
    http: summarize(samples.http),
    store: summarize(samples.store),
    raw: summarize(samples.raw),
  };
}

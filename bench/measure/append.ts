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
}): Promise<AppendOverhead> {
  const { api, client, store } = options;
  const first = await recordDecision(api, 'template');
  const template = await eventTemplate(client, options.apiTable, DECISION_STREAM, first.id);
  const raw = new RawDynamo(client, options.rawTable, template);
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
  }
  const samples = { raw: [] as number[], store: [] as number[], http: [] as number[] };
  for (let i = 0; i < options.samples; i += 1) {
    // Rotate the order, so none of the three always follows the same neighbour.
    const order = [0, 1, 2].map((k) => (k + i) % 3);
    for (const which of order) {
      if (which === 0) samples.raw.push(await raw.appendTransaction());
      else if (which === 1) samples.store.push(await viaStore());
      else samples.http.push((await recordDecision(api, `sample ${i}`)).ms);
    }
  }
  return {
    ratio: median(samples.http) / median(samples.raw),
    http: summarize(samples.http),
    store: summarize(samples.store),
    raw: summarize(samples.raw),
  };
}

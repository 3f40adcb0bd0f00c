import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from '../lib/loopback.ts';
import { Webhook } from 'standardwebhooks';
import type { LedgerEventBody } from '../../api/outbound/messages.ts';
import { startApiProcess, type ApiRunTarget } from '../lib/api-process.ts';
import { openTable } from '../lib/dynamo.ts';
import { GraphQLClient, resultCode } from '../lib/http.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import { runWriters } from './contention.ts';

/**
 * Webhook delivery lag under the contention workload: the API in its own process with its local
 * dispatcher (as `npm start` runs it), N webhooks on real HTTP receivers on loopback that verify
 * every Standard Webhooks signature, and 8 concurrent writers recording decisions.
 *
 * Lag = the receiver's arrival time - the moment the writer had the mutation's answer (its append
 * acknowledgement), both read from this process's monotonic clock: what a client sees between
 * "my write is confirmed" and "the receiver has it". The event's recordedAt is stamped by the API
 * before the transaction commits, with the wall clock in milliseconds, so lag from it also counts
 * the commit; it is reported alongside. Appends are measured in the same run: the baseline.
 */

export interface DeliveryRun {
  webhooks: number;
  decisions: number;
  /** Arrival - append acknowledgement, every (receiver, decision) pair. */
  lag: Summary;
  /** Arrival (wall clock) - recordedAt. */
  lagFromRecordedAt: Summary;
  /** recordDecision round trips of this run's writers. */
  append: Summary;
  mutationsPerSecond: number;
  /** From the end of the writers' run until every receiver had every decision. */
  drainMs: number;
  /** The POST alone, as the dispatcher recorded it: the last 100 deliveries of each webhook. */
  post: Summary;
  /** Deliveries per second over the run, all webhooks together. */
  deliveriesPerSecond: number;
  duplicates: number;
  outOfOrder: number;
  unverified: number;
  missing: number;
}

const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { webhook { id } secret userErrors { code field message } }
}`;
const DELIVERIES = `query($id: ID!) { node(id: $id) { ... on Webhook { deliveries(first: 100) { latencyMs } } } }`;

interface Arrival {
  position: number;
  /** performance.now() at arrival. */
  at: number;
  wallAt: number;
  recordedAt: string;
}

/** A receiver on loopback: verifies each signature, acknowledges with 204, remembers each decision's first arrival. */
async function startReceiver() {
  const arrivals = new Map<string, Arrival>();
  const positions: number[] = [];
  const state = { secret: '', unverified: 0, duplicates: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const wallAt = Date.now();
      const raw = Buffer.concat(chunks).toString('utf8');
      try {
        new Webhook(state.secret).verify(raw, req.headers as Record<string, string>);
      } catch {
        state.unverified += 1;
        return res.writeHead(401).end();
      }
      const body = JSON.parse(raw) as LedgerEventBody;
      positions.push(body.position);
      if (body.type === 'DecisionRecorded') {
        if (arrivals.has(body.stream.id)) state.duplicates += 1;
        else arrivals.set(body.stream.id, { position: body.position, at, wallAt, recordedAt: body.recordedAt });
      }
      res.writeHead(204).end();
    });
  });
  const loopback = await listenOnLoopback(server);
  return {
    url: `${loopback.origin}/ledger`,
    arrivals,
    positions,
    state,
    close: loopback.close,
  };
}

async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

/** One run: a fresh events table and delivery table, `webhooks` receivers, the writers. */
export async function measureDeliveryRun(options: ApiRunTarget & {
  webhooks: number;
  clients: number;
  perClient: number;
  /** The local dispatcher's polling interval (DISPATCH_POLL_MS): it wakes on its own process's appends anyway. */
  pollMs: number;
}): Promise<DeliveryRun> {
  const events = await openTable(options.endpoint, `bench-delivery-${options.webhooks}`);
  const delivery = await openTable(options.endpoint, `bench-delivery-${options.webhooks}-state`);
  const api = await startApiProcess({ ...options.env(events.tableName), DELIVERY_TABLE: delivery.tableName, DISPATCH_POLL_MS: String(options.pollMs) });
  const client = new GraphQLClient(api.url, options.headers);
  const receivers = await Promise.all(Array.from({ length: options.webhooks }, () => startReceiver()));
  try {
    const webhookIds: string[] = [];
    for (const [i, receiver] of receivers.entries()) {
      const result = await client.request(CREATE_WEBHOOK, {
        input: { url: receiver.url, description: `bench receiver ${i + 1}`, filter: { kinds: ['decision'] }, format: 'LEDGER_EVENT' },
      });
      const code = resultCode(result, 'createWebhook');
      if (code !== 'OK') throw new Error(`createWebhook failed with ${code}: ${JSON.stringify(result.errors ?? result.data)}`);
      receiver.state.secret = result.data.createWebhook.secret;
      webhookIds.push(result.data.createWebhook.webhook.id);
    }
    const delivered = (ids: string[]) => receivers.every((r) => ids.every((id) => r.arrivals.has(id)));
    // Warm up the API, the dispatcher and each receiver's first connection.
    const warm = await runWriters(client, 2, 3, 'warm-up');
    if (!(await until(() => delivered(warm.acknowledged.map((a) => a.id)), 60_000))) throw new Error(`warm-up not delivered:\n${api.output()}`);

    const run = await runWriters(client, options.clients, options.perClient, `delivery ${options.webhooks}`);
    const ended = performance.now();
    const ids = run.acknowledged.map((a) => a.id);
    await until(() => delivered(ids), 180_000);
    const drainMs = performance.now() - ended;
    const posts: number[] = [];
    for (const id of webhookIds) posts.push(...((await client.request(DELIVERIES, { id })).data.node.deliveries as { latencyMs: number }[]).map((d) => d.latencyMs));

    const lags: number[] = [];
    const fromRecordedAt: number[] = [];
    let missing = 0;
    for (const receiver of receivers) {
      for (const write of run.acknowledged) {
        const arrival = receiver.arrivals.get(write.id);
        if (!arrival) {
          missing += 1;
          continue;
        }
        lags.push(arrival.at - write.at);
        fromRecordedAt.push(arrival.wallAt - Date.parse(arrival.recordedAt));
      }
    }
    return {
      webhooks: options.webhooks,
      decisions: ids.length,
      lag: summarize(lags),
      lagFromRecordedAt: summarize(fromRecordedAt),
      append: summarize(run.acknowledged.map((a) => a.ms)),
      mutationsPerSecond: (ids.length / run.elapsedMs) * 1000,
      drainMs,
      post: summarize(posts),
      deliveriesPerSecond: (ids.length * options.webhooks * 1000) / (run.elapsedMs + drainMs),
      duplicates: receivers.reduce((sum, r) => sum + r.state.duplicates, 0),
      outOfOrder: receivers.reduce((sum, r) => sum + r.positions.filter((p, i) => i > 0 && p <= r.positions[i - 1]!).length, 0),
      unverified: receivers.reduce((sum, r) => sum + r.state.unverified, 0),
      missing,
    };
  } finally {
    client.close();
    await api.stop();
    await Promise.all(receivers.map((r) => r.close()));
  }
}

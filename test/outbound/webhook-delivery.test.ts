import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashEvent } from '../../events/integrity.ts';
import type { RecordedEvent } from '../../events/envelope.ts';
import { createTestTable } from '../support/dynamo.ts';
import { CREATE_WEBHOOK, createDeliveryTable, startOutboundServer, startReceiver, type OutboundServer } from '../support/outbound.ts';

// The end-to-end delivery test: a real receiver on loopback, down for part of the time,
// the API (and its dispatcher) restarted once, 200 mutations of mixed kinds.

const MUTATIONS = 200;

function mutationNumber(i: number): [string, Record<string, unknown>] {
  switch (i % 4) {
    case 0:
      return [`mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { userErrors { code } } }`, { input: { title: `Decision ${i}`, rationale: 'because' } }];
    case 1:
      return [
        `mutation($input: DefineTeamInput!) { defineTeam(input: $input) { userErrors { code } } }`,
        { input: { key: `team-${i}`, name: `Team ${i}`, kind: 'PRODUCT', headcount: i % 9 } },
      ];
    case 2:
      return [
        `mutation($input: NoteTradeoffInput!) { noteTradeoff(input: $input) { userErrors { code } } }`,
        { input: { title: `Tradeoff ${i}`, chose: 'speed', over: 'polish', rationale: 'deadline' } },
      ];
    default:
      return [
        `mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) { userErrors { code } } }`,
        { input: { title: `Initiative ${i}`, kind: 'TUNE_UP', owner: 'platform' } },
      ];
  }
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let api: OutboundServer;
const tables = { events: '', delivery: '' };

beforeAll(async () => {
  receiver = await startReceiver();
  tables.events = (await createTestTable('webhook-e2e')).tableName;
  tables.delivery = await createDeliveryTable('webhook-e2e');
  api = await startOutboundServer(tables);
});
afterAll(async () => {
  await api.close();
  await receiver.close();
});

describe('webhook delivery end to end', () => {
  it('delivers positions 1..N in order, signed, each once unless its acknowledgement was lost, across an outage and a restart', async () => {
    // Until the test knows the secret, the receiver answers 500 (the first event is then retried).
    receiver.state.mode = 'error';
    const created = await api.gql(CREATE_WEBHOOK, { input: { url: receiver.url, description: 'everything' } });
    expect(created.data.createWebhook.userErrors).toEqual([]);
    receiver.state.secret = created.data.createWebhook.secret;
    expect(receiver.state.secret).toMatch(/^whsec_/);
    receiver.state.mode = 'up';

    const modes = ['error', 'reset', 'redirect', 'lose-ack'] as const;
    for (let i = 0; i < MUTATIONS; i += 1) {
      // The receiver is down (each way in turn) for mutations 50..129, and the API restarts at 100.
      if (i >= 50 && i < 130 && i % 10 === 0) receiver.state.mode = modes[(i / 10) % modes.length]!;
      if (i === 130) receiver.state.mode = 'up';
      if (i === 100) {
        await api.close();
        api = await startOutboundServer(tables);
      }
      const [query, variables] = mutationNumber(i);
      const response = await api.gql(query, variables);
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    }
    const head = await api.app.store.head();
    expect(head.position).toBe(MUTATIONS + 1);

    await vi.waitFor(
      () => expect(receiver.receipts.filter((r) => r.acknowledged).map((r) => r.body.position)).toContain(head.position),
      { timeout: 60_000, interval: 20 },
    );

    expect(receiver.state.unverified).toBe(0);
    const acknowledged = receiver.receipts.filter((r) => r.acknowledged);
    // Each position acknowledged exactly once, in order, 1..N.
    expect(acknowledged.map((r) => r.body.position)).toEqual(Array.from({ length: head.position }, (_, i) => i + 1));
    // A position received more than once was first received without an acknowledgement reaching the ledger.
    const seen = new Map<number, number>();
    for (const receipt of receiver.receipts) seen.set(receipt.body.position, (seen.get(receipt.body.position) ?? 0) + 1);
    const duplicated = [...seen].filter(([, n]) => n > 1).map(([p]) => p);
    for (const position of duplicated) {
      expect(receiver.receipts.some((r) => r.body.position === position && !r.acknowledged), `position ${position}`).toBe(true);
    }
    expect(duplicated.length).toBeGreaterThan(0);
    // Never out of order: every receipt of a later position comes after the acknowledgement of the one before.
    const ackIndex = new Map(receiver.receipts.map((r, i) => [r, i] as const).filter(([r]) => r.acknowledged).map(([r, i]) => [r.body.position, i]));
    receiver.receipts.forEach((r, i) => {
      if (r.body.position > 1) expect(i).toBeGreaterThan(ackIndex.get(r.body.position - 1)!);
    });
    // The chain: each previousHash is the hash before it, and each hash recomputes from the body.
    let previous = '0'.repeat(64);
    for (const { body, headers } of acknowledged) {
      expect(body.previousHash).toBe(previous);
      expect(headers['webhook-id']).toBe(body.eventId);
      const { hash, ...rest } = body;
      expect(hashEvent(rest as unknown as Omit<RecordedEvent, 'hash'>)).toBe(hash);
      previous = hash;
    }
    expect(previous).toBe(head.hash);
    expect(new Set(acknowledged.map((r) => r.body.stream.kind))).toEqual(new Set(['webhook', 'decision', 'team', 'tradeoff', 'initiative']));

    const status = await api.gql(`{ webhooks { edges { node { status lastDeliveredPosition deliveries(first: 100) { position httpStatus error } } } } }`);
    const node = status.data.webhooks.edges[0].node;
    expect(node).toMatchObject({ status: 'ACTIVE', lastDeliveredPosition: head.position });
    expect(node.deliveries.length).toBeGreaterThan(0);
  }, 180_000);
});

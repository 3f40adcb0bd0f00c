import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Dispatcher } from '../../api/outbound/dispatcher.ts';
import { webhookKey } from '../../api/outbound/delivery-store.ts';
import { post } from '../../api/outbound/post.ts';
import { isPrivateAddress, urlProblem } from '../../api/outbound/url-policy.ts';
import { slackMessage } from '../../api/outbound/messages.ts';
import { ALERT_STREAM, AlertRaised } from '../../domain/alerts/events.ts';
import { LEDGER_ACTOR } from '../../domain/alerts/ledger-actor.ts';
import { createTestTable } from '../support/dynamo.ts';
import { AUDIT_TRAIL } from '../support/decision-ops.ts';
import { CREATE_WEBHOOK, createDeliveryTable, startOutboundServer, startReceiver, type OutboundServer } from '../support/outbound.ts';

// Managing webhooks through GraphQL, and the faults a receiver can have.

let api: OutboundServer;
let fast: Awaited<ReturnType<typeof startReceiver>>;
let slow: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  [fast, slow] = await Promise.all([startReceiver(), startReceiver()]);
  api = await startOutboundServer({ events: (await createTestTable('webhooks')).tableName, delivery: await createDeliveryTable('webhooks') });
});
afterAll(async () => {
  await api.close();
  await Promise.all([fast.close(), slow.close()]);
});

const logSize = async () => (await api.gql(AUDIT_TRAIL, { first: 1 })).data.auditTrail.totalCount as number;
const WEBHOOK = `query($id: ID!) { node(id: $id) { ... on Webhook { id version url status format filter { kinds types } secretVersion lastDeliveredPosition
  deliveries(first: 5) { position attempt httpStatus error latencyMs responseBody } history { edges { node { type reason payload } } } } } }`;
const change = (name: string) => `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { webhook { version status url } userErrors { code field message } } }`;
const RECORD = `mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { decision { id } userErrors { code } } }`;

describe('webhook management', () => {
  it('refuses bad input with typed userErrors and writes nothing', async () => {
    const before = await logSize();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ url: 'not a url' }, ['input', 'url']],
      [{ url: 'ftp://example.com/x' }, ['input', 'url']],
      [{ url: fast.url, filter: { kinds: ['nonsense'] } }, ['input', 'filter', 'kinds', '0']],
      [{ url: fast.url, filter: { types: ['NoSuchEvent'] } }, ['input', 'filter', 'types', '0']],
      [{ url: fast.url, filter: { kinds: ['team'], types: ['DecisionRecorded'] } }, ['input', 'filter']],
    ];
    for (const [input, field] of cases) {
      const response = await api.gql(CREATE_WEBHOOK, { input });
      expect(response.data.createWebhook, JSON.stringify(input)).toMatchObject({ webhook: null, secret: null, userErrors: [expect.objectContaining({ code: 'INVALID_INPUT', field })] });
    }
    expect(await logSize()).toBe(before);
  }, 180_000);

  it('creates, updates, rotates, pauses, resumes and deletes, each an event with its reason, the secret never in the log', async () => {
    const created = (await api.gql(CREATE_WEBHOOK, { input: { url: fast.url, filter: { kinds: ['decision'] }, format: 'LEDGER_EVENT', idempotencyKey: 'hook-1' } })).data.createWebhook;
    expect(created.webhook).toMatchObject({ status: 'ACTIVE', format: 'LEDGER_EVENT', filter: { kinds: ['decision'], types: [] } });
    const again = (await api.gql(CREATE_WEBHOOK, { input: { url: fast.url, filter: { kinds: ['decision'] }, format: 'LEDGER_EVENT', idempotencyKey: 'hook-1' } })).data.createWebhook;
    expect([again.webhook.id, again.secret]).toEqual([created.webhook.id, created.secret]);
    const id = created.webhook.id;

    const updated = await api.gql(change('updateWebhook'), { input: { id, expectedVersion: 1, reason: 'also teams', filter: { kinds: ['decision', 'team'] } } });
    expect(updated.data.updateWebhook).toMatchObject({ webhook: { version: 2 }, userErrors: [] });
    const rotated = await api.gql(`mutation($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { webhook { secretVersion } secret userErrors { code } } }`, {
      input: { id, expectedVersion: 2, reason: 'leaked in a log' },
    });
    expect(rotated.data.rotateWebhookSecret.webhook.secretVersion).toBe(2);
    expect(rotated.data.rotateWebhookSecret.secret).not.toBe(created.secret);
    expect((await api.gql(change('pauseWebhook'), { input: { id, expectedVersion: 3, reason: 'receiver migration' } })).data.pauseWebhook.webhook.status).toBe('PAUSED');
    expect((await api.gql(change('pauseWebhook'), { input: { id, expectedVersion: 4, reason: 'twice' } })).data.pauseWebhook.userErrors[0].code).toBe('INVALID_TRANSITION');
    expect((await api.gql(change('resumeWebhook'), { input: { id, expectedVersion: 4, reason: 'migrated' } })).data.resumeWebhook.webhook.status).toBe('ACTIVE');
    expect((await api.gql(change('deleteWebhook'), { input: { id, expectedVersion: 5, reason: 'not needed' } })).data.deleteWebhook.webhook.status).toBe('DELETED');

    const node = (await api.gql(WEBHOOK, { id })).data.node;
    expect(node.history.edges.map((e: any) => [e.node.type, e.node.reason])).toEqual([
      ['WebhookCreated', null],
      ['WebhookUpdated', 'also teams'],
      ['WebhookSecretRotated', 'leaked in a log'],
      ['WebhookPaused', 'receiver migration'],
      ['WebhookResumed', 'migrated'],
      ['WebhookDeleted', 'not needed'],
    ]);
    const log = JSON.stringify((await api.gql(AUDIT_TRAIL, { first: 100 })).data);
    expect(log).not.toContain(created.secret);
    expect(log).not.toContain(rotated.data.rotateWebhookSecret.secret);
    const listed = await api.gql(`{ webhooks { edges { node { id } } } all: webhooks(includeDeleted: true) { totalCount } }`);
    expect(listed.data.webhooks.edges.map((e: any) => e.node.id)).not.toContain(id);
    expect(listed.data.all.totalCount).toBeGreaterThan(0);
  }, 180_000);

  it('is for ADMIN only, node(id:) included', async () => {
    const { webhook } = (await api.gql(CREATE_WEBHOOK, { input: { url: fast.url, filter: { types: ['TeamDefined'] } } })).data.createWebhook;
    for (const role of ['READER', 'LEAD', 'AUDITOR'] as const) {
      const as = api.as({ roles: [role], sub: `w-${role}` });
      expect((await as(`{ webhooks { totalCount } }`)).errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
      expect((await as(`query($id: ID!) { node(id: $id) { ... on Webhook { url } } }`, { id: webhook.id })).errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
      expect((await as(CREATE_WEBHOOK, { input: { url: fast.url } })).errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    }
    await api.gql(change('deleteWebhook'), { input: { id: webhook.id, expectedVersion: 1, reason: 'done' } });
  }, 180_000);
});

describe('delivery faults', () => {
  it('a hanging receiver delays only itself; a 3xx is not followed; recent deliveries show status, latency, error and at most 1 KB of body', async () => {
    fast.state.mode = 'error';
    slow.state.mode = 'error';
    const a = (await api.gql(CREATE_WEBHOOK, { input: { url: fast.url, filter: { kinds: ['decision'] } } })).data.createWebhook;
    const b = (await api.gql(CREATE_WEBHOOK, { input: { url: slow.url, filter: { kinds: ['decision'] } } })).data.createWebhook;
    fast.state.secret = a.secret;
    slow.state.secret = b.secret;
    fast.state.mode = 'up';
    slow.state.mode = 'hang';
    const recorded = [];
    for (let i = 0; i < 3; i += 1) recorded.push((await api.gql(RECORD, { input: { title: `Ship ${i}`, rationale: 'r' } })).data.recordDecision.decision.id);
    const head = (await api.app.store.head()).position;
    await vi.waitFor(() => expect(fast.receipts.filter((r) => r.acknowledged).map((r) => r.body.position)).toContain(head), { timeout: 30_000, interval: 20 });
    expect(slow.receipts.length).toBe(0);
    // The API answers while the hanging receiver holds its delivery.
    expect((await api.gql(`{ decisions(first: 1) { totalCount } }`)).data.decisions.totalCount).toBeGreaterThanOrEqual(3);

    slow.state.mode = 'redirect';
    await vi.waitFor(
      async () => {
        const node = (await api.gql(WEBHOOK, { id: b.webhook.id })).data.node;
        expect(node.deliveries.map((d: any) => d.httpStatus)).toContain(307);
        expect(node.deliveries.find((d: any) => d.httpStatus === 307).error).toMatch(/redirect/);
        expect(node.lastDeliveredPosition).toBeNull();
      },
      { timeout: 30_000, interval: 50 },
    );
    slow.state.mode = 'up';
    await vi.waitFor(() => expect(slow.receipts.filter((r) => r.acknowledged).map((r) => r.body.position)).toContain(head), { timeout: 30_000, interval: 20 });
    const node = (await api.gql(WEBHOOK, { id: b.webhook.id })).data.node;
    expect(node.deliveries[0]).toMatchObject({ httpStatus: 200, error: null, responseBody: 'ok' });
    // Further back than the last five: the 3xx retries and the three deliveries came after the timeouts.
    const older = (await api.gql(`query($id: ID!) { node(id: $id) { ... on Webhook { deliveries(first: 100) { httpStatus error } } } }`, { id: b.webhook.id })).data.node;
    expect(older.deliveries.some((d: any) => d.httpStatus === null && /no answer/.test(d.error))).toBe(true);
    for (const id of [a.webhook.id, b.webhook.id]) await api.gql(change('deleteWebhook'), { input: { id, expectedVersion: 1, reason: 'done' } });
  }, 180_000);

  it('marks a webhook FAILING after 24 hours without acknowledgement, and resumes from the last acknowledged position', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    // Only the clocked dispatcher below delivers from here on.
    await api.dispatcher.stop();
    // Signed at the injected time, so this receiver does not check timestamps (standardwebhooks allows 5 minutes).
    let answer = 503;
    const bodies: string[] = [];
    const down = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (answer === 200) bodies.push(body);
        res.writeHead(answer).end('x'.repeat(5000));
      });
    });
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(down.address() as AddressInfo).port}/`;
    const { webhook } = (await api.gql(CREATE_WEBHOOK, { input: { url, filter: { kinds: ['tradeoff'] } } })).data.createWebhook;
    const rawId = decodeGlobalID(webhook.id).id;
    await api.gql(`mutation { noteTradeoff(input: { title: "t", chose: "a", over: "b", rationale: "c" }) { userErrors { code } } }`);
    // A dispatcher of its own, on an injected clock, over the same tables.
    const clocked = new Dispatcher({
      store: api.app.store,
      readModels: api.app.readModels,
      deliveries: api.app.deliveries!,
      production: false,
      now: () => new Date(now),
      random: () => 1,
    });
    try {
      const status = async () => (await api.gql(`query($id: ID!) { node(id: $id) { ... on Webhook { status lastError deliveries(first: 1) { responseBody } } } }`, { id: webhook.id })).data.node;
      await clocked.runOnce();
      expect((await status()).status).toBe('ACTIVE');
      expect((await status()).deliveries[0].responseBody.length).toBe(1024);
      const first = clocked.stateOf(rawId)!;
      // The first retry comes within a few seconds, and the interval is capped at five minutes.
      expect(Date.parse(first.nextAttemptAt!) - now).toBeLessThanOrEqual(2_000);
      for (let hour = 0; hour < 25; hour += 1) {
        now += 3600_000;
        await clocked.runOnce();
        const state = clocked.stateOf(rawId)!;
        expect(Date.parse(state.nextAttemptAt!) - now).toBeLessThanOrEqual(5 * 60_000);
      }
      expect(await status()).toMatchObject({ status: 'FAILING', lastError: 'HTTP 503' });
      const stored = await api.app.deliveries!.state(webhookKey(rawId));
      expect(stored!.failingSince).not.toBeNull();

      answer = 200;
      now += 3600_000;
      await clocked.runOnce();
      expect(await status()).toMatchObject({ status: 'ACTIVE', lastError: null });
      expect(bodies.map((b) => JSON.parse(b).type)).toEqual(['TradeoffNoted']);
    } finally {
      down.close();
    }
  }, 180_000);
});

describe('URL rules and formats', () => {
  it('in production: https only, and no private, loopback, link-local or metadata target, by literal or by resolved name', async () => {
    expect(urlProblem('http://example.com/hook', true)).toMatch(/https/);
    for (const host of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '[::1]', '[fd00:ec2::254]', '[::ffff:127.0.0.1]', 'localhost']) {
      expect(urlProblem(`https://${host}/hook`, true), host).toMatch(/private/);
    }
    expect(urlProblem('https://hooks.example.com/x', true)).toBeNull();
    expect(urlProblem('http://127.0.0.1:9/x', false)).toBeNull();
    expect([isPrivateAddress('8.8.8.8'), isPrivateAddress('100.64.0.1'), isPrivateAddress('2606:4700::1111')]).toEqual([false, true, false]);
    // A name that resolves to loopback is refused when connecting, not only by its text.
    const refused = await post('https://localtest.me.invalid.localhost/', '{}', {}, { production: true, timeoutMs: 2_000 });
    expect(refused.ok).toBe(false);
    const byName = await post(`https://localhost:1/`, '{}', {}, { production: true, timeoutMs: 2_000 });
    expect(byName.error).toMatch(/private address|EPRIVATEADDRESS/);
  }, 180_000);

  it('SLACK: a readable message for any event type, with who, the reason and a link back', () => {
    const message = slackMessage(
      {
        eventId: 'e', stream: { kind: 'decision', id: 'd1' }, version: 2, position: 7, type: 'DecisionStatusChanged', schemaVersion: 1,
        recordedAt: '2030-01-01T00:00:00Z', actor: { id: 'u', name: 'Ada <admin>', kind: 'HUMAN' }, reason: 'Reviewed', idempotencyKey: null,
        payload: { title: 'Use streams' }, previousHash: 'a', hash: 'b',
      },
      'https://ledger.example/x',
    );
    expect(message.text).toBe('Decision status changed: Use streams by Ada <admin>');
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('Ada &lt;admin&gt;');
    expect(text).toContain('> Reviewed');
    expect(text).toContain('https://ledger.example/x');
  }, 180_000);
});

describe('alerts out', () => {
  it("the README's Slack integration: a SLACK webhook filtered to alert types gets the alerts and nothing else", async () => {
    // The README's mutation as written (a Slack URL: any URL is allowed outside production).
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = /```graphql\n(mutation \{\n  createWebhook\(input: \{ url: "https:\/\/hooks\.slack\.com[\s\S]*?)```/.exec(readme)![1]!;
    const asWritten = (await api.gql(example)).data.createWebhook;
    expect(asWritten).toMatchObject({ webhook: { status: 'ACTIVE', filter: { kinds: ['alert'], types: ['AlertRaised', 'AlertResolved'] } }, userErrors: [] });
    await api.gql(change('deleteWebhook'), { input: { id: asWritten.webhook.id, expectedVersion: 1, reason: 'the example' } });

    // The same webhook pointing at a receiver on loopback, delivered by a dispatcher of its own (the
    // server's was stopped by the FAILING test above).
    const receiver = await startReceiver();
    const dispatcher = new Dispatcher({ store: api.app.store, readModels: api.app.readModels, deliveries: api.app.deliveries!, production: false, retry: { baseMs: 20, capMs: 100 } });
    try {
      const input = { url: receiver.url, description: 'alerts to #ops', filter: { kinds: ['alert'], types: ['AlertRaised', 'AlertResolved'] }, format: 'SLACK' };
      const created = (await api.gql(CREATE_WEBHOOK, { input })).data.createWebhook;
      receiver.state.secret = created.secret;
      await api.gql(RECORD, { input: { title: 'Not an alert', rationale: 'r' } });
      const raised = AlertRaised.schema.parse({
        rule: 'r-late', ruleVersion: 1, kind: 'REPORT_LATE', subject: { kind: 'team', id: 'payments', name: 'Payments' }, period: '2026-W49',
        evidence: { kind: 'team', id: 'payments', position: null, summary: 'No report' }, recipients: [], summary: 'Payments has not reported 2026-W49',
      });
      const stream = { kind: ALERT_STREAM, id: 'slack-readme' };
      await api.app.store.append(stream, 'no-stream', [{ type: 'AlertRaised', payload: raised }], { actor: LEDGER_ACTOR });
      await api.app.store.append(stream, 1, [{ type: 'AlertAcknowledged', payload: { note: 'on it' } }], { actor: { id: 'ana', name: 'Ana', kind: 'HUMAN' } });
      await api.app.store.append(stream, 2, [{ type: 'AlertResolved', payload: { evidence: null, summary: 'Payments reported 2026-W49' } }], { actor: LEDGER_ACTOR });
      dispatcher.start(20);
      await vi.waitFor(() => expect(receiver.receipts.filter((r) => r.acknowledged)).toHaveLength(2), { timeout: 30_000, interval: 20 });
      const texts = receiver.receipts.map((r) => (JSON.parse(r.raw) as { text: string }).text);
      expect(texts).toEqual(['Alert raised: Payments has not reported 2026-W49 by decision-ledger alerts', 'Alert resolved: Payments reported 2026-W49 by decision-ledger alerts']);
      expect(receiver.receipts.every((r) => r.verified)).toBe(true);
      await api.gql(change('deleteWebhook'), { input: { id: created.webhook.id, expectedVersion: 1, reason: 'done' } });
    } finally {
      await dispatcher.stop();
      await receiver.close();
    }
  }, 180_000);
});

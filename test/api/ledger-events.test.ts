import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorization } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';

// The live subscription over server-sent events: replay from a position, then live, no gap, no duplicate.

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('ledger-events', { LEDGER_EVENTS_POLL_MS: '20' });
});
afterAll(() => api.close());

const SUBSCRIPTION = `subscription($after: Int, $filter: LedgerEventFilter) {
  ledgerEvents(after: $after, filter: $filter) { position type stream { kind id } hash previousHash recordedAt actor { name } reason }
}`;

const team = (i: number) => ({ type: 'TeamDefined', payload: { name: `Team ${i}`, kind: 'PRODUCT', headcount: 1, effectiveWeek: null } });
const actor = { id: 'seed', name: 'Seeder', kind: 'SERVICE' as const };

/** Reads `next` messages of a GraphQL-over-SSE response until `until` says stop; answers them and any errors. */
async function subscribe(variables: Record<string, unknown>, until: (events: any[]) => boolean, roles = ['AUDITOR'], onFirst?: () => void) {
  const controller = new AbortController();
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(await authorization({ roles: roles as never, sub: 'sse' })) },
    body: JSON.stringify({ query: SUBSCRIPTION, variables }),
    signal: controller.signal,
  });
  const events: any[] = [];
  const errors: any[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    while (!until(events) && errors.length === 0) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('');
        if (!data) continue;
        const parsed = JSON.parse(data);
        if (parsed.errors) errors.push(...parsed.errors);
        if (parsed.data?.ledgerEvents) {
          events.push(parsed.data.ledgerEvents);
          if (events.length === 1) onFirst?.();
        }
      }
    }
  } finally {
    controller.abort();
  }
  return { status: response.status, events, errors };
}

describe('ledgerEvents subscription', () => {
  it('replays 1 000 events from after: 0 while 100 more are appended: 1..1100 in order, no gap, no duplicate', async () => {
    const store = api.app.store;
    for (let batch = 0; batch < 25; batch += 1) {
      await store.append({ kind: 'team', id: `bulk-${batch}` }, 'no-stream', Array.from({ length: 40 }, (_, i) => team(batch * 40 + i)), { actor, reason: 'seed' });
    }
    let appending: Promise<unknown> | null = null;
    const startAppending = () => {
      appending = (async () => {
        for (let i = 0; i < 100; i += 1) {
          // Two at a time: some in one transaction, some racing the replay.
          await Promise.all([0, 1].map((j) => (i % 2 === j ? store.append({ kind: 'team', id: `live-${i}` }, 'no-stream', [team(i)], { actor, reason: `live ${i}` }) : null)));
        }
      })();
    };
    const { status, events, errors } = await subscribe({ after: 0 }, (e) => e.length >= 1100, ['AUDITOR'], startAppending);
    await appending;
    expect(status).toBe(200);
    expect(errors).toEqual([]);
    expect(events.map((e) => e.position)).toEqual(Array.from({ length: 1100 }, (_, i) => i + 1));
    for (let i = 1; i < events.length; i += 1) expect(events[i].previousHash).toBe(events[i - 1].hash);
    expect(events[1099]).toMatchObject({ type: 'TeamDefined', actor: { name: 'Seeder' }, stream: { kind: 'team' } });
  }, 180_000);

  it('starts after a position and filters by kind and type', async () => {
    await api.gql(`mutation { recordDecision(input: { title: "Live", rationale: "r" }) { userErrors { code } } }`);
    const head = (await api.app.store.head()).position;
    const { events } = await subscribe({ after: 1095, filter: { kinds: ['decision'] } }, (e) => e.length >= 1);
    expect(events.map((e) => [e.position, e.type])).toEqual([[head, 'DecisionRecorded']]);
    const typed = await subscribe({ after: 1098, filter: { types: ['TeamDefined'] } }, (e) => e.length >= 2);
    expect(typed.events.map((e) => e.position)).toEqual([1099, 1100]);
  }, 180_000);

  it('needs the audit permission; hardening limits apply to subscriptions too', async () => {
    const reader = await subscribe({ after: 0 }, (e) => e.length >= 1, ['READER']);
    expect(reader.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(reader.events).toEqual([]);
    const negative = await subscribe({ after: -1 }, (e) => e.length >= 1);
    expect(negative.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: position`).join(' ');
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(await authorization({ roles: ['ADMIN'], sub: 'sse' })) },
      body: JSON.stringify({ query: `subscription { ledgerEvents { ${aliases} } }` }),
    });
    const text = await response.text();
    expect(text).toContain('QUERY_LIMIT_EXCEEDED');
  }, 180_000);
});

describe('followLog', () => {
  it('ends a waiting subscription as soon as the client leaves, on a quiet ledger', async () => {
    const { followLog } = await import('../../api/schema/ledger-events.ts');
    const { LogCache } = await import('../../events/log-cache.ts');
    const { createMemoryStore } = await import('../support/memory.ts');
    const iterator = followLog(new LogCache(createMemoryStore()), 0, { kinds: [], types: [] });
    const waiting = iterator.next();
    await iterator.return!();
    // Resolves (done) instead of waiting for an event that never comes.
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  }, 180_000);
});

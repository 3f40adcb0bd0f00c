import { Readable } from 'node:stream';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import { StoreUnavailableError, VersionConflictError } from '../../events/errors.ts';
import { handleWriterRequest } from '../../events/writer/handle-request.ts';
import { HttpWriterTransport, startWriterServer } from '../../events/writer/http-transport.ts';
import { LambdaWriterTransport } from '../../events/writer/lambda-transport.ts';
import { RemoteEventStore } from '../../events/writer/remote-event-store.ts';
import { verifyIntegrity } from '../../events/verify-integrity.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { contractRegistry } from './store-contract.ts';

const meta = { actor: { id: 'u-1', name: 'Ada', kind: 'HUMAN' as const } };
const noted = (n: number) => [{ type: 'Noted', payload: { n } }];
const stream = (id: string) => ({ kind: 'note', id: `${id}-${Math.random().toString(36).slice(2, 8)}` });
const direct = (table: TestTable) => new DynamoEventStore({ client: table.client, tableName: table.tableName, registry: contractRegistry() });

/** A URL nobody listens on: a writer that was there and is gone. */
async function deadWriterUrl(table: TestTable): Promise<string> {
  const writer = await startWriterServer(direct(table));
  await writer.close();
  return writer.url;
}

describe('RemoteEventStore when the writer cannot be reached', () => {
  it('appends itself (a second writer, kept correct by the feed conditions) and says so', async () => {
    const table = await createTestTable('fallback', contractRegistry());
    const fallbacks: unknown[] = [];
    const store = new RemoteEventStore({
      local: direct(table), transport: new HttpWriterTransport(await deadWriterUrl(table)), registry: contractRegistry(), onFallback: (e) => fallbacks.push(e),
    });
    const live = await startWriterServer(direct(table));
    const viaWriter = new RemoteEventStore({ local: direct(table), transport: new HttpWriterTransport(live.url), registry: contractRegistry() });
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? store : viaWriter).append(stream('s'), 'no-stream', noted(i), meta)));
    await live.close();
    expect(fallbacks.length).toBeGreaterThan(0);
    expect((await table.store.readAll(0)).map((e) => e.position)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await verifyIntegrity(table.store)).ok).toBe(true);
  });

  it('without the fallback, fails as STORE_UNAVAILABLE (not an unknown outcome) and writes nothing', async () => {
    const table = await createTestTable('nofallback', contractRegistry());
    const store = new RemoteEventStore({ local: direct(table), transport: new HttpWriterTransport(await deadWriterUrl(table)), registry: contractRegistry(), fallback: false });
    const error = await store.append(stream('s'), 'no-stream', noted(1), meta).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', outcomeUnknown: false });
    expect(await table.store.readAll(0)).toEqual([]);
  });
});

/**
 * A LambdaClient whose HTTP edge runs the writer handler against DynamoDB Local, as the writer
 * function with reserved concurrency 1 would: an invoke while another runs is throttled (429).
 */
function lambdaAtTheEdge(table: TestTable, options: { functionError?: boolean; alwaysThrottled?: boolean } = {}) {
  const store = direct(table);
  const calls = { invokes: 0, throttled: 0, appends: 0 };
  let running = false;
  const respond = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => ({
    response: { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: Readable.from([Buffer.from(JSON.stringify(body))]) },
  });
  const client = new LambdaClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { body?: unknown }) {
        if (running || options.alwaysThrottled) {
          calls.throttled += 1;
          return respond(429, { message: 'Rate Exceeded.', Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' }, { 'x-amzn-errortype': 'TooManyRequestsException' });
        }
        running = true;
        try {
          calls.invokes += 1;
          const body = JSON.parse(Buffer.from(request.body as Uint8Array).toString('utf8')) as { appends: unknown[] };
          calls.appends += body.appends.length;
          if (options.functionError) return respond(200, { errorMessage: 'boom' }, { 'x-amz-function-error': 'Unhandled' });
          return respond(200, await handleWriterRequest(store, body));
        } finally {
          running = false;
        }
      },
    } as never,
  });
  return { client, calls };
}

describe('LambdaWriterTransport (Invoke stubbed at the SDK client edge, the handler on DynamoDB Local)', () => {
  it('sends what queued during an invoke in the next one, and retries throttled invokes of other instances', async () => {
    const table = await createTestTable('lambda-writer', contractRegistry());
    const first = lambdaAtTheEdge(table);
    const instances = [first.client, first.client, first.client].map(
      (client) => new RemoteEventStore({ local: direct(table), transport: new LambdaWriterTransport(client, 'writer'), registry: contractRegistry(), fallback: false }),
    );
    const a = stream('a');
    await instances[0]!.append(a, 'no-stream', noted(0), meta);
    const results = await Promise.allSettled(Array.from({ length: 18 }, (_, i) => instances[i % 3]!.append(i < 3 ? a : stream('b'), i < 3 ? 1 : 'no-stream', noted(i + 1), meta)));
    // Exactly one of the three appends at version 1 of `a` wins, and the others get the typed error back.
    const onA = results.slice(0, 3);
    expect(onA.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of onA) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(VersionConflictError);
    expect(results.slice(3).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(first.calls.appends).toBe(19);
    expect(first.calls.invokes).toBeLessThan(19); // batched
    expect((await table.store.readAll(0)).map((e) => e.position)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect((await verifyIntegrity(table.store)).ok).toBe(true);
  });

  it('keeps each invoke under the payload limit: what queued goes in as many invokes as it takes, in order', async () => {
    const table = await createTestTable('lambda-limit', contractRegistry());
    const { client, calls } = lambdaAtTheEdge(table);
    const bodies: number[] = [];
    const limit = 600;
    const transport = new LambdaWriterTransport(client, 'writer', { maxRequestBytes: limit });
    const send = transport.send.bind(transport);
    transport.send = (body) => (bodies.push(Buffer.byteLength(body)), send(body));
    const store = new RemoteEventStore({ local: direct(table), transport, registry: contractRegistry(), fallback: false });
    const streams = Array.from({ length: 9 }, () => stream('limit'));
    const results = await Promise.all(streams.map((s, i) => store.append(s, 'no-stream', noted(i), meta)));
    expect(results.map((r) => r.events[0]!.position)).toEqual(Array.from({ length: 9 }, (_, i) => i + 1));
    expect(calls.appends).toBe(9);
    // More than one append per invoke where they fit, never a body over the limit.
    expect(calls.invokes).toBeGreaterThan(1);
    expect(calls.invokes).toBeLessThan(9);
    expect(Math.max(...bodies)).toBeLessThanOrEqual(limit);
  });

  it('gives up on a throttled writer after its budget: STORE_UNAVAILABLE, nothing written (the API may not write itself)', async () => {
    const table = await createTestTable('lambda-throttled', contractRegistry());
    const { client, calls } = lambdaAtTheEdge(table, { alwaysThrottled: true });
    const store = new RemoteEventStore({ local: direct(table), transport: new LambdaWriterTransport(client, 'writer', { throttleBudgetMs: 300 }), registry: contractRegistry(), fallback: false });
    await expect(store.append(stream('s'), 'no-stream', noted(1), meta)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', outcomeUnknown: false });
    expect(calls.throttled).toBeGreaterThan(1);
    expect(await table.store.readAll(0)).toEqual([]);
  });

  it('reports a failed function as an unknown outcome, to retry with the same idempotency key', async () => {
    const table = await createTestTable('lambda-error', contractRegistry());
    const { client } = lambdaAtTheEdge(table, { functionError: true });
    const store = new RemoteEventStore({ local: direct(table), transport: new LambdaWriterTransport(client, 'writer'), registry: contractRegistry(), fallback: false });
    await expect(store.append(stream('s'), 'no-stream', noted(1), meta)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', outcomeUnknown: true });
  });
});

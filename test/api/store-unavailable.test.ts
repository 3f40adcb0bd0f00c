import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { configFromEnv } from '../../api/config.ts';
import { freePort } from '../../events/dynamodb/local-dynamodb.ts';
import { authorization, TEST_AUTH_ENV } from '../support/auth.ts';
import { RECORD } from '../support/decision-ops.ts';

const closers: (() => void)[] = [];
afterAll(() => closers.forEach((close) => close()));

async function serveApi(env: Record<string, string>) {
  const app = createApp(configFromEnv({ EVENTS_TABLE: 'unreachable', ...TEST_AUTH_ENV, ...env }));
  const credentials = await authorization();
  const server = createHttpServer(app.yoga);
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return (query: string, variables?: object) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...credentials }, body: JSON.stringify({ query, variables }) }).then(
      async (r) => ({ status: r.status, ...((await r.json()) as { data?: any; errors?: any[] }) }),
    );
}

describe('when DynamoDB cannot be reached', () => {
  it('answers writes and reads with STORE_UNAVAILABLE when nothing listens', async () => {
    const gql = await serveApi({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${await freePort()}` });
    const write = await gql(RECORD, { input: { title: 't', rationale: 'r' } });
    expect(write.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'STORE_UNAVAILABLE' }) })]);
    expect(write.errors![0].message).toMatch(/nothing was written/);
    const read = await gql(`{ decisions(first: 1) { totalCount } }`);
    expect(read.errors?.[0]?.extensions?.code).toBe('STORE_UNAVAILABLE');
  });

  it('gives up within the configured timeout when the endpoint accepts but never answers', async () => {
    const sockets = new Set<Socket>();
    const blackHole: Server = createTcpServer((socket) => sockets.add(socket));
    closers.push(() => {
      sockets.forEach((socket) => socket.destroy());
      blackHole.close();
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const gql = await serveApi({
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}`,
      DYNAMODB_TIMEOUT_MS: '300',
    });
    const started = Date.now();
    const write = await gql(RECORD, { input: { title: 't', rationale: 'r' } });
    expect(write.errors?.[0]?.extensions?.code).toBe('STORE_UNAVAILABLE');
    // Not a speed target: a bound that tells a bounded failure from a hang (3 attempts x 300 ms + backoff).
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

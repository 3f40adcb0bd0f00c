import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { configFromEnv } from '../../api/config.ts';
import { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import { createEventRegistry } from '../../domain/registry.ts';
import { authorization, TEST_AUTH_ENV } from '../support/auth.ts';
import { AUDIT_TRAIL, RECORD } from '../support/decision-ops.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';

/**
 * A write whose answer is lost after it committed, and whose read-back fails too: the one case in
 * which the server cannot tell the client whether it wrote. Faked at the SDK client's edge (the
 * transaction really commits on DynamoDB Local; only its answer and the read-back are replaced by
 * errors), the API over real HTTP.
 */
let table: TestTable;
let loseNextAnswer = false;
let failReadBack = false;
let url = '';
let close = () => {};

function withLostAnswers(client: DynamoDBDocumentClient): DynamoDBDocumentClient {
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  const lost = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $metadata: { attempts: 3 } });
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key !== 'send') return Reflect.get(target, key, receiver);
      return async (command: unknown) => {
        if (command instanceof TransactWriteCommand && loseNextAnswer) {
          loseNextAnswer = false;
          failReadBack = true;
          await send(command);
          throw lost();
        }
        if (command instanceof QueryCommand && failReadBack) {
          failReadBack = false;
          throw lost();
        }
        return send(command);
      };
    },
  });
}

beforeAll(async () => {
  table = await createTestTable('unknown-outcome');
  const store = new DynamoEventStore({ client: withLostAnswers(table.client), tableName: table.tableName, registry: createEventRegistry() });
  const app = createApp(configFromEnv({ DYNAMODB_ENDPOINT: table.endpoint, EVENTS_TABLE: table.tableName, ...TEST_AUTH_ENV }), { store, registerPeople: false });
  const server = createServer(app.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  close = () => {
    server.closeAllConnections();
    server.close();
  };
});
afterAll(() => close());

async function gql(query: string, variables?: object) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await authorization()) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

describe('a write whose outcome the store cannot know', () => {
  it('is answered with the server-made idempotency key, and a retry with it writes nothing twice', async () => {
    const input = { title: 'Lost answer', rationale: 'The transaction committed; its answer did not arrive.' };
    loseNextAnswer = true;
    const first = await gql(RECORD, { input });
    expect(first.errors).toHaveLength(1);
    const error = first.errors![0]!;
    expect(error.extensions).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true, outcomeUnknown: true });
    expect(error.extensions.idempotencyKey).toMatch(/^server~[0-9a-f-]{36}$/);
    expect(error.message).toMatch(/may have been written/);
    expect(error.message).not.toMatch(/nothing was written/);

    // The write did commit, with the key the server made for it.
    const trail = await gql(AUDIT_TRAIL, { first: 10 });
    expect(trail.data.auditTrail.edges.map((e: any) => e.node.idempotencyKey)).toEqual([error.extensions.idempotencyKey]);

    const retry = await gql(RECORD, { input: { ...input, idempotencyKey: error.extensions.idempotencyKey } });
    expect(retry.errors).toBeUndefined();
    expect(retry.data.recordDecision.userErrors, JSON.stringify(retry.data.recordDecision.userErrors)).toEqual([]);
    expect(retry.data.recordDecision.decision.title).toBe('Lost answer');
    expect((await gql(AUDIT_TRAIL, { first: 10 })).data.auditTrail.totalCount).toBe(1);
  });

  it('gives every write without a key a key of its own, and says nothing was written when it knows', async () => {
    const written = await gql(RECORD, { input: { title: 'Unkeyed', rationale: 'r' } });
    expect(written.errors).toBeUndefined();
    const keys = (await gql(AUDIT_TRAIL, { first: 10 })).data.auditTrail.edges.map((e: any) => e.node.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    for (const key of keys) expect(key).toMatch(/^server~/);
  });
});

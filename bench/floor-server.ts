/**
 * The floor baseline: a minimal graphql-yoga server in its own process, started like the API
 * (bench/lib/api-process.ts, same document client settings), whose one mutation sends the same
 * TransactWriteItems an append of one decision sends (bench/measure/raw.ts) to FLOOR_TABLE, with
 * attributes copied from FLOOR_TEMPLATE (a stored event item, JSON). No auth, no validation, no
 * domain: what any GraphQL API that writes this transaction costs at least.
 *
 * With FLOOR_ITEMS=append, the mutation sends instead every item the store's append of that event
 * sends (events/dynamodb/transaction-items.ts plus the head guard): the idempotency item every
 * command writes and the ConditionCheck that the previous feed item exists, 4 items where the
 * default floor sends 2. A second baseline: what is left of recordDecision over it is the API's
 * own code, the transaction's extra items being DynamoDB's share.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { configFromEnv } from '../api/config.ts';
import { createDocumentClient } from '../events/dynamodb/client.ts';
import { RawDynamo } from './measure/raw.ts';
import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { appendItems } from '../events/dynamodb/transaction-items.ts';
import { itemToEvent } from '../events/dynamodb/event-item.ts';
import { FEED_PARTITION, PARTITION_KEY, SORT_KEY, padNumber } from '../events/dynamodb/keys.ts';

if (!process.send) throw new Error('bench/floor-server.ts runs as a child process (see bench/lib/api-process.ts)');
const client = createDocumentClient(configFromEnv().dynamo);
const tableName = process.env.FLOOR_TABLE!;
const template = JSON.parse(process.env.FLOOR_TEMPLATE!) as Record<string, unknown>;
const raw = new RawDynamo(client, tableName, template);

let position = 0;
/** One append's TransactWriteItems as the store builds them, for a new stream at the next position. */
async function appendTransaction(): Promise<number> {
  position += 1;
  const event = { ...itemToEvent({ ...template, [PARTITION_KEY]: '', [SORT_KEY]: '' }), eventId: randomUUID(), position, version: 1 };
  event.stream = { kind: event.stream.kind, id: randomUUID() };
  event.idempotencyKey = `server~${randomUUID()}`;
  const { items } = appendItems(tableName, event.stream, 'no-stream', 0, [event], {
    actor: event.actor, reason: null, idempotencyKey: event.idempotencyKey, requestHash: event.hash,
  });
  const guard = { ConditionCheck: { TableName: tableName, Key: { [PARTITION_KEY]: FEED_PARTITION, [SORT_KEY]: padNumber(position - 1) }, ConditionExpression: `attribute_exists(${PARTITION_KEY})` } };
  const started = performance.now();
  await client.send(new TransactWriteCommand({ TransactItems: position > 1 ? [guard, ...items] : items }));
  return performance.now() - started;
}
const send = process.env.FLOOR_ITEMS === 'append' ? appendTransaction : () => raw.appendTransaction();
const yoga = createYoga({
  graphiql: false,
  schema: createSchema({
    typeDefs: 'type Query { ok: Boolean } type Mutation { recordDecision(title: String!): Float! }',
    resolvers: { Mutation: { recordDecision: send } },
  }),
});
const server = createServer(yoga);
server.keepAliveTimeout = 60_000;
process.on('message', (message: { id: number }) => {
  const cpu = process.cpuUsage();
  process.send!({ id: message.id, result: { ...process.memoryUsage(), cpuMs: (cpu.user + cpu.system) / 1000, position: 0 } });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
server.listen(0, '127.0.0.1', () => {
  process.send!({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` });
});

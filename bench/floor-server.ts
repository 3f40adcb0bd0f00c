/**
 * The floor baseline: a minimal graphql-yoga server in its own process, started like the API
 * (bench/lib/api-process.ts, same document client settings), whose one mutation sends the same
 * TransactWriteItems an append of one decision sends (bench/measure/raw.ts) to FLOOR_TABLE, with
 * attributes copied from FLOOR_TEMPLATE (a stored event item, JSON). No auth, no validation, no
 * domain: what any GraphQL API that writes this transaction costs at least.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { configFromEnv } from '../api/config.ts';
import { createDocumentClient } from '../events/dynamodb/client.ts';
import { RawDynamo } from './measure/raw.ts';

if (!process.send) throw new Error('bench/floor-server.ts runs as a child process (see bench/lib/api-process.ts)');
const raw = new RawDynamo(createDocumentClient(configFromEnv().dynamo), process.env.FLOOR_TABLE!, JSON.parse(process.env.FLOOR_TEMPLATE!) as Record<string, unknown>);
const yoga = createYoga({
  graphiql: false,
  schema: createSchema({
    typeDefs: 'type Query { ok: Boolean } type Mutation { recordDecision(title: String!): Float! }',
    resolvers: { Mutation: { recordDecision: () => raw.appendTransaction() } },
  }),
});
const server = createServer(yoga);
server.keepAliveTimeout = 60_000;
process.on('message', (message: { id: number }) => process.send!({ id: message.id, result: { ...process.memoryUsage(), position: 0 } }));
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
server.listen(0, '127.0.0.1', () => {
  process.send!({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` });
});

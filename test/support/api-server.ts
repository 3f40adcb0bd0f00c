import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from '../../bench/lib/loopback.ts';
import { inject } from 'vitest';
import { createApp, type App, type AppOptions } from '../../api/app.ts';
import { configFromEnv } from '../../api/config.ts';
import { authorization, TEST_AUTH_ENV, type TestIdentity } from './auth.ts';
import { createTestTable, type TestTable } from './dynamo.ts';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export type Gql = <T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<GraphQLResponse<T>>;

export interface TestServer {
  url: string;
  app: App;
  table: TestTable;
  /** A request with the default identity's token (an ADMIN, `dev`); an `authorization` header replaces it. */
  gql: Gql;
  /** Requests as another identity, or without an Authorization header at all (`null`). */
  as(identity: TestIdentity | null): Gql;
  close(): Promise<void>;
}

/**
 * The real API over real HTTP on a loopback port, backed by a fresh table on DynamoDB Local,
 * trusting the test token issuer (test/support/auth.ts).
 */
export async function startTestServer(
  label: string,
  env: Record<string, string> = {},
  /**
   * `registerPeople`: off unless asked for, because most API tests count the log's events exactly;
   * the people and alert tests turn it on.
   */
  options: Omit<AppOptions, 'store'> = {},
): Promise<TestServer> {
  // An injected clock is the store's too: events are recorded at the test's present.
  const table = await createTestTable(label, undefined, options.clock);
  const config = configFromEnv({ DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), EVENTS_TABLE: table.tableName, ...TEST_AUTH_ENV, ...env });
  const app = createApp(config, { ...options, ...(options.clock && { store: table.store }), registerPeople: options.registerPeople ?? false });
  const server: Server = createServer(app.yoga);
  const loopback = await listenOnLoopback(server);
  const url = `${loopback.origin}/graphql`;
  const as =
    (identity?: TestIdentity | null): Gql =>
    async (query, variables, headers = {}) => {
      const credentials = identity === null ? {} : await authorization(identity);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...credentials, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    };
  return {
    url,
    app,
    table,
    gql: as(),
    as,
    close: loopback.close,
  };
}

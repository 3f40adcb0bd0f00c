import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { listenOnLoopback } from '../../bench/lib/loopback.ts';
import { Webhook } from 'standardwebhooks';
import { inject } from 'vitest';
import { createApp, type App } from '../../api/app.ts';
import { configFromEnv } from '../../api/config.ts';
import { Dispatcher, type DispatcherOptions } from '../../api/outbound/dispatcher.ts';
import type { LedgerEventBody } from '../../api/outbound/messages.ts';
import { createDocumentClient } from '../../events/dynamodb/client.ts';
import { ensureTable } from '../../events/dynamodb/tables.ts';
import { authorization, TEST_AUTH_ENV, type TestIdentity } from './auth.ts';
import type { Gql } from './api-server.ts';

/** How the receiver answers: 200, 500, a reset connection, no answer, a redirect, or a 200 lost on the way. */
export type ReceiverMode = 'up' | 'error' | 'reset' | 'hang' | 'redirect' | 'lose-ack';

export interface Receipt {
  body: LedgerEventBody;
  raw: string;
  headers: IncomingHttpHeaders;
  /** Whether the receiver answered 2xx to this POST (as far as it knows). */
  acknowledged: boolean;
  verified: boolean;
}

/**
 * A real HTTP receiver on loopback that verifies every signature with the standardwebhooks
 * package against the secret it is given, and remembers what it received and answered.
 */
export async function startReceiver() {
  const receipts: Receipt[] = [];
  const state = { mode: 'up' as ReceiverMode, secret: '', unverified: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const mode = state.mode;
      if (mode === 'reset') return req.socket.destroy();
      if (mode === 'hang') return;
      if (mode === 'error') return res.writeHead(500).end('down for maintenance');
      if (mode === 'redirect') return res.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' }).end();
      let verified = true;
      try {
        new Webhook(state.secret).verify(raw, req.headers as Record<string, string>);
      } catch {
        verified = false;
        state.unverified += 1;
      }
      const receipt: Receipt = { body: JSON.parse(raw) as LedgerEventBody, raw, headers: req.headers, acknowledged: mode === 'up' && verified, verified };
      receipts.push(receipt);
      if (!verified) return res.writeHead(401).end('bad signature');
      if (mode === 'lose-ack') return req.socket.destroy();
      res.writeHead(200).end('ok');
    });
  });
  const loopback = await listenOnLoopback(server);
  return {
    url: `${loopback.origin}/hook`,
    receipts,
    state,
    close: loopback.close,
  };
}

export async function createDeliveryTable(label: string): Promise<string> {
  const client = createDocumentClient({ endpoint: inject('dynamoEndpoint') });
  const name = `test-${label}-delivery-${Math.random().toString(36).slice(2, 8)}`;
  await ensureTable(client, name);
  client.destroy();
  return name;
}

export interface OutboundServer {
  url: string;
  app: App;
  dispatcher: Dispatcher;
  gql: Gql;
  as(identity: TestIdentity): Gql;
  close(): Promise<void>;
}

/** The API over HTTP on the given tables, with the dispatcher running in the process (as npm start runs it). */
export async function startOutboundServer(
  tables: { events: string; delivery: string },
  dispatcher: Partial<DispatcherOptions> = {},
  pollMs = 20,
): Promise<OutboundServer> {
  const config = configFromEnv({
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    EVENTS_TABLE: tables.events,
    DELIVERY_TABLE: tables.delivery,
    ...TEST_AUTH_ENV,
  });
  // Delivery tests count the log's events: no person registrations in between.
  const app = createApp(config, { registerPeople: false });
  const running = new Dispatcher({
    store: app.store,
    readModels: app.readModels,
    deliveries: app.deliveries!,
    production: false,
    retry: { baseMs: 20, capMs: 100 },
    timeoutMs: 2_000,
    ...dispatcher,
  });
  app.onAppended.add(() => running.notify());
  running.start(pollMs);
  const server = createServer(app.yoga);
  const loopback = await listenOnLoopback(server);
  const url = `${loopback.origin}/graphql`;
  const as =
    (identity?: TestIdentity): Gql =>
    async (query, variables, headers = {}) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(await authorization(identity)), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    };
  return {
    url,
    app,
    dispatcher: running,
    gql: as(),
    as,
    close: async () => {
      await running.stop();
      await loopback.close();
    },
  };
}

export const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { webhook { id version url status format filter { kinds types } lastDeliveredPosition } secret userErrors { code field message } }
}`;

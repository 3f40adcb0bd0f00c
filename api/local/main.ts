import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createDocumentClient } from '../../events/dynamodb/client.ts';
import { JavaMissingError, startLocalDynamo, type LocalDynamo } from '../../events/dynamodb/local-dynamodb.ts';
import { ensureTable } from '../../events/dynamodb/tables.ts';
import { endpointFile } from '../../events/cli/connect.ts';
import { startWriterServer } from '../../events/writer/http-transport.ts';
import { createApp } from '../app.ts';
import { AuthConfigError } from '../auth/auth-config.ts';
import { loadOrCreateDevKey } from '../auth/dev-key.ts';
import { configFromEnv } from '../config.ts';
import { localWebConfig } from '../web-app.ts';
import { ensureWebBuilt, WEB_DIST } from '../../web/build.ts';
import { startLocalDispatcher } from '../outbound/local.ts';

/**
 * `npm start`: DynamoDB Local (data in DATA_DIR, kept across restarts) unless DYNAMODB_ENDPOINT
 * names one that already runs, the events table, and GraphQL with GraphiQL on PORT. Without JWT_*
 * settings it trusts the development signing key in DATA_DIR (created here), which `npm run token` uses.
 * The web view (web/, built when missing or stale) is served at /.
 */
async function main(): Promise<void> {
  // npm start keeps webhook delivery state in a local table unless told otherwise.
  const config = configFromEnv({ DELIVERY_TABLE: 'decision-ledger-delivery', ...process.env });
  const port = Number(process.env.PORT || 4000);
  const dataDir = process.env.DATA_DIR || '.data';

  let dynamo: LocalDynamo | null = null;
  if (!config.dynamo.endpoint) {
    try {
      dynamo = await startLocalDynamo({ dataDir: join(dataDir, 'dynamodb') });
    } catch (error) {
      if (error instanceof JavaMissingError) {
        console.error(error.message);
        process.exit(1);
      }
      throw error;
    }
    config.dynamo.endpoint = dynamo.endpoint;
    // The CLI tools (seed, export, replay) find this DynamoDB Local through the file.
    writeFileSync(endpointFile(dataDir), dynamo.endpoint);
    console.log(`DynamoDB Local on ${dynamo.endpoint}, data in ${join(dataDir, 'dynamodb')}`);
  }

  let dispatcher: ReturnType<typeof startLocalDispatcher> = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    await dispatcher?.stop();
    if (dynamo) rmSync(endpointFile(dataDir), { force: true });
    await dynamo?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  dynamo?.process.once('exit', (code) => {
    if (!stopping) {
      console.error(`DynamoDB Local exited unexpectedly (code ${code}); stopping.`);
      void stop(1);
    }
  });

  const client = createDocumentClient(config.dynamo);
  for (const table of [config.tableName, config.snapshots?.tableName, config.deliveryTable]) {
    if (table && (await ensureTable(client, table)) === 'created') console.log(`Created table ${table}`);
  }
  client.destroy();

  if (config.auth.keys.kind === 'dev-key') {
    await loadOrCreateDevKey(config.auth.keys.file);
    console.log(`Accepting development tokens signed with ${config.auth.keys.file}: npm run token -- --role ADMIN --sub you`);
  }
  // The web view at /: built here when missing or older than its sources.
  await ensureWebBuilt((line) => console.log(line));
  const app = createApp(config, { web: { dir: WEB_DIST, config: localWebConfig(config) } });
  const { yoga } = app;
  dispatcher = startLocalDispatcher(app, config);
  // Time-based alert rules (a deadline passing) need a clock, not an append: every minute.
  setInterval(() => app.alerts.schedule(), 60_000).unref();
  const { store } = app;
  // WRITER_PORT: this process is also its organisation's writer; other API processes append through it (WRITER_URL).
  const writerPort = process.env.WRITER_PORT;
  if (writerPort && !config.writer) {
    const writer = await startWriterServer(store, Number(writerPort), process.env.WRITER_HOST || '127.0.0.1');
    console.log(`Writer for other API processes on ${writer.url} (start them with WRITER_URL=${writer.url})`);
  }
  const server = createServer(yoga);
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `Port ${port} is already in use. Stop what runs there, or start on another port: PORT=4001 npm start`
        : `The HTTP server failed: ${error.message}`,
    );
    void stop(1);
  });
  server.listen(port, () => {
    console.log(`decision-ledger web view on http://localhost:${port}/ (sign in with a token: npm run token -- --role READER --sub you)`);
    console.log(`decision-ledger GraphQL API on http://localhost:${port}/graphql`);
  });
}

main().catch((error) => {
  console.error(error instanceof AuthConfigError ? error.message : error);
  process.exit(1);
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, type DynamoConnection } from '../dynamodb/client.ts';
import { DynamoEventStore } from '../dynamodb/dynamo-event-store.ts';
import { startLocalDynamo, type LocalDynamo } from '../dynamodb/local-dynamodb.ts';
import { createEventRegistry } from '../../domain/registry.ts';

export const DEFAULT_TABLE = 'decision-ledger-events';

/** Where `npm start` leaves the address of the DynamoDB Local it runs, for the CLI tools. */
export const endpointFile = (dataDir: string) => join(dataDir, 'dynamodb-endpoint');

export interface LedgerConnection {
  connection: DynamoConnection;
  tableName: string;
  /** Stops the DynamoDB Local this connection started, if any. */
  close(): Promise<void>;
}

async function answers(endpoint: string): Promise<boolean> {
  const client = createDocumentClient({ endpoint, maxAttempts: 1, requestTimeoutMs: 1000 });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/**
 * Finds the ledger a CLI tool should use: DYNAMODB_ENDPOINT if set; a deployed table when
 * EVENTS_TABLE is set without an endpoint (AWS credentials and region from the environment);
 * the DynamoDB Local that `npm start` runs; or else its own DynamoDB Local on DATA_DIR.
 */
export async function connectLedger(env: NodeJS.ProcessEnv = process.env): Promise<LedgerConnection> {
  const tableName = env.EVENTS_TABLE || DEFAULT_TABLE;
  const dataDir = env.DATA_DIR || '.data';
  const none = async () => {};
  if (env.DYNAMODB_ENDPOINT) return { connection: { endpoint: env.DYNAMODB_ENDPOINT }, tableName, close: none };
  if (env.EVENTS_TABLE) return { connection: { region: env.AWS_REGION }, tableName, close: none };
  const file = endpointFile(dataDir);
  if (existsSync(file)) {
    const endpoint = readFileSync(file, 'utf8').trim();
    if (await answers(endpoint)) return { connection: { endpoint }, tableName, close: none };
  }
  const local: LocalDynamo = await startLocalDynamo({ dataDir: join(dataDir, 'dynamodb') });
  return { connection: { endpoint: local.endpoint }, tableName, close: () => local.stop() };
}

/** The store over the ledger a CLI tool should use (see connectLedger). */
export async function openLedgerStore(): Promise<LedgerConnection & { store: DynamoEventStore }> {
  const ledger = await connectLedger();
  const store = new DynamoEventStore({
    client: createDocumentClient(ledger.connection),
    tableName: ledger.tableName,
    registry: createEventRegistry(),
  });
  return { ...ledger, store };
}

/** Runs a CLI's main when the module is the entry point, printing failures without a stack trace. */
export function runIfMain(moduleUrl: string, main: () => Promise<void>): void {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== process.argv[1]) return;
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}

import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../events/dynamodb/client.ts';
import { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import { startLocalDynamo, type LocalDynamo } from '../../events/dynamodb/local-dynamodb.ts';
import { ensureTable } from '../../events/dynamodb/tables.ts';
import { createEventRegistry } from '../../domain/registry.ts';

export type { LocalDynamo };

/**
 * DynamoDB Local (see startLocalDynamo), tried up to three times: on a loaded machine the JVM
 * sometimes needs longer than the 30 s startLocalDynamo waits.
 */
export async function startDynamo(options: { dataDir?: string; port?: number } = {}): Promise<LocalDynamo> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startLocalDynamo(options);
    } catch (error) {
      if (attempt >= 3 || !/did not answer/.test((error as Error).message)) throw error;
      console.error(`DynamoDB Local was slow to start (attempt ${attempt}); trying again`);
    }
  }
}

export interface BenchTable {
  endpoint: string;
  tableName: string;
  client: DynamoDBDocumentClient;
  store: DynamoEventStore;
  /** Deletes the table: DynamoDB Local frees its memory, so later runs do not pay for it in GC. */
  drop(): Promise<void>;
}

/** An events table on `endpoint` (created when missing) and the real store over it. */
export async function openTable(endpoint: string, tableName: string, requestTimeoutMs?: number): Promise<BenchTable> {
  const client = createDocumentClient({ endpoint, requestTimeoutMs });
  await ensureTable(client, tableName);
  return {
    endpoint,
    tableName,
    client,
    store: new DynamoEventStore({ client, tableName, registry: createEventRegistry() }),
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '../../events/dynamodb/client.ts';
import { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import { ensureTable } from '../../events/dynamodb/tables.ts';
import type { EventRegistry } from '../../events/registry.ts';
import { createEventRegistry } from '../../domain/registry.ts';

export interface TestTable {
  endpoint: string;
  tableName: string;
  client: DynamoDBDocumentClient;
  store: DynamoEventStore;
}

/** A fresh events table on the run's DynamoDB Local, and a store over it (stamping events with `now`, the system clock by default). */
export async function createTestTable(label: string, registry: EventRegistry = createEventRegistry(), now?: () => Date): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint');
  const client = createDocumentClient({ endpoint });
  const tableName = `test-${label}-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  const store = new DynamoEventStore({ client, tableName, registry, ...(now && { now }) });
  return { endpoint, tableName, client, store };
}

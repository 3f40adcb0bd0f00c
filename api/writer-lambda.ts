import { createDocumentClient } from '../events/dynamodb/client.ts';
import { DynamoEventStore } from '../events/dynamodb/dynamo-event-store.ts';
import { createEventRegistry } from '../domain/registry.ts';
import { handleWriterRequest } from '../events/writer/handle-request.ts';
import type { WriterResponse } from '../events/writer/protocol.ts';
import { storeConfigFromEnv } from './config.ts';

// Only the table's settings: the writer verifies no tokens (only the API function may invoke it).
// One store per execution environment: with reserved concurrency 1 it is the organisation's only
// writer, so its remembered head holds and its appends never race another for a position.
const config = storeConfigFromEnv();
const store = new DynamoEventStore({ client: createDocumentClient(config.dynamo), tableName: config.tableName, registry: createEventRegistry() });

/** The writer function: a WriterRequest (events/writer/protocol.ts) from an API instance, its outcomes back. */
export function handler(event: unknown): Promise<WriterResponse> {
  return handleWriterRequest(store, event);
}

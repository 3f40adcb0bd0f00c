/**
 * The organisation's writer as its own process, for the bench and the fault run: a
 * DynamoEventStore over DYNAMODB_ENDPOINT / EVENTS_TABLE served by startWriterServer on a loopback
 * port (PORT, or any free one). Speaks the IPC of bench/lib/api-process.ts (`ready`, `stats`).
 */
import { createDocumentClient } from '../events/dynamodb/client.ts';
import { DynamoEventStore } from '../events/dynamodb/dynamo-event-store.ts';
import { startWriterServer } from '../events/writer/http-transport.ts';
import { createEventRegistry } from '../domain/registry.ts';
import { storeConfigFromEnv } from '../api/config.ts';

if (!process.send) throw new Error('bench/writer-server.ts runs as a child process (see bench/lib/api-process.ts)');
const config = storeConfigFromEnv();
const store = new DynamoEventStore({ client: createDocumentClient(config.dynamo), tableName: config.tableName, registry: createEventRegistry() });
const writer = await startWriterServer(store, Number(process.env.PORT ?? 0));

process.on('message', (message: { id: number }) => {
  const cpu = process.cpuUsage();
  process.send!({ id: message.id, result: { ...process.memoryUsage(), cpuMs: (cpu.user + cpu.system) / 1000, position: 0 } });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
process.send({ type: 'ready', url: writer.url });

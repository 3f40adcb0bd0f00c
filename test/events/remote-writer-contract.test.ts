import { afterAll } from 'vitest';
import { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import type { EventRegistry } from '../../events/registry.ts';
import { HttpWriterTransport, startWriterServer } from '../../events/writer/http-transport.ts';
import { RemoteEventStore } from '../../events/writer/remote-event-store.ts';
import { createTestTable } from '../support/dynamo.ts';
import { contractRegistry, storeContract } from './store-contract.ts';

const servers: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A writer over the table, served over loopback HTTP as another process would serve it. */
async function writerOver(table: Awaited<ReturnType<typeof createTestTable>>, registry = contractRegistry()): Promise<string> {
  const writer = await startWriterServer(new DynamoEventStore({ client: table.client, tableName: table.tableName, registry }));
  servers.push(writer);
  return writer.url;
}

const remoteStore = (table: Awaited<ReturnType<typeof createTestTable>>, url: string, registry: EventRegistry = contractRegistry()) =>
  new RemoteEventStore({
    local: new DynamoEventStore({ client: table.client, tableName: table.tableName, registry }),
    transport: new HttpWriterTransport(url),
    registry,
    fallback: false,
  });

/** An API process whose store and writer read and write with `registry`; appends wait for its writer to listen. */
function laterDeployment(table: Awaited<ReturnType<typeof createTestTable>>, registry: EventRegistry): RemoteEventStore {
  const url = writerOver(table, registry);
  const store = (async () => remoteStore(table, await url, registry))();
  return new Proxy({} as RemoteEventStore, {
    get: (_, name: keyof RemoteEventStore) => async (...args: unknown[]) => ((await store)[name] as (...a: unknown[]) => unknown)(...args),
  });
}

// Every API process sends its appends to the one writer; reads go to the table.
storeContract('API processes through one HTTP writer', async () => {
  const table = await createTestTable('remote', contractRegistry());
  const url = await writerOver(table);
  return {
    store: remoteStore(table, url),
    // A sibling reading with other event schemas is code deployed later: its writer runs that code too.
    makeSibling: (registry) => (registry ? laterDeployment(table, registry) : remoteStore(table, url)),
  };
});

// Two processes that both believe they are the writer: siblings go to a second writer over the same table.
storeContract('two writers over one table', async () => {
  const table = await createTestTable('two-writers', contractRegistry());
  const [first, second] = [await writerOver(table), await writerOver(table)];
  let sibling = 0;
  return {
    store: remoteStore(table, first),
    makeSibling: (registry) => (registry ? laterDeployment(table, registry) : remoteStore(table, ++sibling % 2 ? second : first)),
  };
});

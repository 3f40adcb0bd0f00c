import { createDocumentClient } from '../events/dynamodb/client.ts';
import { DynamoEventStore } from '../events/dynamodb/dynamo-event-store.ts';
import { DynamoLogSnapshots } from '../events/dynamodb/log-snapshots.ts';
import { createEventRegistry } from '../domain/registry.ts';
import { SnapshottedEventStore } from '../events/snapshotted-store.ts';
import type { EventStore } from '../events/store.ts';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { HttpWriterTransport } from '../events/writer/http-transport.ts';
import { LambdaWriterTransport } from '../events/writer/lambda-transport.ts';
import { RemoteEventStore, type WriterTransport } from '../events/writer/remote-event-store.ts';
import type { AppConfig } from './config.ts';
import type { ViewSnapshotOptions } from './read-models.ts';
import { DynamoViewSnapshots } from '../events/dynamodb/view-snapshots.ts';

/** The store the API writes and reads through: the events table, behind log snapshots when configured. */
export function createEventStore(config: Pick<AppConfig, 'dynamo' | 'tableName' | 'snapshots'> & Partial<Pick<AppConfig, 'writer'>>): EventStore {
  const client = createDocumentClient(config.dynamo);
  const registry = createEventRegistry();
  const direct = new DynamoEventStore({ client, tableName: config.tableName, registry });
  // A writer function is the only principal the stack lets write the table (infra/writer.ts), so
  // an API instance that cannot get through to it answers STORE_UNAVAILABLE instead of appending
  // itself; an HTTP writer (local, the bench) keeps the fallback.
  const events = config.writer ? remote(direct, writerTransport(config.writer, config.dynamo.region), registry, 'url' in config.writer) : direct;
  if (!config.snapshots) return events;
  const { tableName, chunkEvents } = config.snapshots;
  return new SnapshottedEventStore(events, new DynamoLogSnapshots(client, tableName), registry, {
    chunkEvents,
    // Snapshots only make cold starts faster: the log stays the source, so a failure is a warning.
    onError: (error, what) =>
      console.warn(`Log snapshots in ${tableName}: ${what} failed (${(error as Error).message}); the events table stays the source.`),
  });
}

/** View snapshots in the snapshots table, when configured (and not turned off with VIEW_SNAPSHOT_EVERY=0). */
export function viewSnapshotsOf(config: Pick<AppConfig, 'dynamo' | 'snapshots'>): ViewSnapshotOptions | undefined {
  if (!config.snapshots || config.snapshots.viewsEvery === 0) return undefined;
  const { tableName, viewsEvery, viewTableChunk } = config.snapshots;
  return {
    source: new DynamoViewSnapshots(createDocumentClient(config.dynamo), tableName),
    every: viewsEvery,
    tableChunk: viewTableChunk,
    // Like the log's: only cold starts get slower without them.
    onError: (error, what) => console.warn(`View snapshots in ${tableName}: ${what} failed (${(error as Error).message}); the views are folded from the log instead.`),
    onDone: (what, position, bytes, ms) => console.info(`View snapshot at position ${position} ${what} (${bytes} bytes gzipped, ${Math.round(ms)} ms).`),
  };
}

function writerTransport(writer: NonNullable<AppConfig['writer']>, region: string | undefined): WriterTransport {
  if ('url' in writer) return new HttpWriterTransport(writer.url);
  return new LambdaWriterTransport(new LambdaClient({ region }), writer.functionName);
}

/** Appends through the organisation's writer; reads (and, with `fallback`, writes when the writer cannot be reached) straight to the table. */
function remote(direct: DynamoEventStore, transport: WriterTransport, registry: ReturnType<typeof createEventRegistry>, fallback: boolean): EventStore {
  let warned = false;
  return new RemoteEventStore({
    local: direct,
    transport,
    registry,
    fallback,
    onFallback: (error) => {
      if (warned) return;
      warned = true;
      console.warn(`The writer could not be reached (${(error as Error).message}); this process appends itself until it can (correct, slower under contention).`);
    },
  });
}

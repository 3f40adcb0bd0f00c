import { createDocumentClient } from '../events/dynamodb/client.ts';
import { DynamoEventStore } from '../events/dynamodb/dynamo-event-store.ts';
import { DynamoLogSnapshots } from '../events/dynamodb/log-snapshots.ts';
import { createEventRegistry } from '../domain/registry.ts';
import { SnapshottedEventStore } from '../events/snapshotted-store.ts';
import type { EventStore } from '../events/store.ts';
import type { AppConfig } from './config.ts';

/** The store the API writes and reads through: the events table, behind log snapshots when configured. */
export function createEventStore(config: Pick<AppConfig, 'dynamo' | 'tableName' | 'snapshots'>): EventStore {
  const client = createDocumentClient(config.dynamo);
  const registry = createEventRegistry();
  const events = new DynamoEventStore({ client, tableName: config.tableName, registry });
  if (!config.snapshots) return events;
  const { tableName, chunkEvents } = config.snapshots;
  return new SnapshottedEventStore(events, new DynamoLogSnapshots(client, tableName), registry, {
    chunkEvents,
    // Snapshots only make cold starts faster: the log stays the source, so a failure is a warning.
    onError: (error, what) =>
      console.warn(`Log snapshots in ${tableName}: ${what} failed (${(error as Error).message}); the events table stays the source.`),
  });
}

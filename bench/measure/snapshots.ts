import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import { DynamoLogSnapshots } from '../../events/dynamodb/log-snapshots.ts';
import { ensureTable } from '../../events/dynamodb/tables.ts';
import { createEventRegistry } from '../../events/schemas/index.ts';
import { SnapshottedEventStore } from '../../events/snapshotted-store.ts';

/**
 * Fills a snapshots table for the log in `eventsTable` the way an API process does (reading the log
 * in pages of 1000 through the snapshotted store), so a cold start can then read them.
 */
export async function writeLogSnapshots(client: DynamoDBDocumentClient, eventsTable: string, snapshotsTable: string) {
  const started = performance.now();
  await ensureTable(client, snapshotsTable);
  const registry = createEventRegistry();
  const snapshots = new DynamoLogSnapshots(client, snapshotsTable);
  const errors: string[] = [];
  const store = new SnapshottedEventStore(new DynamoEventStore({ client, tableName: eventsTable, registry }), snapshots, registry, {
    onError: (error, what) => errors.push(`${what}: ${(error as Error).message}`),
  });
  for (let after = 0; ; ) {
    const page = await store.readAll(after, 1000);
    await store.flush();
    if (page.length < 1000) break;
    after = page[page.length - 1]!.position;
  }
  if (errors.length) throw new Error(`writing the log snapshots failed: ${errors.join('; ')}`);
  const chunks = await snapshots.chunks();
  return { ms: performance.now() - started, chunks: chunks.length, covered: chunks.at(-1)?.to ?? 0 };
}

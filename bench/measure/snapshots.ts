import { createEventStore } from '../../api/event-store.ts';
import { DynamoLogSnapshots } from '../../events/dynamodb/log-snapshots.ts';
import { ensureTable } from '../../events/dynamodb/tables.ts';
import type { SnapshottedEventStore } from '../../events/snapshotted-store.ts';
import type { BenchTable } from '../lib/dynamo.ts';

/**
 * Fills a snapshots table for the log in `events` the way an API process does (the API's store,
 * reading the log in pages of 1000), so a cold start can then read them.
 */
export async function writeLogSnapshots(events: BenchTable, snapshotsTable: string) {
  const started = performance.now();
  await ensureTable(events.client, snapshotsTable);
  const store = createEventStore({
    dynamo: { endpoint: events.endpoint },
    tableName: events.tableName,
    snapshots: { tableName: snapshotsTable, chunkEvents: 5000 },
  }) as SnapshottedEventStore;
  let last = 0;
  for (;;) {
    const page = await store.readAll(last, 1000);
    await store.flush();
    if (page.length > 0) last = page[page.length - 1]!.position;
    if (page.length < 1000) break;
  }
  const chunks = await new DynamoLogSnapshots(events.client, snapshotsTable).chunks();
  const covered = chunks.at(-1)?.to ?? 0;
  if (covered < last - 5000) throw new Error(`the log snapshots cover ${covered} of ${last} events (see the warnings above)`);
  return { ms: performance.now() - started, chunks: chunks.length, covered };
}

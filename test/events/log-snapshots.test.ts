import { randomBytes } from 'node:crypto';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { AppendMeta, StreamRef } from '../../events/envelope.ts';
import { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import { DynamoLogSnapshots } from '../../events/dynamodb/log-snapshots.ts';
import { ensureTable } from '../../events/dynamodb/tables.ts';
import { verifyChain } from '../../events/integrity.ts';
import { SnapshottedEventStore } from '../../events/snapshotted-store.ts';
import type { EventStore } from '../../events/store.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { contractRegistry, storeContract } from './store-contract.ts';

const meta: AppendMeta = { actor: { id: 'u-1', name: 'Ada', kind: 'HUMAN' }, reason: null };
const stream = (id: string): StreamRef => ({ kind: 'note', id });

/** An events table with its own snapshots table. */
async function ledger(label: string) {
  const table = await createTestTable(label, contractRegistry());
  const snapshotsTable = `${table.tableName}-snapshots`;
  await ensureTable(table.client, snapshotsTable);
  return { ...table, snapshotsTable, snapshots: new DynamoLogSnapshots(table.client, snapshotsTable) };
}

/** A store over the table counting the feed reads that reach DynamoDB, as a fresh process would have. */
function freshProcess(table: TestTable, snapshots: DynamoLogSnapshots, chunkEvents: number) {
  const inner = new DynamoEventStore({ client: table.client, tableName: table.tableName, registry: contractRegistry() });
  const feedReads: number[] = [];
  const counting: EventStore = Object.assign(Object.create(inner) as DynamoEventStore, {
    readAll: (after: number, limit?: number, options?: object) => {
      feedReads.push(after);
      return inner.readAll(after, limit, options);
    },
  });
  const errors: string[] = [];
  const store = new SnapshottedEventStore(counting, snapshots, contractRegistry(), {
    chunkEvents,
    onError: (error, what) => errors.push(`${what}: ${(error as Error).message}`),
  });
  return { store, feedReads, errors };
}

async function appendNotes(store: EventStore, count: number, text?: (i: number) => string): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await store.append(stream(`n${i % 4}`), 'any', [{ type: 'Noted', payload: { n: i, text: text?.(i) } }], meta);
  }
}

/** A ledger of `notes` notes whose chunks of `chunkEvents` a first process has read and written. */
async function chunkedLedger(label: string, notes: number, chunkEvents: number, text?: (i: number) => string) {
  const table = await ledger(label);
  await appendNotes(table.store, notes, text);
  const first = freshProcess(table, table.snapshots, chunkEvents);
  await first.store.readAll(0);
  await first.store.flush();
  return table;
}

/** The items of one partition of the snapshots table. */
async function itemsOf(table: { client: TestTable['client']; snapshotsTable: string }, pk: string) {
  const { Items = [] } = await table.client.send(
    new QueryCommand({ TableName: table.snapshotsTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
  );
  return Items;
}

/** Reads the whole log in pages, as the log cache does. */
async function readInPages(store: EventStore, pageSize: number) {
  const events = [];
  for (;;) {
    const page = await store.readAll(events.length, pageSize);
    events.push(...page);
    if (page.length < pageSize) return events;
  }
}

storeContract('DynamoDB Local behind log snapshots', async () => {
  const table = await ledger('snap-contract');
  const make = (registry = contractRegistry()) =>
    new SnapshottedEventStore(
      new DynamoEventStore({ client: table.client, tableName: table.tableName, registry }),
      table.snapshots,
      registry,
      { chunkEvents: 3 },
    );
  return { store: make(), makeSibling: make };
});

describe('log snapshots', () => {
  it('let a fresh process catch up from chunks and read only the tail from the events table', async () => {
    const table = await ledger('snap-cold');
    await appendNotes(table.store, 47);
    const truth = await table.store.readAll(0);

    const first = freshProcess(table, table.snapshots, 10);
    expect(await readInPages(first.store, 7)).toEqual(truth);
    await first.store.flush();
    expect(first.errors).toEqual([]);
    const chunks = await table.snapshots.chunks();
    expect(chunks.map((c) => [c.from, c.to])).toEqual([[1, 10], [11, 20], [21, 30], [31, 40]]);
    expect(await chunks[1]!.events()).toEqual(truth.slice(10, 20));

    const second = freshProcess(table, table.snapshots, 10);
    expect(await readInPages(second.store, 7)).toEqual(truth);
    // One read to check the chunks against the log at 40, then only the tail after 40.
    expect(second.feedReads).toEqual([39, 40, 42]);
    expect(second.errors).toEqual([]);
  });

  it('turn what the process appends after the covered run into the next chunk', async () => {
    const table = await ledger('snap-append');
    const writer = freshProcess(table, table.snapshots, 5);
    await writer.store.readAll(0);
    await appendNotes(writer.store, 12);
    await writer.store.flush();
    expect((await table.snapshots.chunks()).map((c) => [c.from, c.to])).toEqual([[1, 5], [6, 10]]);

    const reader = freshProcess(table, table.snapshots, 5);
    const events = await reader.store.readAll(0);
    expect(events).toEqual(await table.store.readAll(0));
    expect(verifyChain(events)).toMatchObject({ ok: true, checked: 12 });
    expect(reader.feedReads).toEqual([9, 10]);
  });

  it('split a chunk too big for one item into parts and read it back', async () => {
    const table = await ledger('snap-parts');
    // Random hex: 6 events of 120 kB compress to about half, more than one item holds.
    await appendNotes(table.store, 6, () => randomBytes(60_000).toString('hex'));
    const first = freshProcess(table, table.snapshots, 6);
    await first.store.readAll(0);
    await first.store.flush();
    const Items = await itemsOf(table, 'LOG');
    expect(Items.length).toBeGreaterThanOrEqual(2);
    const second = freshProcess(table, table.snapshots, 6);
    expect(await second.store.readAll(0)).toEqual(await table.store.readAll(0));
    expect(second.feedReads).toEqual([5, 6]);
  });

  it('are listed from their index entries alone, and a chunk without one (its writer stopped after the parts) is not used', async () => {
    const table = await chunkedLedger('snap-index', 12, 4);
    const entries = await itemsOf(table, 'LOG-INDEX');
    expect(entries.map((entry) => [entry.from, entry.to, entry.parts, 'data' in entry])).toEqual([[1, 4, 1, false], [5, 8, 1, false], [9, 12, 1, false]]);
    await table.client.send(new DeleteCommand({ TableName: table.snapshotsTable, Key: { pk: 'LOG-INDEX', sk: entries[1]!.sk } }));

    expect((await table.snapshots.chunks()).map((c) => [c.from, c.to])).toEqual([[1, 4], [9, 12]]);
    const reader = freshProcess(table, table.snapshots, 4);
    expect(await reader.store.readAll(0)).toEqual(await table.store.readAll(0));
    // The run from position 1 ends at 4: checked there, the rest from the log.
    expect(reader.feedReads).toEqual([3, 4]);
    expect(reader.errors).toEqual([]);
  });

  it('do not hold up a read of one event (a cold start checking a view snapshot) while they are listed', async () => {
    const table = await ledger('snap-one');
    await appendNotes(table.store, 6);
    let list!: () => void;
    const listed = new Promise<void>((resolve) => (list = resolve));
    const slow = Object.assign(Object.create(table.snapshots) as DynamoLogSnapshots, {
      chunks: () => listed.then(() => table.snapshots.chunks()),
    });
    const reader = freshProcess(table, slow, 3);
    const truth = await table.store.readAll(0);
    // Answered while the listing has not ended.
    expect(await reader.store.readAll(3, 1)).toEqual([truth[3]]);
    list();
    expect(await reader.store.readAll(0)).toEqual(truth);
    expect(reader.errors).toEqual([]);
  });

  it('are ignored, and the log read instead, when the log does not end a chunk with the same hash', async () => {
    const table = await ledger('snap-other');
    await appendNotes(table.store, 10);
    const other = await ledger('snap-other-log');
    await appendNotes(other.store, 10, (i) => `other ${i}`);
    const seeded = freshProcess(other, table.snapshots, 5);
    await seeded.store.readAll(0);
    await seeded.store.flush();

    // table's snapshots now hold chunks of another log.
    const reader = freshProcess(table, table.snapshots, 5);
    expect(await reader.store.readAll(0)).toEqual(await table.store.readAll(0));
    expect(reader.errors).toEqual([expect.stringContaining('checking the log snapshots')]);
  });

  it('fall back to the log from a chunk whose bytes are damaged', async () => {
    const table = await chunkedLedger('snap-damaged', 9, 3);
    const Items = await itemsOf(table, 'LOG');
    const second = Items.find((item) => item.from === 4)!;
    await table.client.send(new PutCommand({ TableName: table.snapshotsTable, Item: { ...second, data: new Uint8Array([1, 2, 3]) } }));

    const reader = freshProcess(table, table.snapshots, 3);
    expect(await reader.store.readAll(0)).toEqual(await table.store.readAll(0));
    expect(reader.errors).toEqual([expect.stringContaining('decoding the log snapshot from position 4')]);
    expect(reader.feedReads).toEqual([8, 3]);
  });

  it('keep working without snapshots when their table cannot be read or written', async () => {
    const table = await ledger('snap-missing');
    await appendNotes(table.store, 6);
    const reader = freshProcess(table, new DynamoLogSnapshots(table.client, `${table.tableName}-absent`), 2);
    expect(await reader.store.readAll(0)).toEqual(await table.store.readAll(0));
    await reader.store.flush();
    expect(reader.errors).toEqual([
      expect.stringContaining('reading the log snapshots'),
      expect.stringContaining('writing a log snapshot'),
    ]);
  });
});

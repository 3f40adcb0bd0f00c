import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { itemToEvent } from '../../events/dynamodb/event-item.ts';
import { FEED_PARTITION, padNumber, streamPartition } from '../../events/dynamodb/keys.ts';
import { hashEvent } from '../../events/integrity.ts';
import { verifyIntegrity } from '../../events/verify-integrity.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { contractRegistry } from './store-contract.ts';

const actor = { id: 'u', name: 'U', kind: 'HUMAN' as const };

/** A log of 6 events over 3 streams: a1 a2 b1 c1 a3 b2. */
async function ledger(): Promise<TestTable> {
  const table = await createTestTable('tamper', contractRegistry());
  const { store } = table;
  const note = (n: number) => ({ type: 'Noted', payload: { n } });
  await store.append({ kind: 'note', id: 'a' }, 'no-stream', [note(1), note(2)], { actor });
  await store.append({ kind: 'note', id: 'b' }, 'no-stream', [note(3)], { actor });
  await store.append({ kind: 'note', id: 'c' }, 'no-stream', [note(4)], { actor });
  await store.append({ kind: 'note', id: 'a' }, 2, [note(5)], { actor });
  await store.append({ kind: 'note', id: 'b' }, 1, [note(6)], { actor });
  return table;
}

const feedKey = (position: number) => ({ pk: FEED_PARTITION, sk: padNumber(position) });
const streamKey = (id: string, version: number) => ({ pk: streamPartition('note', id), sk: padNumber(version) });

async function getItem(table: TestTable, key: Record<string, string>): Promise<Record<string, any>> {
  return (await table.client.send(new GetCommand({ TableName: table.tableName, Key: key }))).Item!;
}
const put = (table: TestTable, item: Record<string, unknown>) => table.client.send(new PutCommand({ TableName: table.tableName, Item: item }));
const del = (table: TestTable, key: Record<string, string>) => table.client.send(new DeleteCommand({ TableName: table.tableName, Key: key }));

describe('verifyIntegrity against a log tampered with directly in DynamoDB', () => {
  it('reports an untouched log as ok, with its head', async () => {
    const table = await ledger();
    const report = await verifyIntegrity(table.store, { pageSize: 4 });
    expect(report).toMatchObject({ ok: true, checked: 6, head: { position: 6 } });
    expect(report.head.hash).toBe((await table.store.head()).hash);
    expect(await verifyIntegrity(table.store, { fromPosition: 3, toPosition: 5 })).toMatchObject({ ok: true, checked: 3 });
  });

  it('finds an altered payload at its position', async () => {
    const table = await ledger();
    await put(table, { ...(await getItem(table, feedKey(3))), payload: JSON.stringify({ n: 300 }) });
    expect((await verifyIntegrity(table.store)).failure).toMatchObject({ position: 3, problem: 'HASH_MISMATCH' });
  });

  it('finds an altered event whose hash was recomputed at the next position', async () => {
    const table = await ledger();
    const item = await getItem(table, feedKey(2));
    const altered = { ...item, reason: 'rewritten history' };
    const { hash: _old, ...event } = itemToEvent(altered);
    await put(table, { ...altered, hash: hashEvent(event) });
    expect((await verifyIntegrity(table.store)).failure).toMatchObject({ position: 3, problem: 'PREVIOUS_HASH_MISMATCH' });
  });

  it('finds a deleted event as a gap at its position', async () => {
    const table = await ledger();
    await del(table, feedKey(4));
    expect((await verifyIntegrity(table.store)).failure).toMatchObject({ position: 4, problem: 'POSITION_GAP' });
  });

  it('finds an inserted event at its position', async () => {
    const table = await ledger();
    const last = await getItem(table, feedKey(6));
    await put(table, { ...last, sk: padNumber(7), position: 7, version: 3, eventId: 'forged' });
    expect((await verifyIntegrity(table.store)).failure).toMatchObject({ position: 7, problem: 'PREVIOUS_HASH_MISMATCH' });
  });

  it('finds a stream copy that differs from the log, or is missing', async () => {
    const table = await ledger();
    await put(table, { ...(await getItem(table, streamKey('a', 3))), payload: JSON.stringify({ n: 500 }) });
    expect((await verifyIntegrity(table.store)).failure).toMatchObject({ position: 5, problem: 'STREAM_COPY_MISMATCH' });
    const other = await ledger();
    await del(other, streamKey('c', 1));
    expect((await verifyIntegrity(other.store)).failure).toMatchObject({ position: 4, problem: 'STREAM_COPY_MISSING' });
  });

  it('finds a stream item inserted outside the global log', async () => {
    const table = await ledger();
    await put(table, { ...(await getItem(table, streamKey('c', 1))), sk: padNumber(2), version: 2, position: 99 });
    expect((await verifyIntegrity(table.store)).failure).toMatchObject({ problem: 'STREAM_ITEM_NOT_IN_LOG', position: 99 });
  });

  it('proves against a published head that nothing before it was rewritten or cut off', async () => {
    const table = await ledger();
    const published = (await verifyIntegrity(table.store)).head;
    expect(await verifyIntegrity(table.store, { expectedHead: published })).toMatchObject({ ok: true });

    // Cut the last event off: the chain that remains is whole, only the published head tells.
    await del(table, feedKey(6));
    await del(table, streamKey('b', 2));
    expect((await verifyIntegrity(table.store)).ok).toBe(true);
    expect((await verifyIntegrity(table.store, { expectedHead: published })).failure).toMatchObject({ position: 6, problem: 'ANCHOR_MISMATCH' });
    expect((await verifyIntegrity(table.store, { expectedHead: { position: 5, hash: 'f'.repeat(64) } })).failure).toMatchObject({
      position: 5,
      problem: 'ANCHOR_MISMATCH',
    });
  });
});

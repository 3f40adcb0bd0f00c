import { DeleteCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import { FEED_PARTITION, PARTITION_KEY, SORT_KEY, padNumber } from '../../events/dynamodb/keys.ts';
import type { AppendMeta, AppendResult, StreamRef } from '../../events/envelope.ts';
import {
  StoreUnavailableError,
  TooLargeError,
  VersionConflictError,
} from '../../events/errors.ts';
import { verifyChain } from '../../events/integrity.ts';
import { verifyIntegrity } from '../../events/verify-integrity.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { QUEUED_OUTCOMES, callAppend, contractRegistry, outcomeOf, queuedCalls } from './store-contract.ts';

type TxItems = NonNullable<TransactWriteCommand['input']['TransactItems']>;

interface SentTransaction {
  items: TxItems;
  outcome: 'pending' | 'ok' | string;
}

/**
 * A store whose client records every TransactWriteItems it sends (items and outcome), and can run
 * `beforeTransaction` first: to move the log behind the store's back, or fail the call.
 */
async function instrumentedStore(
  options: { beforeTransaction?: (sent: SentTransaction, index: number) => Promise<void> | void; maxAppendAttempts?: number } = {},
) {
  const table = await createTestTable('groupcommit', contractRegistry());
  const transactions: SentTransaction[] = [];
  const client = new Proxy(table.client, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        if (!(command instanceof TransactWriteCommand)) return target.send(command as never);
        const sent: SentTransaction = { items: command.input.TransactItems ?? [], outcome: 'pending' };
        transactions.push(sent);
        try {
          await options.beforeTransaction?.(sent, transactions.length - 1);
          const output = await target.send(command);
          sent.outcome = 'ok';
          return output;
        } catch (error) {
          sent.outcome = (error as Error).name;
          throw error;
        }
      };
    },
  });
  const store = new DynamoEventStore({
    client,
    tableName: table.tableName,
    registry: contractRegistry(),
    maxAppendAttempts: options.maxAppendAttempts,
  });
  return { table, store, transactions };
}

const actor = { id: 'u-1', name: 'Ada', kind: 'HUMAN' as const };
const meta: AppendMeta = { actor, reason: 'because' };
const keyed = (key: string): AppendMeta => ({ ...meta, idempotencyKey: key, requestHash: key });
const noted = (n: number) => ({ type: 'Noted', payload: { n } });
let counter = 0;
const newStream = (): StreamRef => ({ kind: 'note', id: `g${++counter}-${Math.random().toString(36).slice(2, 8)}` });

/** Keys of every item a transaction touches; DynamoDB refuses a transaction that names one twice. */
function touchedKeys(items: TxItems): string[] {
  return items.map((item) => {
    const key = item.Put?.Item ?? item.ConditionCheck?.Key ?? {};
    return `${String(key[PARTITION_KEY])}|${String(key[SORT_KEY])}`;
  });
}

function expectWellFormed(transactions: SentTransaction[]) {
  for (const { items } of transactions) {
    expect(items.length).toBeLessThanOrEqual(100);
    const keys = touchedKeys(items);
    expect(new Set(keys).size).toBe(keys.length);
  }
}

/** Number of appends (stream-item groups) a transaction carries: its distinct stream partitions. */
const appendsIn = (items: TxItems) =>
  new Set(items.map((item) => String(item.Put?.Item?.[PARTITION_KEY] ?? '')).filter((pk) => pk.startsWith('S#'))).size;

async function expectWholeLog(table: TestTable, count: number) {
  const all = await table.store.readAll(0);
  expect(all.map((e) => e.position)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  expect(new Set(all.map((e) => e.eventId)).size).toBe(count);
  expect(verifyChain(all).ok).toBe(true);
  expect(await verifyIntegrity(table.store)).toMatchObject({ ok: true, checked: count });
  return all;
}

describe('group commit', () => {
  it('writes many concurrent appends to different streams gapless and chained, in fewer transactions', async () => {
    const { table, store, transactions } = await instrumentedStore();
    await store.append(newStream(), 'no-stream', [noted(0)], meta); // a remembered head: batches carry the guard
    const sizes = Array.from({ length: 60 }, (_, i) => 1 + (i % 3));
    const results = await Promise.all(
      sizes.map((size, i) =>
        store.append(newStream(), 'no-stream', Array.from({ length: size }, (_, n) => noted(i * 10 + n)), i % 4 === 0 ? keyed(`k${i}`) : meta),
      ),
    );
    const total = 1 + sizes.reduce((a, b) => a + b, 0);
    const all = await expectWholeLog(table, total);
    // Every caller got the positions and hashes that are in the log.
    for (const result of results) {
      for (const event of result.events) expect(all[event.position - 1]).toEqual(event);
    }
    expect(results.map((r) => r.position)).toEqual([...results.map((r) => r.position)].sort((a, b) => a - b));
    // 1 + 60 appends (about 250 items): the first alone, then full transactions of up to 100 items.
    expect(transactions.length).toBeLessThanOrEqual(6);
    expect(transactions.every((t) => t.outcome === 'ok')).toBe(true);
    expect(Math.max(...transactions.map((t) => t.items.length))).toBeGreaterThan(90);
    expectWellFormed(transactions);
  });

  it('fails only the appends of a batch whose version is wrong, and does not charge the others an attempt', async () => {
    // One attempt: an innocent append retried after its batch was cancelled must not count it.
    const { table, store, transactions } = await instrumentedStore({ maxAppendAttempts: 1 });
    const a = newStream();
    const b = newStream();
    await store.append(a, 'no-stream', [noted(1)], meta);
    await store.append(b, 'no-stream', [noted(2)], meta);

    const [blocker, wrongNew, innocent, wrongNumber, keyedInnocent, right] = await Promise.allSettled([
      store.append(newStream(), 'no-stream', [noted(3)], meta),
      store.append(a, 'no-stream', [noted(4)], meta),
      store.append(newStream(), 'no-stream', [noted(5), noted(6)], meta),
      store.append(b, 5, [noted(7)], meta),
      store.append(newStream(), 'no-stream', [noted(8)], keyed('innocent')),
      store.append(a, 1, [noted(9)], meta), // a second append to `a`: waits for the next transaction
    ]);
    expect(blocker.status).toBe('fulfilled');
    expect(wrongNew).toMatchObject({ status: 'rejected', reason: { code: 'VERSION_CONFLICT', expected: 'no-stream', actual: 1 } });
    expect((wrongNew as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
    expect(wrongNumber).toMatchObject({ status: 'rejected', reason: { code: 'VERSION_CONFLICT', expected: 5, actual: 1 } });
    expect(innocent.status).toBe('fulfilled');
    expect(keyedInnocent.status).toBe('fulfilled');
    expect(right).toMatchObject({ status: 'fulfilled', value: { streamVersion: 2 } });

    // The conflicts really shared a cancelled transaction with the innocent appends.
    const cancelled = transactions.filter((t) => t.outcome === 'TransactionCanceledException');
    expect(cancelled.length).toBeGreaterThanOrEqual(1);
    expect(appendsIn(cancelled[0]!.items)).toBe(4);
    expect(transactions.length).toBeLessThan(2 + 6);
    expectWellFormed(transactions);
    const all = await expectWholeLog(table, 7);
    expect(all.map((e) => (e.payload as { n: number }).n)).toEqual(expect.arrayContaining([1, 2, 3, 5, 6, 8, 9]));
    expect((await store.readStream(b)).map((e) => e.version)).toEqual([1]);
  });

  it('gives same-stream and same-idempotency-key appends queued together the outcomes they get one by one, in fewer transactions', async () => {
    // The outcomes are the store contract's (test/events/store-contract.ts); here, that they share transactions.
    const sequential = await instrumentedStore();
    const one: PromiseSettledResult<AppendResult>[] = [];
    for (const call of queuedCalls()) one.push(...(await Promise.allSettled([callAppend(sequential.store, call)])));
    const together = await instrumentedStore();
    const all = await Promise.allSettled(queuedCalls().map((call) => callAppend(together.store, call)));

    expect(one.map(outcomeOf)).toMatchObject(QUEUED_OUTCOMES);
    expect(all.map(outcomeOf)).toEqual(one.map(outcomeOf));
    expect(together.transactions.length).toBeLessThan(sequential.transactions.length);
    expect(together.transactions.some((t) => appendsIn(t.items) >= 3)).toBe(true);
    expectWellFormed(together.transactions);
    await expectWholeLog(together.table, 11);
  });

  it('retries an any-append whose stream another writer moved, and its batch, from a fresh head', async () => {
    const moved = newStream();
    let sibling: DynamoEventStore | undefined;
    const { table, store, transactions } = await instrumentedStore({
      // Just before the batch goes out, another process appends to `moved` and takes the next position.
      beforeTransaction: async (_sent, index) => {
        if (index === 1) await sibling!.append(moved, 'any', [noted(100)], meta);
      },
    });
    sibling = table.store;
    const results = await Promise.all([
      store.append(newStream(), 'no-stream', [noted(1)], meta),
      store.append(moved, 'any', [noted(2)], meta),
      store.append(newStream(), 'no-stream', [noted(3)], keyed('k')),
      store.append(newStream(), 'no-stream', [noted(4)], meta),
    ]);
    expect(results[1]!.streamVersion).toBe(2);
    expect(transactions.map((t) => t.outcome)).toEqual(['ok', 'TransactionCanceledException', 'ok']);
    expect(appendsIn(transactions[2]!.items)).toBe(3);
    await expectWholeLog(table, 5);
    expect((await store.readStream(moved)).map((e) => (e.payload as { n: number }).n)).toEqual([100, 2]);
  });

  it('gives every append of the batch the store error when the transaction fails otherwise', async () => {
    const { table, store, transactions } = await instrumentedStore({
      beforeTransaction: (_sent, index) => {
        if (index === 1) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      },
    });
    const results = await Promise.allSettled([
      store.append(newStream(), 'no-stream', [noted(1)], meta),
      store.append(newStream(), 'no-stream', [noted(2)], meta),
      store.append(newStream(), 'no-stream', [noted(3)], keyed('k')),
      store.append(newStream(), 'no-stream', [noted(4)], meta),
    ]);
    expect(results[0]!.status).toBe('fulfilled');
    for (const result of results.slice(1)) {
      expect(result).toMatchObject({ status: 'rejected', reason: { code: 'STORE_UNAVAILABLE' } });
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
    }
    expect(appendsIn(transactions[1]!.items)).toBe(3);
    // The next append continues the log where it really is.
    expect((await store.append(newStream(), 'no-stream', [noted(5)], meta)).position).toBe(2);
    await expectWholeLog(table, 2);
  });

  it('refuses an append too large on its own before writing it, and writes its batch mates', async () => {
    const { table, store, transactions } = await instrumentedStore();
    const results = await Promise.allSettled([
      store.append(newStream(), 'no-stream', [noted(1)], meta),
      store.append(newStream(), 'no-stream', Array.from({ length: 51 }, (_, i) => noted(i)), meta),
      store.append(newStream(), 'no-stream', [noted(2)], meta),
      store.append(newStream(), 1, Array.from({ length: 50 }, (_, i) => noted(i)), meta), // 101 items with its version check
      // 100 items fit alone, not with the head guard: this one goes out after a head read instead.
      store.append(newStream(), 'no-stream', Array.from({ length: 50 }, (_, i) => noted(i)), meta),
      store.append(newStream(), 'no-stream', [noted(3)], meta),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { code: 'TOO_LARGE', limit: 'TRANSACTION_ITEMS' } });
    expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(TooLargeError);
    expect(results[3]).toMatchObject({ reason: { limit: 'TRANSACTION_ITEMS' } });
    expect(transactions.every((t) => t.outcome === 'ok')).toBe(true);
    expectWellFormed(transactions);
    await expectWholeLog(table, 53);
  });
});

describe('feed guard', () => {
  it('continues the log from what is really there when the remembered head vanished', async () => {
    const { table, store, transactions } = await instrumentedStore();
    for (let n = 1; n <= 3; n += 1) await store.append(newStream(), 'no-stream', [noted(n)], meta);
    // Behind the store's back, the head feed item disappears (a restore, a bad hand edit).
    await table.client.send(
      new DeleteCommand({ TableName: table.tableName, Key: { [PARTITION_KEY]: FEED_PARTITION, [SORT_KEY]: padNumber(3) } }),
    );
    const second = (await table.store.readAll(1, 1))[0]!;

    const result = await store.append(newStream(), 'no-stream', [noted(4)], meta);
    expect(result.position).toBe(3);
    expect(result.events[0]!.previousHash).toBe(second.hash);
    const all = await store.readAll(0);
    expect(all.map((e) => e.position)).toEqual([1, 2, 3]);
    expect(all.map((e) => (e.payload as { n: number }).n)).toEqual([1, 2, 4]);
    expect(verifyChain(all).ok).toBe(true);
    // The guard cancelled the write from the stale head: one round trip, nothing written.
    expect(transactions.map((t) => t.outcome)).toEqual(['ok', 'ok', 'ok', 'TransactionCanceledException', 'ok']);
    expect(touchedKeys(transactions[3]!.items)).toContain(`${FEED_PARTITION}|${padNumber(3)}`);
    // Back to one round trip per append once the head is known again.
    expect((await store.append(newStream(), 'no-stream', [noted(5)], meta)).position).toBe(4);
    expect(transactions).toHaveLength(6);
  });
});

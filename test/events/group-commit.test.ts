import { DeleteCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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

interface Hooks {
  /** Runs before a TransactWriteItems goes out: to move the log behind the store's back, hold it, or fail it unsent. */
  beforeTransaction?: (sent: SentTransaction, index: number) => Promise<void> | void;
  /** Runs after a TransactWriteItems committed, before its answer reaches the store: throwing loses the answer. */
  afterTransaction?: (sent: SentTransaction, index: number) => Promise<void> | void;
  /** Runs before every Query: throwing makes DynamoDB unreachable for reads. */
  beforeQuery?: () => void;
}

/**
 * A store whose client (at the SDK client's edge, in front of DynamoDB Local) records every
 * TransactWriteItems it sends (items and outcome) and every Query, and runs the hooks around them.
 */
async function instrumentedStore(options: Hooks & { maxAppendAttempts?: number; queueTimeoutMs?: number } = {}) {
  const table = await createTestTable('groupcommit', contractRegistry());
  const transactions: SentTransaction[] = [];
  const queries: QueryCommand['input'][] = [];
  const client = new Proxy(table.client, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        if (command instanceof QueryCommand) {
          queries.push(command.input);
          options.beforeQuery?.();
        }
        if (!(command instanceof TransactWriteCommand)) return target.send(command as never);
        const sent: SentTransaction = { items: command.input.TransactItems ?? [], outcome: 'pending' };
        transactions.push(sent);
        const index = transactions.length - 1;
        try {
          await options.beforeTransaction?.(sent, index);
          const output = await target.send(command);
          sent.outcome = 'ok';
          await options.afterTransaction?.(sent, index);
          return output;
        } catch (error) {
          if (sent.outcome === 'pending') sent.outcome = (error as Error).name;
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
    queueTimeoutMs: options.queueTimeoutMs,
  });
  return { table, store, transactions, queries };
}

/** An error as the SDK throws it when a request timed out or the connection broke: no answer, so no status. */
const lostAnswer = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
/** Each append was refused as STORE_UNAVAILABLE, saying whether it may have committed. */
function expectUnavailable(results: PromiseSettledResult<unknown>[], outcomeUnknown: boolean, message: RegExp): void {
  for (const result of results) {
    expect(result).toMatchObject({ status: 'rejected', reason: { code: 'STORE_UNAVAILABLE', outcomeUnknown } });
    expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
    expect((result as PromiseRejectedResult).reason.message).toMatch(message);
  }
}

/** Hooks that lose the answer of the second transaction, before or after DynamoDB commits it. */
const losingAnswer = (when: 'beforeTransaction' | 'afterTransaction') => ({
  [when]: (_sent: unknown, index: number) => {
    if (index === 1) throw lostAnswer();
  },
});

/** Queries of the feed that read back positions (the store's check after a lost answer). */
const readBacks = (queries: QueryCommand['input'][]) => queries.filter((q) => q.KeyConditionExpression?.includes('BETWEEN :first AND :last'));

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

  it('fails a batch whose answer was lost before it committed as STORE_UNAVAILABLE, after reading back that nothing was written', async () => {
    const { table, store, transactions, queries } = await instrumentedStore(losingAnswer('beforeTransaction'));
    const results = await Promise.allSettled([
      store.append(newStream(), 'no-stream', [noted(1)], meta),
      store.append(newStream(), 'no-stream', [noted(2)], meta),
      store.append(newStream(), 'no-stream', [noted(3)], keyed('k')),
      store.append(newStream(), 'no-stream', [noted(4)], meta),
    ]);
    expect(results[0]!.status).toBe('fulfilled');
    expectUnavailable(results.slice(1), false, /did not commit; nothing was written/);
    expect(appendsIn(transactions[1]!.items)).toBe(3);
    expect(readBacks(queries)).toHaveLength(1);
    // The next append continues the log where it really is.
    expect((await store.append(newStream(), 'no-stream', [noted(5)], meta)).position).toBe(2);
    await expectWholeLog(table, 2);
  });

  it('answers a batch whose answer was lost after it committed with its results, after reading it back', async () => {
    const { table, store, transactions, queries } = await instrumentedStore(losingAnswer('afterTransaction'));
    const results = await Promise.all([
      store.append(newStream(), 'no-stream', [noted(1)], meta),
      store.append(newStream(), 'no-stream', [noted(2), noted(3)], meta),
      store.append(newStream(), 'no-stream', [noted(4)], keyed('committed')),
      store.append(newStream(), 'no-stream', [noted(5)], meta),
    ]);
    expect(transactions.map((t) => t.outcome)).toEqual(['ok', 'ok']);
    expect(appendsIn(transactions[1]!.items)).toBe(3);
    expect(readBacks(queries)).toHaveLength(1);
    const all = await expectWholeLog(table, 5);
    for (const result of results) {
      for (const event of result.events) expect(all[event.position - 1]).toEqual(event);
    }
    // Written once: the next append follows it, from the head the read-back confirmed.
    expect((await store.append(newStream(), 'no-stream', [noted(6)], meta)).position).toBe(6);
    await expectWholeLog(table, 6);
  });

  it('says the outcome is unknown when the read-back fails too, and continues from the real head once DynamoDB answers', async () => {
    let reachable = true;
    const { table, store } = await instrumentedStore({
      afterTransaction: (_sent, index) => {
        if (index !== 1) return;
        reachable = false; // the connection drops after the commit: the answer and the read-back are lost
        throw lostAnswer();
      },
      beforeQuery: () => {
        if (!reachable) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { name: 'Error', code: 'ECONNREFUSED' });
      },
    });
    const results = await Promise.allSettled([
      store.append(newStream(), 'no-stream', [noted(1)], meta),
      store.append(newStream(), 'no-stream', [noted(2)], keyed('unknown')),
      store.append(newStream(), 'no-stream', [noted(3)], meta),
    ]);
    expect(results[0]!.status).toBe('fulfilled');
    expectUnavailable(results.slice(1), true, /the outcome of this write is unknown/);
    reachable = true;
    // It had committed: the idempotency key tells a retry, and the log goes on after it, gapless.
    expect(await store.findIdempotency(actor.id, 'unknown')).toMatchObject({ firstPosition: 2 });
    expect((await store.append(newStream(), 'no-stream', [noted(4)], meta)).position).toBe(4);
    await expectWholeLog(table, 4);
  });

  it('does not read back a transaction DynamoDB refused on its one attempt', async () => {
    const { table, store, queries } = await instrumentedStore({
      beforeTransaction: (_sent, index) => {
        if (index === 1) {
          throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400, attempts: 1 } });
        }
      },
    });
    const results = await Promise.allSettled([
      store.append(newStream(), 'no-stream', [noted(1)], meta),
      store.append(newStream(), 'no-stream', [noted(2)], meta),
    ]);
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'STORE_UNAVAILABLE', outcomeUnknown: false } });
    expect(readBacks(queries)).toHaveLength(0);
    await expectWholeLog(table, 1);
  });

  it('fails the appends queued behind a transaction that does not answer within the bound, unsent, and lands the stuck one once', async () => {
    let sentStuck!: () => void;
    const stuckSent = new Promise<void>((resolve) => (sentStuck = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const { table, store, transactions } = await instrumentedStore({
      queueTimeoutMs: 50,
      beforeTransaction: async (_sent, index) => {
        if (index !== 0) return;
        sentStuck();
        await released; // DynamoDB does not answer until the test says so
      },
      // ...and then the answer to the commit is lost as well: it is read back.
      afterTransaction: (_sent, index) => {
        if (index === 0) throw lostAnswer();
      },
    });
    let stuckSettled = false;
    const stuck = store.append(newStream(), 'no-stream', [noted(1)], meta).finally(() => (stuckSettled = true));
    await stuckSent;
    const queued = [newStream(), newStream()].map((stream, i) => ({ stream, n: 2 + i, key: `queued-${i}` }));
    const behind = queued.map(({ stream, n, key }) => store.append(stream, 'no-stream', [noted(n)], keyed(key)));

    // These answer while the transaction ahead of them still hangs: without the bound they would wait for it.
    for (const result of await Promise.allSettled(behind)) {
      expect(result).toMatchObject({ status: 'rejected', reason: { code: 'STORE_UNAVAILABLE', outcomeUnknown: false } });
      expect((result as PromiseRejectedResult).reason.message).toMatch(/was not sent and nothing of it was written/);
    }
    // Appends arriving while it still hangs fail at once.
    await expect(store.append(newStream(), 'no-stream', [noted(9)], meta)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(stuckSettled).toBe(false);
    expect(transactions).toHaveLength(1);

    release();
    expect((await stuck).position).toBe(1);
    // The clients retry what failed (same keys): each lands once, after the stuck one.
    const retried = await Promise.all(queued.map(({ stream, n, key }) => store.append(stream, 'no-stream', [noted(n)], keyed(key))));
    expect(retried.map((r) => r.position).sort()).toEqual([2, 3]);
    const all = await expectWholeLog(table, 3);
    expect(all.map((e) => (e.payload as { n: number }).n).sort()).toEqual([1, 2, 3]);
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

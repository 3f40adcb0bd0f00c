import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Actor, AppendMeta, StreamRef } from '../../events/envelope.ts';
import {
  IdempotencyKeyTakenError,
  InvalidEventError,
  TooLargeError,
  VersionConflictError,
} from '../../events/errors.ts';
import { GENESIS_HASH, verifyChain } from '../../events/integrity.ts';
import { EventRegistry, defineEvent } from '../../events/registry.ts';
import type { EventStore } from '../../events/store.ts';

export const contractRegistry = () =>
  new EventRegistry([
    defineEvent('Noted', z.object({ n: z.number().int(), text: z.string().optional() })),
    defineEvent('Closed', z.object({})),
  ]);

const actor: Actor = { id: 'u-1', name: 'Ada', kind: 'HUMAN' };
const meta: AppendMeta = { actor, reason: 'because' };
const noted = (n: number, text?: string) => ({ type: 'Noted', payload: { n, text } });
let counter = 0;
const newStream = (): StreamRef => ({ kind: 'note', id: `n${++counter}-${Math.random().toString(36).slice(2, 8)}` });

/**
 * The behaviour every EventStore must have. `makeStore` returns a store over an empty log;
 * `makeSibling` a second store instance (another process) over the same log.
 */
export function storeContract(
  name: string,
  makeStore: () => Promise<{ store: EventStore; makeSibling: () => EventStore }>,
) {
  describe(`EventStore contract: ${name}`, () => {
    it('starts empty, with the genesis head', async () => {
      const { store } = await makeStore();
      expect(await store.head()).toEqual({ position: 0, hash: GENESIS_HASH });
      expect(await store.readAll(0)).toEqual([]);
    });

    it('appends a new stream with gapless versions, positions and a hash chain', async () => {
      const { store } = await makeStore();
      const a = newStream();
      const b = newStream();
      const first = await store.append(a, 'no-stream', [noted(1), noted(2)], meta);
      expect(first.streamVersion).toBe(2);
      expect(first.position).toBe(2);
      await store.append(b, 'no-stream', [noted(3)], meta);
      await store.append(a, 2, [{ type: 'Closed', payload: {} }], { ...meta, reason: null });

      const all = await store.readAll(0);
      expect(all.map((e) => e.position)).toEqual([1, 2, 3, 4]);
      expect(all.map((e) => [e.stream.id, e.version])).toEqual([
        [a.id, 1],
        [a.id, 2],
        [b.id, 1],
        [a.id, 3],
      ]);
      expect(all[0]).toMatchObject({ type: 'Noted', schemaVersion: 1, actor, reason: 'because', payload: { n: 1 } });
      expect(all[3]!.reason).toBeNull();
      expect(verifyChain(all)).toMatchObject({ ok: true, checked: 4 });
      expect(await store.head()).toEqual({ position: 4, hash: all[3]!.hash });
    });

    it('reads a stream by version range and the log after a position with a limit', async () => {
      const { store } = await makeStore();
      const a = newStream();
      await store.append(a, 'no-stream', [1, 2, 3, 4, 5].map((n) => noted(n)), meta);
      expect((await store.readStream(a)).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
      expect((await store.readStream(a, { fromVersion: 2, toVersion: 4 })).map((e) => e.version)).toEqual([2, 3, 4]);
      expect(await store.readStream(newStream())).toEqual([]);
      expect((await store.readAll(1, 2)).map((e) => e.position)).toEqual([2, 3]);
      expect((await store.readAll(5)).length).toBe(0);
    });

    it('pages through more than one DynamoDB page (1 MB) of events', async () => {
      const { store } = await makeStore();
      const big = 'x'.repeat(90_000);
      for (let i = 0; i < 4; i += 1) {
        await store.append(newStream(), 'no-stream', [1, 2, 3].map((n) => noted(n, big)), meta);
      }
      const all = await store.readAll(0);
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect((await store.readAll(0, 11)).length).toBe(11);
    });

    it('refuses a wrong expected version and writes nothing', async () => {
      const { store } = await makeStore();
      const a = newStream();
      await store.append(a, 'no-stream', [noted(1)], meta);
      await expect(store.append(a, 'no-stream', [noted(2)], meta)).rejects.toMatchObject({
        code: 'VERSION_CONFLICT',
        expected: 'no-stream',
        actual: 1,
      });
      await expect(store.append(a, 0, [noted(2)], meta)).rejects.toBeInstanceOf(VersionConflictError);
      // Expecting a version the stream has not reached would leave a gap: refused too.
      await expect(store.append(a, 3, [noted(2)], meta)).rejects.toMatchObject({ expected: 3, actual: 1 });
      await expect(store.append(newStream(), 1, [noted(2)], meta)).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store.readAll(0)).length).toBe(1);
      await store.append(a, 'any', [noted(3)], meta);
      expect((await store.readStream(a)).map((e) => e.version)).toEqual([1, 2]);
    });

    it('refuses an append when a stream its decision read has moved since, and writes nothing', async () => {
      const { store, makeSibling } = await makeStore();
      const [a, b, absent] = [newStream(), newStream(), newStream()];
      await store.append(b, 'no-stream', [noted(1)], meta);
      const readB = { ...meta, readStreams: [{ stream: b, version: 1 }, { stream: absent, version: 0 }] };
      await store.append(a, 'no-stream', [noted(2)], readB);
      await makeSibling().append(b, 1, [noted(3)], meta);
      await expect(store.append(a, 1, [noted(4)], readB)).rejects.toMatchObject({
        code: 'VERSION_CONFLICT',
        stream: b,
        expected: 1,
        actual: 2,
      });
      await makeSibling().append(absent, 'no-stream', [noted(5)], meta);
      const readAbsent = { ...meta, readStreams: [{ stream: b, version: 2 }, { stream: absent, version: 0 }] };
      await expect(store.append(a, 'any', [noted(6)], readAbsent)).rejects.toMatchObject({ stream: absent, expected: 0, actual: 1 });
      expect((await store.readAll(0)).map((e) => (e.payload as { n: number }).n)).toEqual([1, 2, 3, 5]);
      await store.append(a, 1, [noted(7)], { ...meta, readStreams: [{ stream: b, version: 2 }, { stream: absent, version: 1 }] });
      expect((await store.readStream(a)).map((e) => e.version)).toEqual([1, 2]);
    });

    it('lets exactly one of many concurrent appends at the same expected version win', async () => {
      const { store, makeSibling } = await makeStore();
      const a = newStream();
      await store.append(a, 'no-stream', [noted(0)], meta);
      const stores = [store, makeSibling(), makeSibling()];
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) => stores[i % 3]!.append(a, 1, [noted(i)], meta)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(VersionConflictError);
      }
      expect((await store.readStream(a)).map((e) => e.version)).toEqual([1, 2]);
    });

    it('keeps positions gapless and the chain whole when separate writers race', async () => {
      const { store, makeSibling } = await makeStore();
      const writers = [store, makeSibling(), makeSibling(), makeSibling()];
      await Promise.all(
        Array.from({ length: 24 }, (_, i) => writers[i % writers.length]!.append(newStream(), 'no-stream', [noted(i)], meta)),
      );
      const all = await store.readAll(0);
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
      expect(new Set(all.map((e) => e.payload as { n: number }).map((p) => p.n)).size).toBe(24);
      expect(verifyChain(all).ok).toBe(true);
    });

    it('records an idempotency key in the same transaction and refuses it a second time', async () => {
      const { store } = await makeStore();
      const a = newStream();
      const keyed = { ...meta, idempotencyKey: 'key-1', requestHash: 'h1' };
      const first = await store.append(a, 'no-stream', [noted(1), noted(2)], keyed);
      expect(await store.findIdempotency(actor.id, 'key-1')).toMatchObject({
        key: 'key-1',
        requestHash: 'h1',
        stream: a,
        fromVersion: 1,
        toVersion: 2,
        firstPosition: 1,
        lastPosition: first.position,
      });
      expect(await store.findIdempotency('someone-else', 'key-1')).toBeNull();
      await expect(store.append(newStream(), 'no-stream', [noted(3)], keyed)).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
      expect((await store.readAll(0)).length).toBe(2);
      expect((await store.readAll(0))[0]!.idempotencyKey).toBe('key-1');
    });

    it('checks DynamoDB limits before writing anything', async () => {
      const { store } = await makeStore();
      const a = newStream();
      await expect(store.append(a, 'no-stream', [noted(1, 'x'.repeat(410 * 1024))], meta)).rejects.toMatchObject({
        code: 'TOO_LARGE',
        limit: 'ITEM_SIZE',
      });
      await expect(store.append(a, 'no-stream', Array.from({ length: 51 }, (_, i) => noted(i)), meta)).rejects.toMatchObject({
        limit: 'TRANSACTION_ITEMS',
      });
      const large = 'y'.repeat(300 * 1024);
      await expect(store.append(a, 'no-stream', Array.from({ length: 8 }, (_, i) => noted(i, large)), meta)).rejects.toMatchObject({
        limit: 'TRANSACTION_SIZE',
      });
      await expect(store.append(a, 'no-stream', [], meta)).rejects.toBeInstanceOf(TooLargeError);
      expect(await store.readAll(0)).toEqual([]);
      // 50 events (100 items) fit in one transaction.
      const ok = await store.append(a, 'no-stream', Array.from({ length: 50 }, (_, i) => noted(i)), meta);
      expect(ok.streamVersion).toBe(50);
    });

    it('validates payloads against the event schema and refuses unknown types', async () => {
      const { store } = await makeStore();
      await expect(store.append(newStream(), 'no-stream', [{ type: 'Noted', payload: { n: 'one' } }], meta)).rejects.toBeInstanceOf(
        InvalidEventError,
      );
      await expect(store.append(newStream(), 'no-stream', [{ type: 'Unknown', payload: {} }], meta)).rejects.toBeInstanceOf(
        InvalidEventError,
      );
      expect(await store.readAll(0)).toEqual([]);
    });
  });
}

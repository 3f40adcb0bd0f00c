import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Actor, AppendMeta, AppendResult, ExpectedVersion, StreamRef } from '../../events/envelope.ts';
import {
  IdempotencyKeyTakenError,
  InvalidArgumentError,
  InvalidEventError,
  TooLargeError,
  VersionConflictError,
} from '../../events/errors.ts';
import { GENESIS_HASH, verifyChain } from '../../events/integrity.ts';
import { EventRegistry, defineEvent } from '../../events/registry.ts';
import type { EventStore } from '../../events/store.ts';
import { verifyIntegrity } from '../../events/verify-integrity.ts';

const notedV1 = z.object({ n: z.number().int(), text: z.string().optional() });

export const contractRegistry = () =>
  new EventRegistry([
    defineEvent('Noted', notedV1),
    defineEvent('Closed', z.object({})),
  ]);

/** The contract's events one schema version later: what code deployed after v1 events were stored reads them with. */
const contractRegistryV2 = () =>
  new EventRegistry([
    defineEvent('Noted', notedV1.extend({ tag: z.string() }), {
      schemaVersion: 2,
      upcasters: { 1: (payload) => ({ ...(payload as object), tag: 'from v1' }) },
    }),
    defineEvent('Closed', z.object({})),
  ]);

const actor: Actor = { id: 'u-1', name: 'Ada', kind: 'HUMAN' };
const meta: AppendMeta = { actor, reason: 'because' };
const keyed = (key: string): AppendMeta => ({ ...meta, idempotencyKey: key, requestHash: key });
const noted = (n: number, text?: string) => ({ type: 'Noted', payload: { n, text } });
let counter = 0;
const newStream = (): StreamRef => ({ kind: 'note', id: `n${++counter}-${Math.random().toString(36).slice(2, 8)}` });

export type QueuedCall = [stream: StreamRef, expectedVersion: ExpectedVersion, events: number, meta: AppendMeta];

/**
 * Appends to shared streams and idempotency keys, made together: each must get the outcome it
 * gets when they are made one by one in the same order. Fresh streams and keys per call.
 */
export function queuedCalls(): QueuedCall[] {
  const s = newStream;
  const [a, b, c, d, e, f, g] = [s(), s(), s(), s(), s(), s(), s()];
  const key = `shared-${++counter}`;
  return [
    [s(), 'no-stream', 1, meta], // (DynamoDB: in flight alone while the rest queue)
    [a, 'no-stream', 1, meta],
    [a, 'no-stream', 1, meta], // the stream exists by then: conflict
    [b, 'any', 2, meta],
    [b, 'any', 1, meta],
    [b, 'any', 1, meta],
    [c, 'no-stream', 1, meta],
    [c, 1, 2, meta], // right once the previous one is written
    [d, 'no-stream', 1, keyed(key)],
    [e, 'no-stream', 1, keyed(key)], // key taken by then
    [f, 'no-stream', 1, { ...meta, readStreams: [{ stream: c, version: 1 }] }], // c is at 3 by then: conflict
    [g, 'no-stream', 1, { ...meta, readStreams: [{ stream: b, version: 4 }, { stream: a, version: 1 }] }], // both as read
    [a, 2, 1, meta], // another conflict: a stays at 1
  ];
}

/** The outcomes of queuedCalls(), made one by one. */
export const QUEUED_OUTCOMES = [
  { ok: 1 },
  { ok: 1 },
  { error: 'VersionConflictError', actual: 1 },
  { ok: 2 },
  { ok: 3 },
  { ok: 4 },
  { ok: 1 },
  { ok: 3 },
  { ok: 1 },
  { error: 'IdempotencyKeyTakenError' },
  { error: 'VersionConflictError', actual: 3 },
  { ok: 1 },
  { error: 'VersionConflictError', actual: 1 },
];

export const callAppend = (store: EventStore, [stream, expected, n, m]: QueuedCall) =>
  store.append(stream, expected, Array.from({ length: n }, (_, i) => noted(i)), m);

export const outcomeOf = (result: PromiseSettledResult<AppendResult>) =>
  result.status === 'fulfilled'
    ? { ok: result.value.streamVersion, events: result.value.events.map((e) => e.version) }
    : { error: (result.reason as Error).constructor.name, actual: (result.reason as { actual?: number }).actual };

/** Appends that must be refused with InvalidArgumentError naming `argument`, before anything is written. */
function invalidAppends(existing: StreamRef, other: StreamRef): { argument: string; call: Parameters<EventStore['append']> }[] {
  const fresh = newStream();
  const events = [noted(1)];
  const bad = (argument: string, ...call: Parameters<EventStore['append']>) => ({ argument, call });
  return [
    // expectedVersion: a non-negative integer, 'any' or 'no-stream'; -1 once wrote a version-0 event
    ...([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3', null, undefined, 'latest', {}] as unknown as ExpectedVersion[]).flatMap((v) => [
      bad('expectedVersion', fresh, v, events, meta),
      bad('expectedVersion', existing, v, events, meta),
    ]),
    // the stream ref
    bad('stream.kind', { kind: 'Note', id: 'x' }, 'no-stream', events, meta),
    bad('stream.id', { kind: 'note', id: '' }, 'no-stream', events, meta),
    bad('stream.id', { kind: 'note', id: 'a b' }, 'no-stream', events, meta),
    bad('stream.id', { kind: 'note' } as StreamRef, 'no-stream', events, meta),
    bad('stream', null as unknown as StreamRef, 'no-stream', events, meta),
    // events: an array of { type, payload }
    bad('events', fresh, 'no-stream', null as never, meta),
    bad('events', fresh, 'no-stream', { type: 'Noted', payload: { n: 1 } } as never, meta),
    bad('events.1', fresh, 'no-stream', [noted(1), null as never], meta),
    bad('events.0', fresh, 'no-stream', [{ payload: { n: 1 } } as never], meta),
    // meta: the actor as the envelope has it, strings or null, read streams each once at a version
    bad('meta.actor.id', fresh, 'no-stream', events, { actor: { ...actor, id: { id: 'priya' } as never } }),
    bad('meta.actor.id', fresh, 'no-stream', events, { actor: { ...actor, id: '' } }),
    bad('meta.actor.kind', fresh, 'no-stream', events, { actor: { ...actor, kind: 'ROBOT' as never } }),
    bad('meta.actor', fresh, 'no-stream', events, {} as AppendMeta),
    bad('meta', fresh, 'no-stream', events, null as unknown as AppendMeta),
    bad('meta.reason', fresh, 'no-stream', events, { actor, reason: 7 as never }),
    bad('meta.idempotencyKey', fresh, 'no-stream', events, { actor, idempotencyKey: ['k'] as never }),
    bad('meta.readStreams.0.version', fresh, 'no-stream', events, { actor, readStreams: [{ stream: other, version: -1 }] }),
    bad('meta.readStreams.0.version', fresh, 'no-stream', events, { actor, readStreams: [{ stream: other, version: 0.5 }] }),
    bad('meta.readStreams.0.stream', existing, 1, events, { actor, readStreams: [{ stream: existing, version: 1 }] }),
    bad('meta.readStreams.1.stream', fresh, 'no-stream', events, {
      actor,
      readStreams: [
        { stream: other, version: 1 },
        { stream: other, version: 1 },
      ],
    }),
  ];
}

/**
 * The behaviour every EventStore must have. `makeStore` returns a store over an empty log, with
 * contractRegistry(); `makeSibling` a second store instance (another process) over the same log,
 * reading with `registry` (default contractRegistry()).
 */
export function storeContract(
  name: string,
  makeStore: () => Promise<{ store: EventStore; makeSibling: (registry?: EventRegistry) => EventStore }>,
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

    it('refuses impossible arguments with InvalidArgumentError before writing anything', async () => {
      const { store } = await makeStore();
      const [existing, other] = [newStream(), newStream()];
      await store.append(existing, 'no-stream', [noted(0)], meta);
      await store.append(other, 'no-stream', [noted(0)], meta);
      const head = await store.head();
      for (const { argument, call } of invalidAppends(existing, other)) {
        const refused = await store.append(...call).then(
          () => null,
          (error: unknown) => error,
        );
        expect(refused, `${argument}: ${JSON.stringify(call.slice(0, 2))}`).toBeInstanceOf(InvalidArgumentError);
        expect(refused).toMatchObject({ code: 'INVALID_ARGUMENT', argument });
      }
      expect(await store.head()).toEqual(head);
      expect((await store.readAll(0)).length).toBe(2);
      expect(await store.readStream(existing)).toHaveLength(1);
      // The same appends with valid arguments go through.
      await store.append(existing, 1, [noted(1)], { actor, readStreams: [{ stream: other, version: 1 }] });
      expect((await store.readStream(existing)).map((e) => e.version)).toEqual([1, 2]);
    });

    it('names the event too large by its index among the events of the append', async () => {
      const { store } = await makeStore();
      const [a, b] = [newStream(), newStream()];
      await store.append(a, 'no-stream', [noted(0)], meta);
      // A version check, a read check and an idempotency item come before the event items in the transaction.
      const tooLarge = await store
        .append(a, 1, [noted(1), noted(2), noted(3, 'x'.repeat(410 * 1024))], { ...keyed('big'), readStreams: [{ stream: b, version: 0 }] })
        .catch((error: unknown) => error);
      expect(tooLarge).toBeInstanceOf(TooLargeError);
      expect(tooLarge).toMatchObject({ limit: 'ITEM_SIZE', eventIndex: 2 });
      expect((tooLarge as Error).message).toMatch(/^event 2 is \d+ bytes/);
      const hugeKey = await store.append(a, 1, [noted(1)], keyed('k'.repeat(410 * 1024))).catch((error: unknown) => error);
      expect(hugeKey).toMatchObject({ limit: 'ITEM_SIZE', eventIndex: undefined, message: expect.stringMatching(/^the idempotency record/) });
      expect((await store.readAll(0)).length).toBe(1);
    });

    it('settles appends made together as it settles them one by one, in call order', async () => {
      const sequential = (await makeStore()).store;
      const one: PromiseSettledResult<AppendResult>[] = [];
      for (const call of queuedCalls()) one.push(...(await Promise.allSettled([callAppend(sequential, call)])));
      const { store } = await makeStore();
      const together = await Promise.allSettled(queuedCalls().map((call) => callAppend(store, call)));

      expect(one.map(outcomeOf)).toMatchObject(QUEUED_OUTCOMES);
      expect(together.map(outcomeOf)).toEqual(one.map(outcomeOf));
      expect((together[9] as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyKeyTakenError);
      const all = await store.readAll(0);
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
      expect(verifyChain(all).ok).toBe(true);
    });

    it('gives the callers of appends made together the events the log holds, positions in call order', async () => {
      const { store } = await makeStore();
      await store.append(newStream(), 'no-stream', [noted(0)], meta);
      const sizes = Array.from({ length: 40 }, (_, i) => 1 + (i % 3));
      const results = await Promise.all(
        sizes.map((size, i) =>
          store.append(newStream(), 'no-stream', Array.from({ length: size }, (_, n) => noted(i * 10 + n)), i % 4 === 0 ? keyed(`many-${counter}-${i}`) : meta),
        ),
      );
      const all = await store.readAll(0);
      expect(all).toHaveLength(1 + sizes.reduce((a, b) => a + b, 0));
      expect(verifyChain(all).ok).toBe(true);
      for (const result of results) {
        for (const event of result.events) expect(all[event.position - 1]).toEqual(event);
      }
      expect(results.map((r) => r.position)).toEqual([...results.map((r) => r.position)].sort((a, b) => a - b));
      expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
    });

    it('refuses an append too large on its own and writes the appends made with it', async () => {
      const { store } = await makeStore();
      const results = await Promise.allSettled([
        store.append(newStream(), 'no-stream', [noted(1)], meta),
        store.append(newStream(), 'no-stream', Array.from({ length: 51 }, (_, i) => noted(i)), meta),
        store.append(newStream(), 'no-stream', [noted(2)], meta),
        // 101 items with its version check: too large before it could be a conflict
        store.append(newStream(), 1, Array.from({ length: 50 }, (_, i) => noted(i)), meta),
        store.append(newStream(), 'no-stream', Array.from({ length: 50 }, (_, i) => noted(i)), meta),
        store.append(newStream(), 'no-stream', [noted(3)], meta),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(results[1]).toMatchObject({ reason: { code: 'TOO_LARGE', limit: 'TRANSACTION_ITEMS' } });
      expect(results[3]).toMatchObject({ reason: { code: 'TOO_LARGE', limit: 'TRANSACTION_ITEMS' } });
      const all = await store.readAll(0);
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: 53 }, (_, i) => i + 1));
      expect(verifyChain(all).ok).toBe(true);
    });

    it("lands every 'any' append when separate writers append to one stream at once", async () => {
      const { store, makeSibling } = await makeStore();
      const sibling = makeSibling();
      const a = newStream();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? sibling : store).append(a, 'any', [noted(i)], meta)),
      );
      expect(results.map((r) => r.streamVersion).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const events = await store.readStream(a);
      expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(new Set(events.map((e) => (e.payload as { n: number }).n)).size).toBe(8);
      expect(verifyChain(await store.readAll(0)).ok).toBe(true);
    });

    it('shows a sibling everything another store wrote: events, head and idempotency records', async () => {
      const { store, makeSibling } = await makeStore();
      const a = newStream();
      const written = await store.append(a, 'no-stream', [noted(1), noted(2)], keyed('seen'));
      const sibling = makeSibling();
      expect(await sibling.head()).toEqual({ position: 2, hash: written.events[1]!.hash });
      expect(await sibling.readAll(0)).toEqual(written.events);
      expect(await sibling.readStream(a)).toEqual(written.events);
      expect(await sibling.findIdempotency(actor.id, 'seen')).toEqual(await store.findIdempotency(actor.id, 'seen'));
      await expect(sibling.append(newStream(), 'no-stream', [noted(3)], keyed('seen'))).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
      // Keys are per actor: another actor's same key is another key.
      const other: AppendMeta = { actor: { id: 'u-2', name: 'Bo', kind: 'SERVICE' }, idempotencyKey: 'seen', requestHash: 'x' };
      expect((await sibling.append(newStream(), 'no-stream', [noted(4)], other)).position).toBe(3);
      expect(await store.findIdempotency('u-2', 'seen')).toMatchObject({ actorId: 'u-2', firstPosition: 3 });
    });

    it('keeps what it stored apart from what callers hold: changing an input or a read event changes nothing stored', async () => {
      const { store } = await makeStore();
      const a = newStream();
      const input = { type: 'Noted', payload: { n: 1, text: 'as written' } };
      const who = { ...actor };
      const result = await store.append(a, 'no-stream', [input], { actor: who, reason: 'r' });
      input.payload.text = 'changed input';
      who.name = 'changed actor';
      (result.events[0]!.payload as { text: string }).text = 'changed result';
      const [read] = await store.readAll(0);
      expect(read).toMatchObject({ payload: { n: 1, text: 'as written' }, actor });
      (read!.payload as { text: string }).text = 'changed read';
      expect((await store.readStream(a))[0]!.payload).toEqual({ n: 1, text: 'as written' });
      expect(verifyChain(await store.readAll(0, undefined, { raw: true })).ok).toBe(true);
    });

    it('reads events upcast to the current schema version, or raw as stored and hashed', async () => {
      const { store, makeSibling } = await makeStore();
      const a = newStream();
      await store.append(a, 'no-stream', [noted(1, 'old'), { type: 'Closed', payload: {} }], meta);
      const later = makeSibling(contractRegistryV2());
      const [upcast] = await later.readAll(0);
      expect(upcast).toMatchObject({ schemaVersion: 1, payload: { n: 1, text: 'old', tag: 'from v1' } });
      expect((await later.readStream(a))[0]!.payload).toEqual({ n: 1, text: 'old', tag: 'from v1' });
      const raw = await later.readAll(0, undefined, { raw: true });
      expect(raw[0]).toMatchObject({ schemaVersion: 1, payload: { n: 1, text: 'old' } });
      expect(raw[0]!.payload).not.toHaveProperty('tag');
      expect((await later.readStream(a, {}, { raw: true }))[0]!.payload).toEqual({ n: 1, text: 'old' });
      expect(verifyChain(raw).ok).toBe(true);
      expect(upcast!.hash).toBe(raw[0]!.hash);
      // New appends are stored in the current version.
      await later.append(a, 2, [{ type: 'Noted', payload: { n: 2, tag: 'new' } }], meta);
      expect((await later.readAll(2))[0]).toMatchObject({ schemaVersion: 2, payload: { n: 2, tag: 'new' } });
    });

    it('keeps every stream copy equal to the log, as verifyIntegrity checks it', async () => {
      const { store } = await makeStore();
      const [a, b] = [newStream(), newStream()];
      await store.append(a, 'no-stream', [noted(1), noted(2)], meta);
      await store.append(b, 'no-stream', [noted(3)], keyed(`verify-${counter}`));
      await store.append(a, 2, [{ type: 'Closed', payload: {} }], meta);
      const head = await store.head();
      expect(await verifyIntegrity(store, { pageSize: 2 })).toEqual({ ok: true, checked: 4, fromPosition: 1, head });
      expect(await verifyIntegrity(store, { fromPosition: 2, toPosition: 3, expectedHead: head })).toMatchObject({ ok: true, checked: 2 });
      expect(await verifyIntegrity(store, { expectedHead: head })).toMatchObject({ ok: true });
    });
  });
}

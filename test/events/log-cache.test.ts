import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../events/envelope.ts';
import { LogCache, type LogListener } from '../../events/log-cache.ts';
import type { EventStore } from '../../events/store.ts';
import { recorded, recordedAtOf } from '../support/decider-spec.ts';

/** The store's reads over a list of events, counting the calls. */
function logOf(events: RecordedEvent[], reads = { count: 0 }): EventStore {
  return {
    readAll: async (after: number, limit = 1000) => {
      reads.count += 1;
      return events.slice(after, after + limit);
    },
    readStream: async ({ kind, id }: { kind: string; id: string }) => {
      reads.count += 1;
      return events.filter((e) => e.stream.kind === kind && e.stream.id === id);
    },
  } as Pick<EventStore, 'readAll' | 'readStream'> as EventStore;
}

const event = (position: number, type: string, kind: string) =>
  recorded({ type, payload: {} }, { stream: { kind, id: `${kind}-1` }, version: position, position, recordedAt: recordedAtOf(position) });

describe('LogCache', () => {
  it('hands each listener only the event types it handles, in log order, and every event to a listener that names none', async () => {
    const seen: Record<string, number[]> = { a: [], b: [], all: [] };
    const listener = (name: string, eventTypes?: string[]): LogListener => ({ eventTypes, apply: (e) => void seen[name]!.push(e.position) });
    const log = [event(1, 'ACreated', 'a'), event(2, 'BCreated', 'b'), event(3, 'AChanged', 'a'), event(4, 'Other', 'c')];
    const cache = new LogCache(logOf(log), [listener('a', ['ACreated', 'AChanged']), listener('b', ['BCreated']), listener('all')], { pageSize: 2 });
    await cache.catchUp();
    expect(seen).toEqual({ a: [1, 3], b: [2], all: [1, 2, 3, 4] });
    expect(cache.position).toBe(4);
  });

  it('holds at most maxEvents, the newest, and reads older events, pages and histories from the store', async () => {
    const log = Array.from({ length: 23 }, (_, i) => event(i + 1, 'AChanged', i % 2 ? 'a' : 'b'));
    const reads = { count: 0 };
    const cache = new LogCache(logOf(log, reads), [], { pageSize: 5, maxEvents: 6 });
    await cache.catchUp();
    expect(cache.position).toBe(23);
    expect(cache.held).toBeLessThanOrEqual(6);
    const before = reads.count;
    expect(await cache.at(23)).toBe(log[22]);
    expect(reads.count).toBe(before); // held: no read
    expect(await cache.at(2)).toEqual(log[1]);
    expect(await cache.at(0)).toBeUndefined();
    expect(await cache.at(24)).toBeUndefined();
    expect(await cache.range(0, 100)).toEqual(log);
    expect(await cache.range(15, 5)).toEqual(log.slice(15, 20));
    expect(await cache.stream('a', 'a-1')).toEqual(log.filter((e) => e.stream.kind === 'a'));
    expect(cache.recordedAt(1)).toBe(Date.parse(log[0]!.recordedAt));
    expect(cache.recordedAt(23)).toBe(Date.parse(log[22]!.recordedAt));
  });

  it('keeps the streams it read from the store current as events arrive, and reads a stream again once it is pushed out', async () => {
    const log = Array.from({ length: 30 }, (_, i) => event(i + 1, 'AChanged', `k${i % 3}`));
    const reads = { count: 0 };
    const growing = log.slice(0, 20);
    const cache = new LogCache(logOf(growing, reads), [], { maxEvents: 4, keptStreamEvents: 12 });
    await cache.catchUp();
    const ofKind = (kind: string, until: number) => log.slice(0, until).filter((e) => e.stream.kind === kind);
    const before = reads.count;
    expect(await cache.stream('k0', 'k0-1')).toEqual(ofKind('k0', 20));
    expect(await cache.stream('k0', 'k0-1')).toEqual(ofKind('k0', 20));
    expect(reads.count).toBe(before + 1);
    // New events: the kept stream gets its own, still without a read.
    growing.push(...log.slice(20));
    await cache.catchUp();
    const afterCatchUp = reads.count;
    expect(await cache.stream('k0', 'k0-1')).toEqual(ofKind('k0', 30));
    expect(reads.count).toBe(afterCatchUp);
    // Two more streams of 10 events: k0, read least recently, is pushed out and read again; k2 stays.
    expect(await cache.stream('k1', 'k1-1')).toEqual(ofKind('k1', 30));
    expect(await cache.stream('k2', 'k2-1')).toEqual(ofKind('k2', 30));
    expect(reads.count).toBe(afterCatchUp + 2);
    expect(await cache.stream('k2', 'k2-1')).toEqual(ofKind('k2', 30));
    expect(await cache.stream('k0', 'k0-1')).toEqual(ofKind('k0', 30));
    expect(reads.count).toBe(afterCatchUp + 3);
    // A stream read while events arrive is answered, but not kept (it could miss one of them).
    const racing = Object.create(logOf(growing, reads)) as EventStore;
    const slow = new LogCache(racing, [], { maxEvents: 4 });
    await slow.catchUp();
    racing.readStream = async (stream) => {
      const events = growing.filter((e) => e.stream.kind === stream.kind);
      slow.offer([event(31, 'AChanged', 'k1')]);
      return events;
    };
    expect(await slow.stream('k1', 'k1-1')).toEqual(ofKind('k1', 30));
    racing.readStream = async () => {
      throw new Error('read again');
    };
    await expect(slow.stream('k1', 'k1-1')).rejects.toThrow('read again');
  });

  it('starts at a restored position: listeners see only the events after it, the instants before it are kept', async () => {
    const log = Array.from({ length: 10 }, (_, i) => event(i + 1, 'AChanged', 'a'));
    const seen: number[] = [];
    const cache: LogCache = new LogCache(logOf(log), [{ apply: (e) => void seen.push(e.position) }], { start: async (): Promise<void> => cache.startAt(7, new Float64Array(log.slice(0, 7).map((e) => Date.parse(e.recordedAt)))) });
    await cache.catchUp();
    expect(seen).toEqual([8, 9, 10]);
    expect(cache.held).toBe(3);
    expect(cache.instants()).toEqual(new Float64Array(log.map((e) => Date.parse(e.recordedAt))));
    expect(await cache.at(3)).toEqual(log[2]);
  });
});

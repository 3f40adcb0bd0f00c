import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../events/envelope.ts';
import { LogCache, type LogListener } from '../../events/log-cache.ts';
import type { EventStore } from '../../events/store.ts';
import { recorded, recordedAtOf } from '../support/decider-spec.ts';

/** Only readAll is asked of the store here: this is about what the cache hands its listeners. */
function logOf(events: RecordedEvent[]): EventStore {
  return {
    readAll: async (after: number, limit = 1000) => events.slice(after, after + limit),
  } as Pick<EventStore, 'readAll'> as EventStore;
}

const event = (position: number, type: string, kind: string) =>
  recorded({ type, payload: {} }, { stream: { kind, id: `${kind}-1` }, version: position, position, recordedAt: recordedAtOf(position) });

describe('LogCache', () => {
  it('hands each listener only the event types it handles, in log order, and every event to a listener that names none', async () => {
    const seen: Record<string, number[]> = { a: [], b: [], all: [] };
    const listener = (name: string, eventTypes?: string[]): LogListener => ({ eventTypes, apply: (e) => void seen[name]!.push(e.position) });
    const log = [event(1, 'ACreated', 'a'), event(2, 'BCreated', 'b'), event(3, 'AChanged', 'a'), event(4, 'Other', 'c')];
    const cache = new LogCache(logOf(log), [listener('a', ['ACreated', 'AChanged']), listener('b', ['BCreated']), listener('all')], 2);
    await cache.catchUp();
    expect(seen).toEqual({ a: [1, 3], b: [2], all: [1, 2, 3, 4] });
    expect(cache.position).toBe(4);
  });
});

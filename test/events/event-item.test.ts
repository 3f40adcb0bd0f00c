import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../events/envelope.ts';
import { feedItem, itemToEvent, streamItem } from '../../events/dynamodb/event-item.ts';

const hash = (n: number) => n.toString(16).padStart(64, '0');

function recorded(position: number, stream: string, version: number, overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    eventId: `e-${position}`,
    stream: { kind: 'note', id: stream },
    version,
    position,
    type: 'Noted',
    schemaVersion: 1,
    recordedAt: '2026-11-21T10:00:00.000Z',
    actor: { id: 'u', name: 'U', kind: 'HUMAN' },
    reason: 'weekly review',
    idempotencyKey: null,
    payload: { n: position },
    previousHash: hash(position - 1),
    hash: hash(position),
    ...overrides,
  };
}

/** As the document client returns items: fresh objects and strings for every item. */
const fromStore = (item: Record<string, unknown>): Record<string, unknown> => JSON.parse(JSON.stringify(item));

describe('itemToEvent', () => {
  const events = [
    recorded(1, 'a', 1),
    recorded(2, 'a', 2),
    recorded(3, 'b', 1, { actor: { id: 'u', name: 'U (renamed)', kind: 'HUMAN' }, reason: null, idempotencyKey: 'k-1' }),
    recorded(4, 'a', 3, { recordedAt: '2026-11-21T10:00:01.000Z', actor: { id: 'svc', name: 'Importer', kind: 'SERVICE' } }),
  ];
  const read = events.map((event) => itemToEvent(fromStore(feedItem(event))));

  // Whether strings (previousHash, recordedAt, type...) are shared is not observable from JS; the
  // heap figures of the 100 000-event log are (BENCHMARKS.md, rss_mb_100k). Values are what counts here.
  it('gives back the envelope that was written', () => {
    expect(read).toEqual(events);
    expect(itemToEvent(fromStore(streamItem(events[0]!)))).toEqual(events[0]);
  });

  it('shares one frozen stream object per stream and one frozen actor per distinct actor', () => {
    expect(read[1]!.stream).toBe(read[0]!.stream);
    expect(read[3]!.stream).toBe(read[0]!.stream);
    expect(read[2]!.stream).not.toBe(read[0]!.stream);
    expect(read[1]!.actor).toBe(read[0]!.actor);
    expect(read[2]!.actor).not.toBe(read[0]!.actor);
    expect(Object.isFrozen(read[0]!.stream) && Object.isFrozen(read[0]!.actor)).toBe(true);
    // Another read of the same stream (a later page, another request) gets the same objects.
    expect(itemToEvent(fromStore(feedItem(events[1]!))).stream).toBe(read[0]!.stream);
  });

  it('keeps a payload that is not JSON as text (tampering, reported by the hash check)', () => {
    const item = { ...fromStore(feedItem(events[0]!)), payload: '{not json' };
    expect(itemToEvent(item).payload).toBe('{not json');
  });
});

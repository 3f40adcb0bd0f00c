import type { IdempotencyRecord, RecordedEvent } from '../envelope.ts';
import { FEED_PARTITION, IDEMPOTENCY_SORT_KEY, PARTITION_KEY, SORT_KEY, idempotencyPartition, padNumber, streamPartition } from './keys.ts';

/** Attributes of an event item; the same for its stream item and its feed item. */
export type EventItem = {
  [PARTITION_KEY]: string;
  [SORT_KEY]: string;
  eventId: string;
  streamKind: string;
  streamId: string;
  version: number;
  position: number;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  actor: RecordedEvent['actor'];
  reason?: string;
  idempotencyKey?: string;
  /** The payload as JSON text, exactly as hashed. */
  payload: string;
  previousHash: string;
  hash: string;
};

function eventAttributes(event: RecordedEvent): Omit<EventItem, typeof PARTITION_KEY | typeof SORT_KEY> {
  return {
    eventId: event.eventId,
    streamKind: event.stream.kind,
    streamId: event.stream.id,
    version: event.version,
    position: event.position,
    type: event.type,
    schemaVersion: event.schemaVersion,
    recordedAt: event.recordedAt,
    actor: event.actor,
    reason: event.reason ?? undefined,
    idempotencyKey: event.idempotencyKey ?? undefined,
    payload: JSON.stringify(event.payload),
    previousHash: event.previousHash,
    hash: event.hash,
  };
}

export const streamItem = (event: RecordedEvent): EventItem => ({
  [PARTITION_KEY]: streamPartition(event.stream.kind, event.stream.id),
  [SORT_KEY]: padNumber(event.version),
  ...eventAttributes(event),
});

export const feedItem = (event: RecordedEvent): EventItem => ({
  [PARTITION_KEY]: FEED_PARTITION,
  [SORT_KEY]: padNumber(event.position),
  ...eventAttributes(event),
});

/**
 * Reads an item back into an envelope; the payload is still the stored version's shape.
 *
 * The log is held in memory (100 000 events and more), so the envelope shares what repeats
 * instead of keeping one copy per event: one frozen `stream` object per stream, one frozen `actor`
 * per distinct actor, one string per event type, and `previousHash`, `recordedAt`, `reason` and
 * `idempotencyKey` reuse the previous item's strings when equal (the previous event's hash, and the
 * events of one append, read in log order). Values are unchanged; only the copies go.
 */
export function itemToEvent(item: Record<string, unknown>): RecordedEvent {
  const i = item as unknown as EventItem;
  const before = lastItem;
  const event: RecordedEvent = {
    eventId: i.eventId,
    stream: sharedStream(i.streamKind, i.streamId),
    version: Number(i.version),
    position: Number(i.position),
    type: sharedType(i.type),
    schemaVersion: Number(i.schemaVersion),
    recordedAt: i.recordedAt === before.recordedAt ? before.recordedAt : i.recordedAt,
    actor: sharedActor(i.actor),
    reason: i.reason == null ? null : i.reason === before.reason ? before.reason : i.reason,
    idempotencyKey: i.idempotencyKey == null ? null : i.idempotencyKey === before.idempotencyKey ? before.idempotencyKey : i.idempotencyKey,
    payload: parseStoredPayload(i.payload),
    previousHash: i.previousHash === before.hash ? before.hash : i.previousHash,
    hash: i.hash,
  };
  lastItem = event;
  return event;
}

// What itemToEvent shares between envelopes. Every shared value is immutable (frozen objects,
// strings), so sharing across stores and tables is harmless; the tables are bounded by count so a
// process that reads many records and keeps none does not hold them forever.
const MAX_SHARED = 200_000;
let lastItem: Pick<RecordedEvent, 'recordedAt' | 'reason' | 'idempotencyKey' | 'hash'> = { recordedAt: '', reason: null, idempotencyKey: null, hash: '' };
const types = new Map<string, string>();
/** kind -> its one string and its streams by id (the id string is the one the stream holds). */
const streams = new Map<string, { kind: string; byId: Map<string, RecordedEvent['stream']> }>();
let streamCount = 0;
/** actor id -> the distinct actors with that id (name or kind may differ between events). */
const actors = new Map<string, RecordedEvent['actor'][]>();
let actorCount = 0;

function sharedType(type: string): string {
  const known = types.get(type);
  if (known !== undefined) return known;
  if (types.size >= MAX_SHARED) types.clear();
  types.set(type, type);
  return type;
}

function sharedStream(kind: string, id: string): RecordedEvent['stream'] {
  let ofKind = streams.get(kind);
  const known = ofKind?.byId.get(id);
  if (known) return known;
  if (streamCount >= MAX_SHARED) {
    streams.clear();
    streamCount = 0;
    ofKind = undefined;
  }
  if (!ofKind) streams.set(kind, (ofKind = { kind, byId: new Map() }));
  const stream = Object.freeze({ kind: ofKind.kind, id });
  ofKind.byId.set(id, stream);
  streamCount += 1;
  return stream;
}

function sharedActor(actor: RecordedEvent['actor']): RecordedEvent['actor'] {
  if (actor === null || typeof actor !== 'object' || typeof actor.id !== 'string') return actor;
  const same = actors.get(actor.id);
  if (same) {
    for (const known of same) if (sameActor(known, actor)) return known;
  } else if (actorCount >= MAX_SHARED) {
    actors.clear();
    actorCount = 0;
  }
  const shared = Object.freeze({ ...actor });
  if (same) same.push(shared);
  else actors.set(actor.id, [shared]);
  actorCount += 1;
  return shared;
}

function sameActor(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (a[key] !== b[key] || !(key in b)) return false;
  return true;
}

/** A payload that is not JSON can only come from tampering; it is kept as text so the hash check reports it. */
function parseStoredPayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function idempotencyItem(record: IdempotencyRecord): Record<string, unknown> {
  return {
    [PARTITION_KEY]: idempotencyPartition(record.actorId, record.key),
    [SORT_KEY]: IDEMPOTENCY_SORT_KEY,
    ...record,
  };
}

export function itemToIdempotency(item: Record<string, unknown>): IdempotencyRecord {
  const { [PARTITION_KEY]: _pk, [SORT_KEY]: _sk, ...rest } = item;
  return rest as unknown as IdempotencyRecord;
}

/**
 * Size of an item as DynamoDB counts it, rounded up: attribute names plus values. JSON text of the
 * item is a slight overestimate (quotes, separators), which errs on the side of refusing early.
 */
export function itemBytes(item: Record<string, unknown>): number {
  return Buffer.byteLength(JSON.stringify(item), 'utf8');
}

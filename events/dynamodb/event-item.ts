import type { IdempotencyRecord, RecordedEvent } from '../envelope.ts';
import {
  FEED_PARTITION,
  IDEMPOTENCY_SORT_KEY,
  PARTITION_KEY,
  SORT_KEY,
  idempotencyPartition,
  padNumber,
  streamPartition,
} from './keys.ts';

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

/** Reads an item back into an envelope; the payload is still the stored version's shape. */
export function itemToEvent(item: Record<string, unknown>): RecordedEvent {
  const i = item as unknown as EventItem;
  return {
    eventId: i.eventId,
    stream: { kind: i.streamKind, id: i.streamId },
    version: Number(i.version),
    position: Number(i.position),
    type: i.type,
    schemaVersion: Number(i.schemaVersion),
    recordedAt: i.recordedAt,
    actor: i.actor,
    reason: i.reason ?? null,
    idempotencyKey: i.idempotencyKey ?? null,
    payload: parseStoredPayload(i.payload),
    previousHash: i.previousHash,
    hash: i.hash,
  };
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

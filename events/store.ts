import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ActorSchema,
  StreamRefSchema,
  streamKey,
  type AppendMeta,
  type AppendResult,
  type ExpectedVersion,
  type IdempotencyRecord,
  type NewEvent,
  type RecordedEvent,
  type StreamRef,
} from './envelope.ts';
import { InvalidArgumentError, TooLargeError } from './errors.ts';
import { hashEvent, type ChainHead } from './integrity.ts';
import type { EventRegistry } from './registry.ts';

export interface ReadOptions {
  /**
   * `raw`: payloads exactly as stored, in their stored schema version, neither upcast nor
   * validated: what the hash chain covers, for integrity checks and exports.
   */
  raw?: boolean;
}

/**
 * The append-only event log. Every implementation passes the same contract suite
 * (test/events/store-contract.ts).
 */
export interface EventStore {
  /**
   * Appends events to one stream atomically, at the next global positions, extending the hash
   * chain. Throws InvalidArgumentError (arguments no append can have) or InvalidEventError (a
   * payload its schema refuses) before anything else, VersionConflictError when the stream (or a
   * stream in `meta.readStreams`) is not at the version expected, IdempotencyKeyTakenError when
   * `meta.idempotencyKey` was used already, TooLargeError before writing anything that breaks a
   * limit, StoreUnavailableError when the store cannot be reached.
   */
  append(stream: StreamRef, expectedVersion: ExpectedVersion, events: NewEvent[], meta: AppendMeta): Promise<AppendResult>;

  /** Events of one stream in version order, `fromVersion` and `toVersion` inclusive. */
  readStream(stream: StreamRef, range?: VersionRange, options?: ReadOptions): Promise<RecordedEvent[]>;

  /** Up to `limit` events after `afterPosition`, in global order. */
  readAll(afterPosition: number, limit?: number, options?: ReadOptions): Promise<RecordedEvent[]>;

  /** The last event's position and hash, or position 0 and the genesis hash for an empty log. */
  head(): Promise<ChainHead>;

  /** What an earlier append with this actor's idempotency key wrote, if any. */
  findIdempotency(actorId: string, key: string): Promise<IdempotencyRecord | null>;
}

/** An event checked against its schema, with the schema version it is stored in. */
export interface PreparedEvent {
  type: string;
  schemaVersion: number;
  payload: unknown;
}

const AppendMetaSchema = z.object({
  actor: ActorSchema,
  reason: z.string().nullish(),
  idempotencyKey: z.string().nullish(),
  requestHash: z.string().nullish(),
  readStreams: z.array(z.object({ stream: StreamRefSchema, version: z.number().int().nonnegative() })).optional(),
});

/**
 * The checks every store makes before an append touches the log, in this order: the arguments
 * (InvalidArgumentError), at least one event (TooLargeError EMPTY_APPEND), each payload against
 * its registered schema (InvalidEventError). Returns the events as they will be stored: the
 * JSON round trip makes the hashed payload exactly what a reader parses back.
 */
export function prepareAppend(
  registry: EventRegistry,
  stream: StreamRef,
  expectedVersion: ExpectedVersion,
  events: readonly NewEvent[],
  meta: AppendMeta,
): PreparedEvent[] {
  check('stream', StreamRefSchema, stream);
  if (!isExpectedVersion(expectedVersion)) {
    throw new InvalidArgumentError('expectedVersion', `must be 'any', 'no-stream' or a non-negative integer, not ${describe(expectedVersion)}`);
  }
  if (!Array.isArray(events)) throw new InvalidArgumentError('events', `must be an array of events, not ${describe(events)}`);
  if (events.length === 0) throw new TooLargeError('EMPTY_APPEND', 0, 1, 'an append needs at least one event');
  for (const [index, event] of events.entries()) {
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string') {
      throw new InvalidArgumentError(`events.${index}`, `must be an object with a string type, not ${describe(event)}`);
    }
  }
  check('meta', AppendMetaSchema, meta);
  // A transaction may name an item once: the stream it writes and the ones it checks are distinct.
  const named = new Set([streamKey(stream)]);
  for (const [index, read] of (meta.readStreams ?? []).entries()) {
    const key = streamKey(read.stream);
    if (named.has(key)) {
      throw new InvalidArgumentError(`meta.readStreams.${index}.stream`, `${key} is the appended stream or named twice`);
    }
    named.add(key);
  }
  return events.map((event) => {
    const { payload, schemaVersion } = registry.forAppend(event.type, event.payload);
    return { type: event.type, schemaVersion, payload: JSON.parse(JSON.stringify(payload)) as unknown };
  });
}

/**
 * The events of one append placed in the log: stream versions after `streamVersion`, positions
 * after `tail`, the hash chain continued from its hash.
 */
export function recordEvents(
  events: readonly PreparedEvent[],
  stream: StreamRef,
  streamVersion: number,
  tail: ChainHead,
  meta: AppendMeta,
  recordedAt: string,
): RecordedEvent[] {
  let previousHash = tail.hash;
  return events.map((event, index) => {
    const unhashed = {
      eventId: randomUUID(),
      stream,
      version: streamVersion + index + 1,
      position: tail.position + index + 1,
      type: event.type,
      schemaVersion: event.schemaVersion,
      recordedAt,
      actor: meta.actor,
      reason: meta.reason ?? null,
      idempotencyKey: meta.idempotencyKey ?? null,
      payload: event.payload,
      previousHash,
    };
    const hash = hashEvent(unhashed);
    previousHash = hash;
    return { ...unhashed, hash };
  });
}

/** Which versions of a stream to read: from and to, both included; the whole stream by default. */
export interface VersionRange {
  fromVersion?: number;
  toVersion?: number;
}

/** The versions `readStream(stream, range)` asks for, or null for none. */
export function versionRange(range: VersionRange): { from: number; to: number } | null {
  const from = Math.max(1, range.fromVersion ?? 1);
  const to = range.toVersion ?? Number.MAX_SAFE_INTEGER;
  return to < from ? null : { from, to };
}

export function isExpectedVersion(value: unknown): value is ExpectedVersion {
  return value === 'any' || value === 'no-stream' || (Number.isSafeInteger(value) && (value as number) >= 0);
}

function check(argument: string, schema: z.ZodType, value: unknown): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  const path = [argument, ...issue.path.map(String)].join('.');
  throw new InvalidArgumentError(path, issue.message);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || value === null || value === undefined) return String(value);
  return typeof value;
}

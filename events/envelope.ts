import { z } from 'zod';

/** Who caused an event. Comes from the request context, never from mutation input. */
export const ActorSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  kind: z.enum(['HUMAN', 'SERVICE']),
});
export type Actor = z.infer<typeof ActorSchema>;

/** A stream is one record: its kind (decision, objective, ...) and its id. */
export const StreamRefSchema = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9-]*$/),
  id: z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/),
});
export type StreamRef = z.infer<typeof StreamRefSchema>;

export const streamKey = (stream: StreamRef): string => `${stream.kind}#${stream.id}`;

/** Any event as a decider emits it: its type and payload. Each record kind has a union of these. */
export interface AnyEvent {
  type: string;
  payload: unknown;
}

/** Where, when, by whom and in what place of the chain an event was recorded. */
export interface EventEnvelope {
  eventId: string;
  stream: StreamRef;
  /** Version of the stream after this event: 1 for the first event of a record. */
  version: number;
  /** Global position in the log: gapless from 1, equal to commit order. */
  position: number;
  schemaVersion: number;
  recordedAt: string;
  actor: Actor;
  reason: string | null;
  idempotencyKey: string | null;
  previousHash: string;
  hash: string;
}

/**
 * An event as read back from the log: its envelope and one member of the event union `E`
 * (distributive, so `type` narrows `payload`). The one recorded-event type of every layer.
 */
export type RecordedEvent<E extends AnyEvent = AnyEvent> = E extends unknown ? EventEnvelope & E : never;

/** An event as a decider emits it, before the store gives it a place in the log. */
export type NewEvent = AnyEvent;

export interface AppendMeta {
  actor: Actor;
  reason?: string | null;
  /** Makes the append idempotent: a second append with the same key writes nothing. */
  idempotencyKey?: string | null;
  /** Hash of the request the key was used for, to tell a retry from a reuse. */
  requestHash?: string | null;
  /**
   * Other streams the decision read, at the versions it read them: the append fails with a
   * VersionConflictError for such a stream if it has moved since, so a rule spanning two records
   * ("only open initiatives are ranked") holds under concurrent writes.
   */
  readStreams?: readonly StreamVersion[];
}

export interface StreamVersion {
  stream: StreamRef;
  version: number;
}

/** `any`: no check; `no-stream`: the stream must not exist; a number: the stream must be at exactly that version. */
export type ExpectedVersion = 'any' | 'no-stream' | number;

export interface AppendResult {
  events: RecordedEvent[];
  /** Stream version after the append. */
  streamVersion: number;
  /** Global position of the last appended event. */
  position: number;
}

/** What the store remembers of an idempotent append, to answer a retry with the first result. */
export interface IdempotencyRecord {
  actorId: string;
  key: string;
  requestHash: string;
  stream: StreamRef;
  fromVersion: number;
  toVersion: number;
  firstPosition: number;
  lastPosition: number;
  recordedAt: string;
}

import type { AppendMeta, AppendResult, ExpectedVersion, NewEvent, StreamRef } from '../envelope.ts';
import {
  ContentionError,
  IdempotencyKeyTakenError,
  InvalidArgumentError,
  InvalidEventError,
  StoreUnavailableError,
  TooLargeError,
  VersionConflictError,
  type LimitName,
} from '../errors.ts';

/** One append as the API asks the writer for it: the EventStore.append arguments. */
export interface AppendRequest {
  stream: StreamRef;
  expectedVersion: ExpectedVersion;
  events: NewEvent[];
  meta: AppendMeta;
}

/** What the API sends the writer: appends in arrival order, committed by its group commit in that order. */
export interface WriterRequest {
  appends: AppendRequest[];
}

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: SerializedError };

export interface WriterResponse {
  outcomes: AppendOutcome[];
}

/**
 * A store error as JSON: its `code` (not its class name, which a minified bundle renames), message
 * and the fields its constructor takes.
 */
export interface SerializedError {
  code: string;
  message: string;
  fields?: Record<string, unknown>;
}

/** The store errors a writer answers with, as data: the API rebuilds the same classes (deserializeError). */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof VersionConflictError) {
    return { code: error.code, message: error.message, fields: { stream: error.stream, expected: error.expected, actual: error.actual } };
  }
  if (error instanceof TooLargeError) {
    return { code: error.code, message: error.message, fields: { limit: error.limit, actual: error.actual, maximum: error.maximum, eventIndex: error.eventIndex } };
  }
  if (error instanceof InvalidArgumentError) return { code: error.code, message: error.message, fields: { argument: error.argument } };
  if (error instanceof InvalidEventError) return { code: error.code, message: error.message, fields: { type: error.type, issues: error.issues } };
  if (error instanceof IdempotencyKeyTakenError) return { code: error.code, message: error.message, fields: { key: error.key } };
  if (error instanceof ContentionError) return { code: error.code, message: error.message, fields: { attempts: error.attempts } };
  if (error instanceof StoreUnavailableError) return { code: error.code, message: error.message, fields: { outcomeUnknown: error.outcomeUnknown } };
  // Anything else is a bug in the writer: the API cannot know whether it wrote.
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'STORE_UNAVAILABLE', message: `The writer failed: ${message}`, fields: { outcomeUnknown: true } };
}

/** The error class a writer answered with (by its code), rebuilt with its fields and message. */
export function deserializeError(serialized: SerializedError): Error {
  const f = (serialized.fields ?? {}) as {
    stream: StreamRef; expected: number | 'no-stream'; actual: number; limit: LimitName; maximum: number; eventIndex?: number;
    argument: string; type: string; issues: { path: (string | number)[]; message: string }[]; key: string; attempts: number; outcomeUnknown?: boolean;
  };
  let error: Error;
  switch (serialized.code) {
    case 'VERSION_CONFLICT':
      error = new VersionConflictError(f.stream, f.expected, f.actual);
      break;
    case 'TOO_LARGE':
      error = new TooLargeError(f.limit, f.actual, f.maximum, serialized.message, f.eventIndex ?? undefined);
      break;
    case 'INVALID_ARGUMENT':
      error = new InvalidArgumentError(f.argument, '');
      break;
    case 'INVALID_EVENT':
      error = new InvalidEventError(f.type, f.issues);
      break;
    case 'IDEMPOTENCY_KEY_TAKEN':
      error = new IdempotencyKeyTakenError(f.key);
      break;
    case 'CONTENTION':
      error = new ContentionError(f.attempts);
      break;
    default:
      error = new StoreUnavailableError(serialized.message, { outcomeUnknown: f.outcomeUnknown ?? serialized.code !== 'STORE_UNAVAILABLE' });
  }
  error.message = serialized.message;
  return error;
}

/** Whether a body is a WriterRequest (the writer refuses anything else without touching the log). */
export function isWriterRequest(body: unknown): body is WriterRequest {
  return (
    typeof body === 'object' &&
    body !== null &&
    Array.isArray((body as WriterRequest).appends) &&
    (body as WriterRequest).appends.every((a) => typeof a === 'object' && a !== null)
  );
}

import type { StreamRef } from './envelope.ts';

/** Base class of the errors the event store reports; `code` is stable and safe to show a client. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class VersionConflictError extends EventStoreError {
  readonly code = 'VERSION_CONFLICT';
  constructor(
    readonly stream: StreamRef,
    readonly expected: number | 'no-stream',
    readonly actual: number,
  ) {
    super(
      `Stream ${stream.kind}/${stream.id} is at version ${actual}, expected ${expected === 'no-stream' ? 'no stream' : expected}`,
    );
  }
}

export type LimitName = 'ITEM_SIZE' | 'TRANSACTION_ITEMS' | 'TRANSACTION_SIZE' | 'EMPTY_APPEND';

/** The append would break a DynamoDB limit; checked before anything is written. */
export class TooLargeError extends EventStoreError {
  readonly code = 'TOO_LARGE';
  constructor(
    readonly limit: LimitName,
    readonly actual: number,
    readonly maximum: number,
    message: string,
    /** For ITEM_SIZE: the index of the event that is too large among the append's events (absent: the idempotency record). */
    readonly eventIndex?: number,
  ) {
    super(message);
  }
}

/**
 * A store method was called with an argument no append can have (an expected version of -1 or
 * 1.5, a malformed stream ref, no events array, an actor without an id): a bug in the caller, not
 * a state of the log. Nothing is written.
 */
export class InvalidArgumentError extends EventStoreError {
  readonly code = 'INVALID_ARGUMENT';
  constructor(
    /** Which argument, as a path: `expectedVersion`, `stream.id`, `events.2`, `meta.readStreams.0.version`. */
    readonly argument: string,
    message: string,
  ) {
    super(`Invalid ${argument}: ${message}`);
  }
}

/** An event payload does not match the schema registered for its type. */
export class InvalidEventError extends EventStoreError {
  readonly code = 'INVALID_EVENT';
  constructor(
    readonly type: string,
    readonly issues: { path: (string | number)[]; message: string }[],
  ) {
    super(`Event ${type} is invalid: ${issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

/** Another append with the same idempotency key committed first. */
export class IdempotencyKeyTakenError extends EventStoreError {
  readonly code = 'IDEMPOTENCY_KEY_TAKEN';
  constructor(readonly key: string) {
    super(`Idempotency key ${key} was used by a concurrent request`);
  }
}

/** The global position stayed contended through every bounded retry. The client may retry. */
export class ContentionError extends EventStoreError {
  readonly code = 'CONTENTION';
  constructor(readonly attempts: number) {
    super(`The log stayed contended after ${attempts} attempts; retry the request`);
  }
}

/**
 * DynamoDB could not be reached or did not answer in time. Retryable. Nothing was written, unless
 * `outcomeUnknown`: then a transaction was sent, its answer was lost, and the store could not read
 * back whether it committed; a retry with the same idempotency key tells.
 */
export class StoreUnavailableError extends EventStoreError {
  readonly code = 'STORE_UNAVAILABLE';
  readonly outcomeUnknown: boolean;
  constructor(message: string, options?: ErrorOptions & { outcomeUnknown?: boolean }) {
    super(message, options);
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
  }
}

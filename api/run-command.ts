import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { fold, type AnyEvent, type FoldableKind, type RecordKind, type RecordState } from '../domain/decider.ts';
import type { RecordedEvent, StreamRef, StreamVersion } from '../events/envelope.ts';
import {
  ContentionError,
  IdempotencyKeyTakenError,
  StoreUnavailableError,
  TooLargeError,
  VersionConflictError,
} from '../events/errors.ts';
import { canonicalJson, sha256Hex } from '../events/integrity.ts';
import type { EventStore } from '../events/store.ts';
import type { ApiContext } from './context.ts';
import type { UserError } from './schema/user-error.ts';

/** One command against one record, as every mutation runs it. */
export interface Command<C, S extends RecordState, E extends AnyEvent> {
  /** Mutation name, part of what an idempotency key is bound to. */
  operation: string;
  /** The mutation's input as received, for the idempotency hash and to place TOO_LARGE errors. */
  input: Record<string, unknown>;
  kind: RecordKind<C, S, E>;
  /** The record's id; none for a new record, whose id the server makes (nothing to load). */
  id?: string;
  /** The version the client last read; a mismatch is a VERSION_CONFLICT (see execute). */
  expectedVersion?: number;
  reason?: string | null;
  idempotencyKey?: string | null;
  /**
   * Builds the command from the current state of the record; may return user errors instead.
   * Other records it decides on are loaded through `read`, so the append fails (and the command
   * is decided again) if one of them changes before it commits.
   */
  command: (state: S, read: ReadStream) => Promise<C | UserError[]> | C | UserError[];
}

export interface CommandResult<S> {
  state: S | null;
  userErrors: UserError[];
}

/** Loads another record a command is decided on, and remembers the version it was at. */
export type ReadStream = <S extends RecordState, E extends AnyEvent>(kind: FoldableKind<S, E>, id: string) => Promise<S>;

const failed = <S>(...userErrors: UserError[]): CommandResult<S> => ({ state: null, userErrors });

const sameStream = (a: StreamRef, b: StreamRef) => a.kind === b.kind && a.id === b.id;

/** Current state of one record, folded from its stream (consistent read), up to `toVersion`. */
export async function loadState<S extends RecordState, E extends AnyEvent>(
  store: EventStore,
  kind: FoldableKind<S, E>,
  id: string,
  toVersion?: number,
): Promise<S> {
  const events = await store.readStream({ kind: kind.stream, id }, { toVersion });
  // The stream holds only this kind's events: its stream kind is the kind's own.
  return fold(kind.decider, events as RecordedEvent<E>[], kind.decider.initialState(id));
}

/**
 * Server-made idempotency keys carry a character client keys may not use, so a client can never
 * name one. Every command has a key: a retry of an append whose outcome was unknown (a timeout, a
 * lost answer) then finds the first attempt instead of writing twice.
 */
const serverKey = () => `server~${randomUUID()}`;

/**
 * The write path of every mutation: idempotent replay, load the record, check the client's
 * version, decide, append with optimistic concurrency, and turn every refusal into user errors.
 * Store outages become a STORE_UNAVAILABLE GraphQL error; nothing is half-written.
 *
 * Versions are checked the same way for every record: a record at another version than the
 * client's is a VERSION_CONFLICT. A record still at version 0 is either one that does not exist,
 * which its decider refuses (NOT_FOUND), or one that exists from the start, like the priority
 * list; the decider is asked first, and only a command it would not refuse as NOT_FOUND is a conflict.
 */
export async function execute<C, S extends RecordState, E extends AnyEvent>(
  ctx: ApiContext,
  spec: Command<C, S, E>,
): Promise<CommandResult<S>> {
  const clientKey = spec.idempotencyKey ?? null;
  const idempotencyKey = clientKey ?? serverKey();
  try {
    const requestHash = sha256Hex(canonicalJson({ operation: spec.operation, input: withoutKey(spec.input) }));
    if (clientKey) {
      const replay = await replayIdempotent(ctx, spec, idempotencyKey, requestHash);
      if (replay) return replay;
    }
    const id = spec.id ?? randomUUID();
    const stream = { kind: spec.kind.stream, id };

    // A client that pinned no version asked for "whatever it is now": a concurrent write is
    // decided again against the new state (a few times) instead of being reported as a conflict.
    for (let attempt = 1; ; attempt += 1) {
      const state = spec.id === undefined && attempt === 1 ? spec.kind.decider.initialState(id) : await loadState(ctx.store, spec.kind, id);
      const stale = spec.expectedVersion !== undefined && state.version !== spec.expectedVersion;
      if (stale && state.version > 0) {
        // A retry racing its own first attempt: the version moved because that attempt committed,
        // so the answer is its result, not a conflict (found by test/load/fault-slice.test.ts).
        const replay = clientKey ? await replayIdempotent(ctx, spec, idempotencyKey, requestHash) : null;
        return replay ?? failed(versionConflict(spec.expectedVersion!, state.version));
      }
      const readStreams: StreamVersion[] = [];
      const read: ReadStream = async (kind, otherId) => {
        const other = await loadState(ctx.store, kind, otherId);
        readStreams.push({ stream: { kind: kind.stream, id: otherId }, version: other.version });
        return other;
      };
      const command = await spec.command(state, read);
      if (Array.isArray(command)) return failed(...command);
      const decided = spec.kind.decider.decide(command, state);
      if (!decided.ok) {
        if (stale && !decided.errors.some((e) => e.code === 'NOT_FOUND')) return failed(versionConflict(spec.expectedVersion!, state.version));
        return failed(...decided.errors.map((e) => ({ code: e.code, field: ['input', ...(e.field ?? [])], message: e.message })));
      }
      if (stale) return failed(versionConflict(spec.expectedVersion!, state.version));

      try {
        const result = await ctx.store.append(stream, state.version === 0 ? 'no-stream' : state.version, decided.events, {
          actor: ctx.actor,
          reason: spec.reason ?? null,
          idempotencyKey,
          requestHash,
          readStreams,
        });
        ctx.appended(result.events);
        return { state: fold(spec.kind.decider, result.events as RecordedEvent<E>[], state), userErrors: [] };
      } catch (error) {
        if (error instanceof VersionConflictError) {
          // Another record the command read changed: decided again, whether or not the client pinned this one.
          const readMoved = !sameStream(error.stream, stream);
          if ((readMoved || spec.expectedVersion === undefined) && attempt < UNPINNED_ATTEMPTS) continue;
          if (readMoved) return failed(readKeptMoving(error));
          return failed(versionConflict(spec.expectedVersion ?? state.version, error.actual, spec.expectedVersion !== undefined));
        }
        if (error instanceof IdempotencyKeyTakenError) {
          const replay = await replayIdempotent(ctx, spec, idempotencyKey, requestHash);
          if (replay) return replay;
        }
        if (error instanceof TooLargeError) {
          return failed({ code: 'TOO_LARGE', field: largestField(spec.input), message: error.message });
        }
        throw error;
      }
    }
  } catch (error) {
    throw toGraphQLError(error, idempotencyKey);
  }
}

async function replayIdempotent<C, S extends RecordState, E extends AnyEvent>(
  ctx: ApiContext,
  spec: Command<C, S, E>,
  idempotencyKey: string,
  requestHash: string,
): Promise<CommandResult<S> | null> {
  const record = await ctx.store.findIdempotency(ctx.actor.id, idempotencyKey);
  if (!record) return null;
  if (record.requestHash !== requestHash) {
    return failed({
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: ['input', 'idempotencyKey'],
      message: 'This idempotency key was already used for a different request; use a new key for a new request',
    });
  }
  return { state: await loadState(ctx.store, spec.kind, record.stream.id, record.toVersion), userErrors: [] };
}

/** Attempts for a command whose client pinned no expectedVersion, before a conflict is reported. */
const UNPINNED_ATTEMPTS = 3;

const versionConflict = (expected: number, actual: number, pinned = true): UserError => ({
  code: 'VERSION_CONFLICT',
  field: pinned ? ['input', 'expectedVersion'] : null,
  message: pinned
    ? `The record is at version ${actual}, not ${expected}: someone changed it since you read it. Reload and try again.`
    : `The record kept changing while this request was decided (now at version ${actual}); try again.`,
});

const readKeptMoving = (error: VersionConflictError): UserError => ({
  code: 'VERSION_CONFLICT',
  field: null,
  message: `The ${error.stream.kind} this change depends on kept changing while it was decided (now at version ${error.actual}); try again.`,
});

function withoutKey(input: Record<string, unknown>): Record<string, unknown> {
  const { idempotencyKey: _, ...rest } = input;
  return rest;
}

/** The input field holding the most text: where a TOO_LARGE error belongs. */
export function largestField(input: unknown, path: string[] = ['input']): string[] {
  let best = { path, size: -1 };
  const visit = (value: unknown, at: string[]) => {
    if (typeof value === 'string') {
      if (value.length > best.size) best = { path: at, size: value.length };
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) visit(child, [...at, key]);
    }
  };
  visit(input, path);
  return best.path;
}

/**
 * Store failures a client can act on become GraphQL errors with a code; the rest stay masked.
 * `idempotencyKey`: the key a failed write was sent with (the client's or the server's own), given
 * back when the write may have committed, so that a retry with it can never write twice.
 */
export function toGraphQLError(error: unknown, idempotencyKey?: string): unknown {
  if (error instanceof GraphQLError) return error;
  if (error instanceof StoreUnavailableError) {
    console.error(error.message);
    if (error.outcomeUnknown && idempotencyKey) {
      return new GraphQLError(
        'The event store did not say whether this write committed; it may have been written. Retry with the idempotencyKey in extensions: it is written at most once.',
        { extensions: { code: 'STORE_UNAVAILABLE', retryable: true, outcomeUnknown: true, idempotencyKey } },
      );
    }
    return new GraphQLError('The event store is unavailable; nothing was written. Retry shortly.', {
      extensions: { code: 'STORE_UNAVAILABLE', retryable: true },
    });
  }
  if (error instanceof ContentionError) {
    return new GraphQLError(error.message, { extensions: { code: 'CONTENTION', retryable: true } });
  }
  return error;
}

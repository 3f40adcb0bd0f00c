import { GraphQLError } from 'graphql';
import { fold, type Decider, type Recorded } from '../domain/decider.ts';
import type { StreamRef, StreamVersion } from '../events/envelope.ts';
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
import type { Payload } from './schema/payload.ts';
import type { UserError } from './schema/user-error.ts';

type AnyEvent = { type: string; payload: unknown };

export interface CommandSpec<C, S extends { version: number }, E extends AnyEvent> {
  /** Mutation name, part of what an idempotency key is bound to. */
  operation: string;
  /** The mutation's input as received, for the idempotency hash and to place TOO_LARGE errors. */
  input: Record<string, unknown>;
  stream: StreamRef;
  decider: Decider<C, S, E>;
  initialState: S;
  /**
   * Builds the command from the current state of the record; may return user errors instead.
   * Other records it decides on are loaded through `read`, so the append fails (and the command
   * is decided again) if one of them changes before it commits.
   */
  command: (state: S, read: ReadStream) => Promise<C | UserError[]> | C | UserError[];
  /**
   * The server just generated the stream id (a new record): there is nothing to read, so the
   * stream is not loaded; the append's condition still proves the id is new.
   */
  newRecord?: boolean;
  /** The version the client last saw; a mismatch is a VERSION_CONFLICT before anything is decided. */
  expectedVersion?: number;
  /**
   * The stream is the one record of its kind and exists from the start (version 0: empty, like
   * the priority list), so version 0 is checked too; for other records it means not found, which
   * the decider reports.
   */
  singleton?: boolean;
  reason?: string | null;
  idempotencyKey?: string | null;
}

export interface CommandResult<S> {
  state: S | null;
  userErrors: UserError[];
}

const failed = <S>(...userErrors: UserError[]): CommandResult<S> => ({ state: null, userErrors });

/** Loads another record a command is decided on, and remembers the version it was at. */
export type ReadStream = <S extends { version: number }, E extends AnyEvent>(
  decider: Pick<Decider<unknown, S, E>, 'evolve' | 'initialState'>,
  initialState: S,
  stream: StreamRef,
) => Promise<S>;

const sameStream = (a: StreamRef, b: StreamRef) => a.kind === b.kind && a.id === b.id;

/** Current state of one record, folded from its stream (consistent read). */
export async function loadState<S, E extends AnyEvent>(
  store: EventStore,
  decider: Pick<Decider<unknown, S, E>, 'evolve' | 'initialState'>,
  initialState: S,
  stream: StreamRef,
  toVersion?: number,
): Promise<S> {
  const events = await store.readStream(stream, { toVersion });
  return fold(decider, events as unknown as Recorded<E>[], initialState);
}

/**
 * The write path of every mutation: idempotent replay, load the stream, check the client's
 * version, decide, append with optimistic concurrency, and turn every refusal into user errors.
 * Store outages become a STORE_UNAVAILABLE GraphQL error; nothing is half-written.
 */
export async function runCommand<C, S extends { version: number }, E extends AnyEvent>(
  ctx: ApiContext,
  spec: CommandSpec<C, S, E>,
): Promise<CommandResult<S>> {
  try {
    const requestHash = spec.idempotencyKey ? sha256Hex(canonicalJson({ operation: spec.operation, input: withoutKey(spec.input) })) : null;
    if (spec.idempotencyKey) {
      const replay = await replayIdempotent(ctx, spec, requestHash!);
      if (replay) return replay;
    }

    // A client that pinned no version asked for "whatever it is now": a concurrent write is
    // decided again against the new state (a few times) instead of being reported as a conflict.
    for (let attempt = 1; ; attempt += 1) {
      const state =
        spec.newRecord && attempt === 1 ? spec.initialState : await loadState(ctx.store, spec.decider, spec.initialState, spec.stream);
      if (spec.expectedVersion !== undefined && (state.version > 0 || spec.singleton) && state.version !== spec.expectedVersion) {
        // A retry racing its own first attempt: the version moved because that attempt committed,
        // so the answer is its result, not a conflict (found by test/load/fault-slice.test.ts).
        if (spec.idempotencyKey) {
          const replay = await replayIdempotent(ctx, spec, requestHash!);
          if (replay) return replay;
        }
        return failed(versionConflict(spec.expectedVersion, state.version));
      }
      const readStreams: StreamVersion[] = [];
      const read: ReadStream = async (decider, initialState, stream) => {
        const other = await loadState(ctx.store, decider, initialState, stream);
        readStreams.push({ stream, version: other.version });
        return other;
      };
      const command = await spec.command(state, read);
      if (Array.isArray(command)) return failed(...command);
      const decided = spec.decider.decide(command, state);
      if (!decided.ok) {
        return failed(...decided.errors.map((e) => ({ code: e.code, field: ['input', ...(e.field ?? [])], message: e.message })));
      }

      try {
        const result = await ctx.store.append(spec.stream, state.version === 0 ? 'no-stream' : state.version, decided.events, {
          actor: ctx.actor,
          reason: spec.reason ?? null,
          idempotencyKey: spec.idempotencyKey ?? null,
          requestHash,
          readStreams,
        });
        ctx.appended(result.events);
        return { state: fold(spec.decider, result.events as unknown as Recorded<E>[], state), userErrors: [] };
      } catch (error) {
        if (error instanceof VersionConflictError) {
          // Another record the command read changed: decided again, whether or not the client pinned this one.
          const readMoved = !sameStream(error.stream, spec.stream);
          if ((readMoved || spec.expectedVersion === undefined) && attempt < UNPINNED_ATTEMPTS) continue;
          if (readMoved) return failed(readKeptMoving(error));
          return failed(versionConflict(spec.expectedVersion ?? state.version, error.actual, spec.expectedVersion !== undefined));
        }
        if (error instanceof IdempotencyKeyTakenError) {
          const replay = await replayIdempotent(ctx, spec, requestHash!);
          if (replay) return replay;
        }
        if (error instanceof TooLargeError) {
          return failed({ code: 'TOO_LARGE', field: largestField(spec.input), message: error.message });
        }
        throw error;
      }
    }
  } catch (error) {
    throw toGraphQLError(error);
  }
}

async function replayIdempotent<C, S extends { version: number }, E extends AnyEvent>(
  ctx: ApiContext,
  spec: CommandSpec<C, S, E>,
  requestHash: string,
): Promise<CommandResult<S> | null> {
  const record = await ctx.store.findIdempotency(ctx.actor.id, spec.idempotencyKey!);
  if (!record) return null;
  if (record.requestHash !== requestHash) {
    return failed({
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: ['input', 'idempotencyKey'],
      message: 'This idempotency key was already used for a different request; use a new key for a new request',
    });
  }
  const initial = { ...spec.initialState, id: record.stream.id };
  return { state: await loadState(ctx.store, spec.decider, initial, record.stream, record.toVersion), userErrors: [] };
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

/** Store failures a client can act on become GraphQL errors with a code; the rest stay masked. */
export function toGraphQLError(error: unknown): unknown {
  if (error instanceof GraphQLError) return error;
  if (error instanceof StoreUnavailableError) {
    console.error(error.message);
    return new GraphQLError('The event store is unavailable; nothing was written. Retry shortly.', {
      extensions: { code: 'STORE_UNAVAILABLE', retryable: true },
    });
  }
  if (error instanceof ContentionError) {
    return new GraphQLError(error.message, { extensions: { code: 'CONTENTION', retryable: true } });
  }
  return error;
}

/** Runs commands against the streams of one record kind and returns a mutation payload. */
export function recordExecutor<C, S extends { version: number }, E extends AnyEvent>(
  decider: Decider<C, S, E>,
  kind: string,
  initialState: (id: string) => S,
) {
  return async (
    ctx: ApiContext,
    spec: Omit<CommandSpec<C, S, E>, 'decider' | 'initialState' | 'stream'> & { id: string },
  ): Promise<Payload<S>> => {
    const { id, ...rest } = spec;
    const result = await runCommand(ctx, { ...rest, decider, stream: { kind, id }, initialState: initialState(id) });
    return { record: result.state, userErrors: result.userErrors };
  };
}

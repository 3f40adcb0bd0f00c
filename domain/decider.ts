import type { AnyEvent, RecordedEvent } from '../events/envelope.ts';

/**
 * The shape of every record kind's domain logic (after emmett's Decider):
 * `decide(command, state)` returns the events a command causes or the errors that refuse it,
 * `evolve(state, event)` folds one recorded event into the state. Both are pure.
 *
 * Evolve functions copy the state with every field written out (each kind's `copyOf`) and then
 * set what the event changes, instead of `{ ...state, key: value }`: every state of a kind then
 * keeps one V8 hidden class, and the fold of a long log stays fast (BENCHMARKS.md, fold).
 */

export type { AnyEvent, RecordedEvent };

export type DomainErrorCode = 'INVALID_INPUT' | 'NOT_FOUND' | 'INVALID_TRANSITION';

export interface DomainError {
  code: DomainErrorCode;
  /** Path of the input field at fault, relative to the command's data (e.g. ['chosenOption']). */
  field?: string[];
  message: string;
}

export type Decided<E> = { ok: true; events: E[] } | { ok: false; errors: DomainError[] };

export const accept = <E>(...events: E[]): Decided<E> => ({ ok: true, events });
export const refuse = <E = never>(...errors: DomainError[]): Decided<E> => ({ ok: false, errors });

/** What every record's state has: the version of its stream (0 before its first event). */
export interface RecordState {
  version: number;
}

export interface Decider<Command, State extends RecordState, Event extends AnyEvent> {
  /** The state of record `id` before its first event (version 0). */
  initialState: (id: string) => State;
  decide: (command: Command, state: State) => Decided<Event>;
  evolve: (state: State, event: RecordedEvent<Event>) => State;
}

/**
 * A record kind: the stream kind its records live in, the event types of those streams, and its
 * decider. Commands, read models and the API all start from it.
 */
export interface RecordKind<Command, State extends RecordState, Event extends AnyEvent> {
  stream: string;
  eventTypes: readonly Event['type'][];
  decider: Decider<Command, State, Event>;
}

/** A record kind whatever its commands: enough to fold its records (a command of type never fits every decider). */
export type FoldableKind<State extends RecordState, Event extends AnyEvent> = RecordKind<never, State, Event>;

/** The type names of a list of event definitions. */
export const typesOf = <T extends string>(definitions: readonly { type: T }[]): T[] => definitions.map((d) => d.type);

export function fold<State extends RecordState, Event extends AnyEvent>(
  decider: Pick<Decider<unknown, State, Event>, 'evolve'>,
  events: Iterable<RecordedEvent<Event>>,
  state: State,
): State {
  let current = state;
  for (const event of events) current = decider.evolve(current, event);
  return current;
}

/** What a record's first event stamps on its state besides the payload: when, by whom, where in the log. */
export interface Creation {
  createdAt: string;
  createdBy: RecordedEvent['actor'] | null;
  createdPosition: number;
}

/** `next` (a fresh copy owned by evolve) with the creating event's payload and its creation stamp. */
export function created<S extends Creation>(next: S, event: RecordedEvent & { payload: object }): S {
  Object.assign(next, event.payload);
  next.createdAt = event.recordedAt;
  next.createdBy = event.actor;
  next.createdPosition = event.position;
  return next;
}

import type { AnyEvent, RecordedEvent } from '../events/envelope.ts';

/**
 * The shape of every record kind's domain logic (after emmett's Decider):
 * `decide(command, state)` returns the events a command causes or the errors that refuse it,
 * `evolve(state, event)` folds one recorded event into the state. Both are pure.
 *
 * Evolve functions of kinds whose streams grow long (decisions, objectives, key results,
 * initiatives, tradeoffs) start from a copy with every field written out (`evolving`, `copier`),
 * instead of `{ ...state }`: every state of the kind then keeps one V8 hidden class and the fold
 * of a long log stays fast (BENCHMARKS.md, "Fold"). Kinds with a few events per record spread.
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
/** Refused with `errors` when there are any, else `events` accepted. */
export const decided = <E>(errors: readonly DomainError[], ...events: E[]): Decided<E> => (errors.length ? refuse(...errors) : accept(...events));
/** The refusal of a command that creates a record whose id is taken: `what` says it ("This decision is already recorded"). */
export const taken = (what: string): DomainError => ({ code: 'INVALID_INPUT', field: ['id'], message: what });
/** A command that creates a record: refused when its id is taken (`what`, as for `taken`) or for the `errors` in its content. */
export const creating = <E>(state: RecordState, what: string, errors: readonly DomainError[], event: E): Decided<E> =>
  state.version > 0 ? refuse(taken(what)) : decided(errors, event);
/** The refusal of a revision (or of another `change`) that leaves the record as it is. */
export const changesNothing = (change = 'revision'): DomainError => ({ code: 'INVALID_INPUT', field: [], message: `The ${change} changes nothing` });

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
  /** Global position of the creating event: a stable order for lists. */
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

/**
 * A function that copies a state field by field, in the order of `template` (the kind's initial
 * state): the written-out copy the fold wants, made from the one list of fields the kind already
 * has, so a new field cannot be forgotten in it.
 */
export function copier<S extends object>(template: S): (state: S) => S {
  const fields = Object.keys(template).map((key) => `${JSON.stringify(key)}: s[${JSON.stringify(key)}]`);
  return new Function('s', `return { ${fields.join(', ')} };`) as (state: S) => S;
}

/** The two events every long-lived kind has: the one that creates a record, and the revision of its content (`payload.changes`). */
export interface Lifecycle<L extends string> {
  created: L;
  revised?: L;
}

/**
 * The evolve of a long-lived record: each event folds into a field-by-field copy of the state
 * stamped with the event's version and time. The creating event stamps its payload (`created`), a
 * revision assigns its changes, and `apply` sets what every other event changes.
 */
export function evolving<S extends RecordState & Creation & { updatedAt: string }, E extends AnyEvent, L extends E['type']>(
  initialState: (id: string) => S,
  lifecycle: Lifecycle<L>,
  apply: (next: S, event: RecordedEvent<Exclude<E, { type: L }>>, state: S) => S,
): (state: S, event: RecordedEvent<E>) => S {
  const copyOf = copier(initialState(''));
  return (state, event) => {
    const next = copyOf(state);
    next.version = event.version;
    next.updatedAt = event.recordedAt;
    if (event.type === lifecycle.created) return created(next, event as RecordedEvent & { payload: object });
    if (event.type === lifecycle.revised) return Object.assign(next, (event.payload as { changes: Partial<S> }).changes);
    return apply(next, event as RecordedEvent<Exclude<E, { type: L }>>, state);
  };
}

/** What every long-lived record's state carries besides its content: its creation stamp and when it last changed. */
export interface Stamps extends Creation {
  updatedAt: string;
}

/** The stamps of a record before its first event (filled by `created` and `evolving`). */
export const unstamped = (): Stamps => ({ createdAt: '', updatedAt: '', createdBy: null, createdPosition: 0 });

/** A record kind: its stream kind, the definitions of its events and its decider. */
export const recordKind = <C, S extends RecordState, E extends AnyEvent>(
  stream: string,
  events: readonly { type: E['type'] }[],
  decider: Decider<C, S, E>,
): RecordKind<C, S, E> => ({ stream, eventTypes: typesOf(events), decider });

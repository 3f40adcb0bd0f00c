/**
 * The shape of every record kind's domain logic (after emmett's Decider):
 * `decide(command, state)` returns the events a command causes or the errors that refuse it,
 * `evolve(state, event)` folds one recorded event into the state. Both are pure.
 */

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

/** Where and when an event was recorded, as `evolve` sees it. */
export interface RecordedMeta {
  stream: { kind: string; id: string };
  version: number;
  position: number;
  recordedAt: string;
  actor: { id: string; name: string; kind: 'HUMAN' | 'SERVICE' };
  reason: string | null;
}

/** A recorded event: each member of the event union with its metadata (distributive, so `type` narrows `payload`). */
export type Recorded<E extends { type: string; payload: unknown }> = E extends unknown ? E & RecordedMeta : never;

export interface Decider<Command, State, Event extends { type: string; payload: unknown }> {
  initialState: () => State;
  decide: (command: Command, state: State) => Decided<Event>;
  evolve: (state: State, event: Recorded<Event>) => State;
}

export function fold<State, Event extends { type: string; payload: unknown }>(
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  events: Iterable<Recorded<Event>>,
  state: State = decider.initialState(),
): State {
  let current = state;
  for (const event of events) current = decider.evolve(current, event);
  return current;
}

/** What a record's first event stamps on its state besides the payload: when, by whom, where in the log. */
export interface Creation {
  createdAt: string;
  createdBy: RecordedMeta['actor'] | null;
  createdPosition: number;
}

/** `next` (a fresh copy owned by evolve) with the creating event's payload and its creation stamp. */
export function created<S extends Creation>(next: S, event: RecordedMeta & { payload: object }): S {
  Object.assign(next, event.payload);
  next.createdAt = event.recordedAt;
  next.createdBy = event.actor;
  next.createdPosition = event.position;
  return next;
}

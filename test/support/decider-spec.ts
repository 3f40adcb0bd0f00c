import { expect } from 'vitest';
import {
  fold,
  type Decided,
  type Decider,
  type DomainErrorCode,
  type Recorded,
  type RecordedMeta,
} from '../../domain/decider.ts';

/**
 * A tiny given/when/then harness for deciders, after emmett's `DeciderSpecification`:
 *
 *   deciderSpec(decider).given([...events]).when(command).then([...expectedEvents]);
 *   deciderSpec(decider).given([...events]).when(command).thenFails({ code: 'NOT_FOUND', field: ['id'] });
 *
 * `given` records the plain events (version and position 1..n, increasing recordedAt, TEST_ACTOR, one stream)
 * and folds them from the initial state; `when` runs `decide` on the result.
 */

type AnyEvent = { type: string; payload: unknown };

export const TEST_ACTOR: RecordedMeta['actor'] = { id: 'lead-1', name: 'Lead', kind: 'HUMAN' };

const EPOCH = Date.parse('2025-01-01T00:00:00.000Z');

/** The recordedAt `given` stamps on its n-th event (1-based): one minute apart. */
export const recordedAtOf = (n: number): string => new Date(EPOCH + n * 60_000).toISOString();

export type Stream = RecordedMeta['stream'];

export const TEST_STREAM: Stream = { kind: 'test', id: 'test-1' };

/** Wraps plain events as recorded ones of one stream: version 1..n, position firstPosition.., recordedAt increasing. */
export function toRecorded<E extends AnyEvent>(
  events: readonly E[],
  { stream = TEST_STREAM, firstPosition = 1 }: { stream?: Stream; firstPosition?: number } = {},
): Recorded<E>[] {
  return events.map((event, i) => {
    const meta: RecordedMeta = {
      stream,
      version: i + 1,
      position: firstPosition + i,
      recordedAt: recordedAtOf(i + 1),
      actor: TEST_ACTOR,
      reason: null,
    };
    return { ...event, ...meta } as unknown as Recorded<E>;
  });
}

function defaultStream(state: unknown): Stream {
  const id = typeof state === 'object' && state !== null && 'id' in state ? state.id : undefined;
  return typeof id === 'string' && id !== '' ? { ...TEST_STREAM, id } : TEST_STREAM;
}

export interface ExpectedError {
  code: DomainErrorCode;
  field?: string[];
  message?: RegExp;
}

export interface DeciderWhen<Event> {
  /** The command is accepted and causes exactly these events. */
  then: (expected: readonly Event[]) => void;
  /** The command is refused with exactly these errors (field and message are checked only when given). */
  thenFails: (...expected: [ExpectedError, ...ExpectedError[]]) => void;
}

export interface DeciderGiven<Command, State, Event> {
  when: (command: Command) => DeciderWhen<Event>;
  /** The state the given events fold into. */
  state: () => State;
}

export interface DeciderSpec<Command, State, Event> {
  given: (events?: readonly Event[]) => DeciderGiven<Command, State, Event>;
  /** Shortcut for `given(events).state()`: e.g. to build another record a command refers to. */
  stateAfter: (events: readonly Event[]) => State;
}

/**
 * `initialState` defaults to the decider's; `stream` (the stream the given events are recorded in)
 * defaults to kind 'test' with the initial state's `id` when it has a non-empty string one.
 */
export function deciderSpec<Command, State, Event extends AnyEvent>(
  decider: Decider<Command, State, Event>,
  initialState: () => State = decider.initialState,
  options: { stream?: Stream } = {},
): DeciderSpec<Command, State, Event> {
  const stream = options.stream ?? defaultStream(initialState());
  const stateAfter = (events: readonly Event[]): State => fold(decider, toRecorded(events, { stream }), initialState());

  const given = (events: readonly Event[] = []): DeciderGiven<Command, State, Event> => ({
    state: () => stateAfter(events),
    when: (command) => {
      const decide = (): Decided<Event> => {
        const state = stateAfter(events);
        const before = structuredClone(state);
        const result = decider.decide(command, state);
        expect(state, 'decide must not mutate the state').toEqual(before);
        return result;
      };
      return {
        then: (expected) => {
          expect(decide()).toEqual({ ok: true, events: expected });
        },
        thenFails: (...expected) => {
          expect(decide()).toEqual({
            ok: false,
            errors: expected.map(({ code, field, message }) =>
              expect.objectContaining({
                code,
                ...(field !== undefined && { field }),
                ...(message !== undefined && { message: expect.stringMatching(message) }),
              }),
            ),
          });
        },
      };
    },
  });

  return { given, stateAfter };
}

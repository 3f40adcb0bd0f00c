import { expect } from 'vitest';
import { fold, type AnyEvent, type Decided, type Decider, type DomainErrorCode, type RecordedEvent, type RecordState } from '../../domain/decider.ts';
import type { EventEnvelope } from '../../events/envelope.ts';

/**
 * A tiny given/when/then harness for deciders, after emmett's `DeciderSpecification`:
 *
 *   deciderSpec(decider).given([...events]).when(command).then([...expectedEvents]);
 *   deciderSpec(decider).given([...events]).when(command).thenFails({ code: 'NOT_FOUND', field: ['id'] });
 *
 * `given` records the plain events (version and position 1..n, increasing recordedAt, TEST_ACTOR, one stream)
 * and folds them from the initial state; `when` runs `decide` on the result.
 */

export const TEST_ACTOR: EventEnvelope['actor'] = { id: 'lead-1', name: 'Lead', kind: 'HUMAN' };

const EPOCH = Date.parse('2025-01-01T00:00:00.000Z');

/** The recordedAt `given` stamps on its n-th event (1-based): one minute apart. */
export const recordedAtOf = (n: number): string => new Date(EPOCH + n * 60_000).toISOString();

export type Stream = EventEnvelope['stream'];

export const TEST_STREAM: Stream = { kind: 'test', id: 'test-1' };

/** Wraps plain events as recorded ones of one stream: version 1..n, position firstPosition.., recordedAt increasing. */
export function toRecorded<E extends AnyEvent>(
  events: readonly E[],
  { stream = TEST_STREAM, firstPosition = 1 }: { stream?: Stream; firstPosition?: number } = {},
): RecordedEvent<E>[] {
  return events.map((event, i) =>
    recorded(event, { stream, version: i + 1, position: firstPosition + i, recordedAt: recordedAtOf(i + 1) }),
  );
}

/** One event as the log would hand it back: the envelope fields a test does not give are placeholders. */
export function recorded<E extends AnyEvent>(
  event: E,
  meta: Pick<EventEnvelope, 'stream' | 'version' | 'position' | 'recordedAt'> & Partial<EventEnvelope>,
): RecordedEvent<E> {
  const envelope: EventEnvelope = {
    eventId: `event-${meta.position}`,
    schemaVersion: 1,
    actor: TEST_ACTOR,
    reason: null,
    idempotencyKey: null,
    previousHash: '',
    hash: '',
    ...meta,
  };
  // A distributive type cannot be built from a generic E by spreading; the fields are all there.
  return { ...event, ...envelope } as RecordedEvent<E>;
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
export function deciderSpec<Command, State extends RecordState, Event extends AnyEvent>(
  decider: Decider<Command, State, Event>,
  initialState: () => State = () => decider.initialState(''),
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

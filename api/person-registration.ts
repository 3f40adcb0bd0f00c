import { PERSON_STREAM } from '../domain/people/events.ts';
import { people, personIdOf } from '../domain/people/person.ts';
import type { Actor, RecordedEvent } from '../events/envelope.ts';
import { VersionConflictError } from '../events/errors.ts';
import type { EventStore } from '../events/store.ts';
import type { LiveReadModels } from './read-models.ts';

/**
 * A person is created on their first write from their verified token: after a mutation's own
 * append has committed, the request appends `PersonRegistered` for its actor when no person has
 * that subject yet, before the answer goes out (so the answer and every later read see them).
 *
 * - It never touches the request's own write: it runs only after that append succeeded, in an
 *   append of its own (the person's stream), and a failure is logged, not answered: the next
 *   write tries again. Nothing is half-written either way.
 * - Idempotent and race-free by its stream: the stream id is derived from the subject
 *   (personIdOf) and the append expects `no-stream`, so of two requests (or processes) registering
 *   the same person at once, or a registration racing an ADMIN's definePerson, exactly one event
 *   is appended; the other gets a version conflict, which means "already a person".
 * - Cheap: a subject seen as a person once is remembered by the process, so later writes cost
 *   nothing; a process that has not read the log yet finds out by that conflict.
 * Only HUMAN actors are people; services (SERVICE tokens, the ledger itself) are not.
 */
export class PersonRegistration {
  private readonly known = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly models: LiveReadModels,
  ) {}

  async register(actor: Actor, email: string | null, appended: (events: RecordedEvent[]) => void): Promise<void> {
    if (actor.kind !== 'HUMAN' || this.known.has(actor.id)) return;
    const id = personIdOf(actor.id);
    await this.models.ready();
    if (this.models.people.get(id)) {
      this.known.add(actor.id);
      return;
    }
    const decided = people.decider.decide(
      { type: 'RegisterPerson', profile: { subject: actor.id, name: actor.name, email } },
      people.decider.initialState(id),
    );
    if (!decided.ok) return;
    try {
      const result = await this.store.append({ kind: PERSON_STREAM, id }, 'no-stream', decided.events, {
        actor,
        reason: 'First write from a verified token',
      });
      appended(result.events);
      this.known.add(actor.id);
    } catch (error) {
      if (error instanceof VersionConflictError) {
        this.known.add(actor.id);
        return;
      }
      console.warn(`Could not register ${actor.id} as a person (${(error as Error).message}); their next write tries again.`);
    }
  }
}

import { createHash } from 'node:crypto';
import { PERSON_STREAM, personEvents, type PersonEvent, type PersonProfile, type PersonStatus } from './events.ts';
import { changedFields } from '../changed-fields.ts';
import { accept, changesNothing, recordKind, created, refuse, type Decided, type DomainError, type RecordedEvent, unstamped, type Stamps } from '../decider.ts';

export type { PersonProfile, PersonStatus };

export interface PersonState extends PersonProfile, Stamps {
  /** The stream id, derived from the subject (personIdOf). */
  id: string;
  /** 0 until the person is defined or registered. */
  version: number;
  status: PersonStatus;
  /** ADMIN: defined with definePerson; FIRST_WRITE: made from the token of their first write. */
  origin: 'ADMIN' | 'FIRST_WRITE';
}

export type PersonCommand =
  | { type: 'DefinePerson'; profile: PersonProfile }
  | { type: 'RegisterPerson'; profile: Omit<PersonProfile, 'aliases'> }
  | { type: 'RevisePerson'; changes: Partial<Omit<PersonProfile, 'subject'>>; status: PersonStatus | undefined };

const STREAM_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const HASHED = 'sha256:';

/**
 * The stream id of the person with token subject `subject`: the subject itself when it is a valid
 * stream id (Cognito's UUIDs, most issuers' ids), else `sha256:<hex of the subject>` (Auth0's
 * `auth0|123`, anything longer than 128 characters). A subject that itself starts with `sha256:` is
 * hashed too, so two subjects never share an id.
 */
export function personIdOf(subject: string): string {
  return STREAM_ID.test(subject) && !subject.startsWith(HASHED) ? subject : `${HASHED}${createHash('sha256').update(subject).digest('hex')}`;
}

export const initialPersonState = (id: string): PersonState => ({
  id,
  version: 0,
  subject: '',
  name: '',
  email: null,
  aliases: [],
  status: 'ACTIVE',
  origin: 'ADMIN',
  ...unstamped(),
});

const exists = (state: PersonState, how: string): DomainError => ({
  code: 'INVALID_INPUT',
  field: ['subject'],
  message: `A person with this subject exists (${state.origin === 'FIRST_WRITE' ? 'registered on their first write' : 'defined'} on ${state.createdAt}); ${how}`,
});

function decide(command: PersonCommand, state: PersonState): Decided<PersonEvent> {
  switch (command.type) {
    case 'DefinePerson':
      if (state.version > 0) return refuse(exists(state, 'change it with revisePerson'));
      return accept({ type: 'PersonDefined', payload: command.profile });
    case 'RegisterPerson':
      if (state.version > 0) return refuse(exists(state, 'nothing to register'));
      return accept({ type: 'PersonRegistered', payload: command.profile });
    case 'RevisePerson': {
      if (state.version === 0) return refuse({ code: 'NOT_FOUND', field: ['id'], message: 'No person has this id' });
      const events: PersonEvent[] = [];
      const changes = changedFields(state, command.changes);
      if (Object.keys(changes).length) events.push({ type: 'PersonRevised', payload: { changes } });
      if (command.status !== undefined && command.status !== state.status) {
        events.push({ type: 'PersonStatusChanged', payload: { status: command.status } });
      }
      if (!events.length) return refuse(changesNothing());
      return accept(...events);
    }
  }
}

const copyOf = (s: PersonState): PersonState => ({
  id: s.id,
  version: s.version,
  subject: s.subject,
  name: s.name,
  email: s.email,
  aliases: s.aliases,
  status: s.status,
  origin: s.origin,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  createdBy: s.createdBy,
  createdPosition: s.createdPosition,
});

function evolve(state: PersonState, event: RecordedEvent<PersonEvent>): PersonState {
  const next = copyOf(state);
  next.version = event.version;
  next.updatedAt = event.recordedAt;
  switch (event.type) {
    case 'PersonDefined':
      return created(next, event);
    case 'PersonRegistered':
      next.origin = 'FIRST_WRITE';
      return created(next, event);
    case 'PersonRevised':
      return Object.assign(next, event.payload.changes);
    case 'PersonStatusChanged':
      next.status = event.payload.status;
      return next;
  }
}

export const people = recordKind<PersonCommand, PersonState, PersonEvent>(PERSON_STREAM, personEvents, { initialState: initialPersonState, decide, evolve });

export { PERSON_STREAM };

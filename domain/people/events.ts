import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';

/**
 * Event schemas of a person: someone who signs in with a token (`subject` is the token's `sub`),
 * owns records, belongs to teams and receives alerts. The stream id is derived from the subject
 * (personIdOf in person.ts), so a person is one stream whoever creates it first.
 */

export const PERSON_STREAM = 'person';

export const PersonStatusSchema = z.enum(['ACTIVE', 'INACTIVE']);

const Profile = z.object({
  /** The token subject (`sub`) the person signs in with. */
  subject: z.string().min(1).max(256),
  name: z.string(),
  email: z.string().nullable(),
  /** Other names the person goes by in free-text owners written before people existed (matched at read time). */
  aliases: z.array(z.string()),
});

/** Defined by an ADMIN, before or after the person's first sign-in. */
export const PersonDefined = defineEvent('PersonDefined', Profile);

/** Made on the person's first write, from their verified token (the actor of the event is the person). */
export const PersonRegistered = defineEvent('PersonRegistered', Profile.omit({ aliases: true }));

/** Only the fields that changed; the reason is in the envelope. */
export const PersonRevised = defineEvent('PersonRevised', z.object({ changes: Profile.omit({ subject: true }).partial() }));

export const PersonStatusChanged = defineEvent('PersonStatusChanged', z.object({ status: PersonStatusSchema }));

export const personEvents = [PersonDefined, PersonRegistered, PersonRevised, PersonStatusChanged] as const;

export type PersonEvent = EventOf<(typeof personEvents)[number]>;
export type PersonStatus = z.infer<typeof PersonStatusSchema>;
export type PersonProfile = z.infer<typeof Profile>;

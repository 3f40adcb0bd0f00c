import { PERSON_STREAM, PersonStatusSchema } from '../../../domain/people/events.ts';
import { DefinePersonInput, RevisePersonInput } from '../../../domain/people/inputs.ts';
import { people, personIdOf, type PersonState } from '../../../domain/people/person.ts';
import { builder } from '../../builder.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { enumType } from '../../zod-input.ts';
import { ActorType } from '../actor.ts';
import { recordNode, stampDescription } from '../record-node.ts';
import { statusArg } from '../record-filters.ts';
import { timeArgs } from '../time-args.ts';
import { recordListQuery } from '../record-list.ts';

export const PersonStatusEnum = enumType('PersonStatus', PersonStatusSchema, 'INACTIVE people are no longer assigned, made members or alerted.', {
  ACTIVE: 'Can own records, be made a member of a team and receive alerts.',
  INACTIVE: 'Kept for the record (what they owned and their past memberships stay), but no longer assigned, made a member or alerted.',
});

export const PersonOriginEnum = builder.enumType('PersonOrigin', {
  description: 'How a person came to be in the ledger.',
  values: {
    ADMIN: { description: 'Defined by an ADMIN with definePerson.' },
    FIRST_WRITE: { description: 'Registered from the verified token of their first write.' },
  } as const,
});

export const PersonRef = builder.objectRef<PersonState>('Person');

recordNode(PersonRef, PERSON_STREAM, (models, id) => models.people.get(id), {
  description: 'Someone who signs in with a token (its subject), owns records, belongs to teams and receives alerts.',
  history: 'Every event of this person, oldest first.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'Pass it as expectedVersion when revising the person.' }),
    subject: t.exposeString('subject', { description: 'The `sub` of the tokens they sign in with.' }),
    name: t.exposeString('name', { description: 'Their name as shown to people (from definePerson, or the name claim of their first token).' }),
    email: t.exposeString('email', { nullable: true, description: 'Where alerts reach them; null when not known.' }),
    aliases: t.exposeStringList('aliases', { description: 'Other names free-text owners may use for them.' }),
    status: t.field({ type: PersonStatusEnum, description: 'Whether they can still be assigned, made members and alerted.', resolve: (p) => p.status }),
    origin: t.field({ type: PersonOriginEnum, description: 'Defined by an admin, or registered on their first write.', resolve: (p) => p.origin }),
    createdAt: t.field({ type: 'DateTime', description: stampDescription.createdAt('person'), resolve: (p) => p.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: stampDescription.updatedAt('person'), resolve: (p) => p.updatedAt }),
    recordedBy: t.field({ type: ActorType, nullable: true, description: stampDescription.recordedBy('person'), resolve: (p) => p.createdBy }),
  }),
});

recordListQuery('people', PersonRef, {
  description: 'People in the order they were defined or registered, optionally only those with the given statuses.',
  args: statusArg(PersonStatusEnum),
  list: (models, args) => models.people.withStatus(args.status),
});

builder.queryFields((t) => ({
  person: t.field({
    type: PersonRef,
    nullable: true,
    description: 'The person who signs in with this token subject; without one, the caller.',
    args: { ...timeArgs, subject: t.arg.string({ description: 'The `sub` of their tokens; omit for the caller.' }) },
    resolve: async (_root, args, ctx) => (await ctx.read()).people.bySubject(args.subject ?? ctx.actor.id) ?? null,
  }),
}));

const mutation = mutationsOf({ kind: people, payload: recordPayload('person', PersonRef) });

mutation('definePerson', {
  description: 'Defines a person by the subject of their tokens (people are also registered on their first write).',
  permission: 'administer',
  input: DefinePersonInput,
  id: (data) => personIdOf(data.subject),
  command: ({ subject, name, email, aliases }) => ({ type: 'DefinePerson', profile: { subject, name, email, aliases } }),
});

mutation('revisePerson', {
  description: "Changes a person's name, e-mail, aliases or status, with a reason.",
  permission: 'administer',
  input: RevisePersonInput,
  command: ({ status, ...changes }) => ({ type: 'RevisePerson', changes, status }),
});

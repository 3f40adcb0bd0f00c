import { z } from 'zod';
import { PersonStatusSchema } from './events.ts';
import { changeOf, contentFields, distinctList, IdempotencyKey, required, trimmed, unchangedWhenNull } from '../inputs.ts';

const EMAIL = z.email();

const Content = contentFields(
  {
    name: required(200).describe('Their name as shown to people (1-200 characters).'),
    email: trimmed(256)
      .refine((v) => v === '' || EMAIL.safeParse(v).success, 'must be an e-mail address')
      .describe('Where alerts reach them.'),
    aliases: distinctList(required(200), 20, 'aliases').describe('Other names the person goes by in free-text owners (e.g. "M. Ruiz"): such owners then show this person.'),
  },
  { optional: ['email'], lists: ['aliases'] },
);

export const DefinePersonInput = z.object({
  subject: required(256).describe('The `sub` of the tokens this person signs in with (permanent).'),
  ...Content.create,
  idempotencyKey: IdempotencyKey,
}).describe('A person, by the subject of their tokens, before or after their first sign-in.');

export const RevisePersonInput = changeOf('Person', 'person')
  .extend({
    ...Content.revise,
    status: unchangedWhenNull(PersonStatusSchema.describe('INACTIVE: no longer assignable as an owner or member, and no longer alerted.')),
  })
  .describe('Only the fields given change; null or "" clears the e-mail.');

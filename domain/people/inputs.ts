import { z } from 'zod';
import { PersonStatusSchema } from './events.ts';
import { changeOf, clearable, IdempotencyKey, required, trimmed, unchangedWhenNull } from '../inputs.ts';

const EMAIL = z.email();
const Email = trimmed(256)
  .refine((v) => v === '' || EMAIL.safeParse(v).success, 'must be an e-mail address')
  .describe('Where alerts reach them.');
const Name = required(200).describe('Their name as shown to people (1-200 characters).');
const Aliases = z
  .array(required(200))
  .max(20, 'at most 20 aliases')
  .transform((names) => [...new Set(names)])
  .describe('Other names the person goes by in free-text owners (e.g. "M. Ruiz"): such owners then show this person.');

export const DefinePersonInput = z.object({
  subject: required(256).describe('The `sub` of the tokens this person signs in with (permanent).'),
  name: Name,
  email: Email.nullish().transform((v) => v || null),
  aliases: Aliases.nullish().transform((v) => v ?? []),
  idempotencyKey: IdempotencyKey,
}).describe('A person, by the subject of their tokens, before or after their first sign-in.');

export const RevisePersonInput = changeOf('Person', 'person')
  .extend({
    name: unchangedWhenNull(Name),
    email: clearable(Email),
    aliases: unchangedWhenNull(Aliases),
    status: unchangedWhenNull(PersonStatusSchema.describe('INACTIVE: no longer assignable as an owner or member, and no longer alerted.')),
  })
  .describe('Only the fields given change; null or "" clears the e-mail.');

import { LinksInput } from '../links/links.ts';
import { z } from 'zod';
import { TeamKindSchema } from './events.ts';
import { IsoWeekSchema } from '../allocation/iso-week.ts';
import { changeOf, contentFields, IdempotencyKey, required } from '../inputs.ts';

/** A team's key: a lowercase slug, also the id of its stream and what reports refer to. */
export const TeamKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be 2 to 40 characters: lowercase letters, digits and -, starting with a letter');

const Content = contentFields(
  {
    name: required(200).describe('The team’s name as shown to people (1-200 characters).'),
    kind: TeamKindSchema.describe('PRODUCT, PLATFORM or INFRASTRUCTURE, from effectiveWeek on.'),
    headcount: z
      .number()
      .int('must be a whole number of people')
      .min(0, 'must not be negative')
      .max(100_000)
      .describe('People in the team, from effectiveWeek on.'),
    links: LinksInput,
  },
  { lists: ['links'] },
);

/** Both inputs take it the same way: absent or null means the week this is recorded. */
const EffectiveWeek = IsoWeekSchema.describe(
  'ISO week (e.g. 2026-W40) from which the kind and headcount are in force; default: the week this is recorded.',
)
  .nullish()
  .transform((week) => week ?? null);

export const DefineTeamInput = z.object({
  key: TeamKeySchema.describe('Lowercase slug, unique and permanent, e.g. "payments".'),
  ...Content.create,
  effectiveWeek: EffectiveWeek,
  idempotencyKey: IdempotencyKey,
}).describe('A new team under a key no other team has.');

export const ReviseTeamInput = changeOf('Team', 'team')
  .extend({ ...Content.revise, effectiveWeek: EffectiveWeek })
  .describe('Only the fields given change. A headcount change adds to the headcount history.');

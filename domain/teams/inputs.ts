import { LinksInput, NewLinks } from '../links/links.ts';
import { z } from 'zod';
import { TeamKindSchema } from './events.ts';
import { IsoWeekSchema } from '../allocation/iso-week.ts';
import { changeOf, IdempotencyKey, required, unchangedWhenNull } from '../inputs.ts';

/** A team's key: a lowercase slug, also the id of its stream and what reports refer to. */
export const TeamKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be 2 to 40 characters: lowercase letters, digits and -, starting with a letter');

const Headcount = z
  .number()
  .int('must be a whole number of people')
  .min(0, 'must not be negative')
  .max(100_000)
  .describe('People in the team, from effectiveWeek on.');
const Name = required(200).describe('The team’s name as shown to people (1-200 characters).');
const Kind = TeamKindSchema.describe('PRODUCT, PLATFORM or INFRASTRUCTURE, from effectiveWeek on.');

const EffectiveWeek = IsoWeekSchema.describe(
  'ISO week (e.g. 2026-W40) from which the kind and headcount are in force; default: the week this is recorded.',
)
  .nullish()
  .transform((week) => week ?? null);

export const DefineTeamInput = z.object({
  key: TeamKeySchema.describe('Lowercase slug, unique and permanent, e.g. "payments".'),
  name: Name,
  kind: Kind,
  headcount: Headcount,
  effectiveWeek: EffectiveWeek,
  links: NewLinks,
  idempotencyKey: IdempotencyKey,
}).describe('A new team under a key no other team has.');

export const ReviseTeamInput = changeOf('Team', 'team')
  .extend({
    name: unchangedWhenNull(Name),
    kind: unchangedWhenNull(Kind),
    headcount: unchangedWhenNull(Headcount),
    links: unchangedWhenNull(LinksInput),
    effectiveWeek: EffectiveWeek,
  })
  .describe('Only the fields given change. A headcount change adds to the headcount history.');

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

const Headcount = z.number().int('must be a whole number of people').min(0, 'must not be negative').max(100_000);

const EffectiveWeek = IsoWeekSchema.describe(
  'ISO week (e.g. 2026-W40) from which the kind and headcount are in force; default: the week this is recorded.',
)
  .nullish()
  .transform((week) => week ?? null);

export const DefineTeamInput = z.object({
  key: TeamKeySchema.describe('Lowercase slug, unique and permanent, e.g. "payments".'),
  name: required(200),
  kind: TeamKindSchema,
  headcount: Headcount,
  effectiveWeek: EffectiveWeek,
  links: NewLinks,
  idempotencyKey: IdempotencyKey,
});

export const ReviseTeamInput = changeOf('Team', 'team')
  .extend({
    name: unchangedWhenNull(required(200)),
    kind: unchangedWhenNull(TeamKindSchema),
    headcount: unchangedWhenNull(Headcount),
    links: unchangedWhenNull(LinksInput),
    effectiveWeek: EffectiveWeek,
  })
  .describe('Only the fields given change. A headcount change adds to the headcount history.');

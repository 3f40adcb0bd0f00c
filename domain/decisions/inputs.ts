import { z } from 'zod';
import { LinksInput, NewLinks } from '../links/links.ts';
import { changeOf, clearable, IdempotencyKey, LongText, recordId, required, trimmed, unchangedWhenNull } from '../inputs.ts';

const OptionInput = z
  .object({
    title: required(200).describe('What the option is (1-200 characters); chosenOption names it by this title.'),
    pros: z.array(required(1000)).max(50).default([]).describe('Arguments for it, one per entry (at most 50).'),
    cons: z.array(required(1000)).max(50).default([]).describe('Arguments against it, one per entry (at most 50).'),
  })
  .meta({ graphql: 'DecisionOptionInput' })
  .describe('An option that was considered, with its pros and cons.');

const Title = required(200).describe('Short title of the decision (1-200 characters).');
const Context = LongText.describe('The situation and forces that called for a decision.');
const Consequences = LongText.describe('What follows from the decision, good and bad.');
const Owner = trimmed(200).describe('Who is accountable for the decision: a name or a team, as free text (at most 200 characters).');

const Tags = z
  .array(required(50))
  .max(20, 'at most 20 tags')
  .transform((tags) => [...new Set(tags)])
  .describe('Labels to filter by (at most 20, each 1-50 characters); repeats are dropped.');

const Deciders = z
  .array(required(200))
  .max(20, 'at most 20 deciders')
  .transform((names) => [...new Set(names)])
  .describe('Who decides: token subjects, e-mails, names or aliases of people; a name no person matches yet is kept as written.');

const Options = z.array(OptionInput).max(20, 'at most 20 options').describe('The options considered (at most 20).');
const ChosenOption = trimmed(200).describe('Title of one of the options.');
const Rationale = LongText.min(1, 'must not be empty').describe('Why this choice was made.');

/** recordDecision: only title and rationale are required. */
export const RecordDecisionInput = z.object({
  title: Title,
  context: Context.nullish().transform((v) => v || null),
  options: Options.nullish().transform((v) => v ?? []),
  chosenOption: ChosenOption.nullish().transform((v) => v || null),
  rationale: Rationale,
  consequences: Consequences.nullish().transform((v) => v || null),
  status: z
    .enum(['PROPOSED', 'ACCEPTED'])
    .meta({ graphql: 'DecisionStatus' })
    .describe('PROPOSED (default) or ACCEPTED.')
    .nullish()
    .transform((v) => v ?? 'PROPOSED'),
  owner: Owner.nullish().transform((v) => v || null),
  deciders: Deciders.nullish().transform((v) => v ?? []),
  tags: Tags.nullish().transform((v) => v ?? []),
  links: NewLinks,
  idempotencyKey: IdempotencyKey,
}).describe('A new decision: only title and rationale are required.');

/** reviseDecision: every content field optional; null clears an optional field. */
export const ReviseDecisionInput = changeOf('Decision', 'decision')
  .extend({
    title: unchangedWhenNull(Title),
    context: clearable(Context),
    options: unchangedWhenNull(Options),
    chosenOption: clearable(ChosenOption),
    rationale: unchangedWhenNull(Rationale),
    consequences: clearable(Consequences),
    owner: clearable(Owner),
    deciders: unchangedWhenNull(Deciders),
    tags: unchangedWhenNull(Tags),
    links: unchangedWhenNull(LinksInput),
  })
  .describe('Only the fields given change; null clears an optional field.');

export const SupersedeDecisionInput = changeOf('Decision', 'decision')
  .extend({
    supersededBy: recordId('Decision').describe('The decision that replaces this one.'),
  })
  .describe('Which decision is superseded, by which one, and why.');

export const ChangeDecisionStatusInput = changeOf('Decision', 'decision').extend({
  status: z
    .enum(['ACCEPTED', 'REJECTED', 'DEPRECATED', 'PROPOSED', 'SUPERSEDED'])
    .meta({ graphql: 'DecisionStatus' })
    .refine((s) => s !== 'SUPERSEDED', 'use supersedeDecision to supersede a decision: it needs the superseding decision')
    .transform((s) => s as Exclude<typeof s, 'SUPERSEDED'>)
    .describe('The new status: ACCEPTED or REJECTED (from PROPOSED), DEPRECATED (from ACCEPTED).'),
}).describe('A status change of a decision, with a reason.');

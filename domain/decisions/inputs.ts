import { z } from 'zod';
import { LinksInput, NewLinks } from '../links/links.ts';
import { changeOf, clearable, IdempotencyKey, LongText, recordId, required, trimmed, unchangedWhenNull } from '../inputs.ts';

const OptionInput = z
  .object({
    title: required(200),
    pros: z.array(required(1000)).max(50).default([]),
    cons: z.array(required(1000)).max(50).default([]),
  })
  .meta({ graphql: 'DecisionOptionInput' });

const Tags = z
  .array(required(50))
  .max(20, 'at most 20 tags')
  .transform((tags) => [...new Set(tags)]);

const Deciders = z
  .array(required(200))
  .max(20, 'at most 20 deciders')
  .transform((names) => [...new Set(names)])
  .describe('Who decides: token subjects, e-mails, names or aliases of people; a name no person matches yet is kept as written.');

const Options = z.array(OptionInput).max(20, 'at most 20 options');
const ChosenOption = trimmed(200).describe('Title of one of the options.');
const Rationale = LongText.min(1, 'must not be empty');

/** recordDecision: only title and rationale are required. */
export const RecordDecisionInput = z.object({
  title: required(200),
  context: LongText.nullish().transform((v) => v || null),
  options: Options.nullish().transform((v) => v ?? []),
  chosenOption: ChosenOption.nullish().transform((v) => v || null),
  rationale: Rationale,
  consequences: LongText.nullish().transform((v) => v || null),
  status: z
    .enum(['PROPOSED', 'ACCEPTED'])
    .meta({ graphql: 'DecisionStatus' })
    .describe('PROPOSED (default) or ACCEPTED.')
    .nullish()
    .transform((v) => v ?? 'PROPOSED'),
  owner: trimmed(200).nullish().transform((v) => v || null),
  deciders: Deciders.nullish().transform((v) => v ?? []),
  tags: Tags.nullish().transform((v) => v ?? []),
  links: NewLinks,
  idempotencyKey: IdempotencyKey,
});

/** reviseDecision: every content field optional; null clears an optional field. */
export const ReviseDecisionInput = changeOf('Decision', 'decision')
  .extend({
    title: unchangedWhenNull(required(200)),
    context: clearable(LongText),
    options: unchangedWhenNull(Options),
    chosenOption: clearable(ChosenOption),
    rationale: unchangedWhenNull(Rationale),
    consequences: clearable(LongText),
    owner: clearable(trimmed(200)),
    deciders: unchangedWhenNull(Deciders),
    tags: unchangedWhenNull(Tags),
    links: unchangedWhenNull(LinksInput),
  })
  .describe('Only the fields given change; null clears an optional field.');

export const SupersedeDecisionInput = changeOf('Decision', 'decision').extend({
  supersededBy: recordId('Decision').describe('The decision that replaces this one.'),
});

export const ChangeDecisionStatusInput = changeOf('Decision', 'decision').extend({
  status: z
    .enum(['ACCEPTED', 'REJECTED', 'DEPRECATED', 'PROPOSED', 'SUPERSEDED'])
    .meta({ graphql: 'DecisionStatus' })
    .refine((s) => s !== 'SUPERSEDED', 'use supersedeDecision to supersede a decision: it needs the superseding decision')
    .transform((s) => s as Exclude<typeof s, 'SUPERSEDED'>),
});

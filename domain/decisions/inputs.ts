import { z } from 'zod';
import { LinksInput, Tags } from '../links/links.ts';
import { changeOf, contentFields, distinctList, IdempotencyKey, initialStatus, LongText, recordId, required, trimmed } from '../inputs.ts';

const OptionInput = z
  .object({
    title: required(200).describe('What the option is (1-200 characters); chosenOption names it by this title.'),
    pros: z.array(required(1000)).max(50).default([]).describe('Arguments for it, one per entry (at most 50).'),
    cons: z.array(required(1000)).max(50).default([]).describe('Arguments against it, one per entry (at most 50).'),
  })
  .meta({ graphql: 'DecisionOptionInput' })
  .describe('An option that was considered, with its pros and cons.');

const Content = contentFields(
  {
    title: required(200).describe('Short title of the decision (1-200 characters).'),
    context: LongText.describe('The situation and forces that called for a decision.'),
    options: z.array(OptionInput).max(20, 'at most 20 options').describe('The options considered (at most 20).'),
    chosenOption: trimmed(200).describe('Title of one of the options.'),
    rationale: LongText.min(1, 'must not be empty').describe('Why this choice was made.'),
    consequences: LongText.describe('What follows from the decision, good and bad.'),
    owner: trimmed(200).describe('Who is accountable for the decision: a name or a team, as free text (at most 200 characters).'),
    deciders: distinctList(required(200), 20, 'deciders').describe('Who decides: token subjects, e-mails, names or aliases of people; a name no person matches yet is kept as written.'),
    tags: Tags.describe('Labels to filter by (at most 20, each 1-50 characters); repeats are dropped.'),
    links: LinksInput,
  },
  { optional: ['context', 'chosenOption', 'consequences', 'owner'], lists: ['options', 'deciders', 'tags', 'links'] },
);

/** recordDecision: only title and rationale are required. */
export const RecordDecisionInput = z.object({
  ...Content.create,
  status: initialStatus(['PROPOSED', 'ACCEPTED'], 'DecisionStatus'),
  idempotencyKey: IdempotencyKey,
}).describe('A new decision: only title and rationale are required.');

/** reviseDecision: every content field optional; null clears an optional field. */
export const ReviseDecisionInput = changeOf('Decision', 'decision')
  .extend(Content.revise)
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

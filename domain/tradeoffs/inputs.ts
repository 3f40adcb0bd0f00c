import { LinksInput, NewTags, Tags } from '../links/links.ts';
import { z } from 'zod';
import { RevisitOutcomeSchema } from './events.ts';
import { changeOf, contentFields, distinctList, IdempotencyKey, IsoDateSchema, LongText, nodeId, ReasonSchema, required, unchangedWhenNull } from '../inputs.ts';

/** The node types a tradeoff can be linked to. */
export const TRADEOFF_LINK_TYPES = ['Decision', 'KeyResult', 'Initiative', 'AllocationTarget'] as const;

/** Node ids of linked records, deduplicated (the API checks that each exists and may be linked). */
export const LinkIds = (max: number) => distinctList(nodeId(), max, 'links');

const Content = contentFields(
  {
    title: required(200).describe('Short title of the tradeoff (1-200 characters).'),
    chose: required(1000).describe('What was chosen.'),
    over: required(1000).describe('What was given up for it.'),
    rationale: LongText.min(1, 'must not be empty').describe('Why what was chosen was worth what was given up.'),
    relatedTo: LinkIds(20).describe(`Ids of the records it concerns: ${TRADEOFF_LINK_TYPES.join(', ')}. Each must exist.`),
    links: LinksInput,
  },
  { lists: ['relatedTo', 'links'] },
);

/** noteTradeoff: everything but relatedTo and revisitBy is required. */
export const NoteTradeoffInput = z.object({
  ...Content.create,
  revisitBy: IsoDateSchema.describe('ISO date (2026-12-31) by which to look at the tradeoff again.')
    .nullish()
    .transform((date) => date ?? null),
  tags: NewTags,
  idempotencyKey: IdempotencyKey,
}).describe('A new tradeoff: everything but relatedTo, revisitBy, tags and links is required.');

/** reviseTradeoff: only the fields given change; null (or "") for revisitBy removes the revisit date. */
export const ReviseTradeoffInput = changeOf('Tradeoff', 'tradeoff')
  .extend({
    ...Content.revise,
    tags: unchangedWhenNull(Tags),
    revisitBy: z.preprocess((date) => (date === '' ? null : date), IsoDateSchema.describe('ISO date; null or "" removes it.').nullish()),
  })
  .describe('Only the fields given change; null or "" for revisitBy removes the revisit date. relatedTo replaces the links.');

/** revisitTradeoff: the reason is what the revisit found. */
export const RevisitTradeoffInput = changeOf('Tradeoff')
  .extend({
    outcome: RevisitOutcomeSchema.describe('UPHELD (the choice still holds) or REVERSED (it no longer does).'),
    reason: ReasonSchema.describe('What the revisit found: kept in the log for auditors.'),
    nextRevisitBy: IsoDateSchema.describe('ISO date of the next revisit (only when UPHELD).')
      .nullish()
      .transform((date) => date ?? null),
  })
  .describe('Records a look back at a tradeoff; it leaves the due-for-revisit list unless a next revisit date is set.');

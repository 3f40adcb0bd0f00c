import { z } from 'zod';
import { ChangeOf, clearable, IdempotencyKeySchema, LongText, required, trimmed, unchangedWhenNull } from '../inputs.ts';

const OptionInput = z.object({
  title: required(200),
  pros: z.array(required(1000)).max(50).default([]),
  cons: z.array(required(1000)).max(50).default([]),
});

const Tags = z
  .array(required(50))
  .max(20, 'at most 20 tags')
  .transform((tags) => [...new Set(tags)]);

/** recordDecision: only title and rationale are required. */
export const RecordDecisionInput = z.object({
  title: required(200),
  context: LongText.nullish().transform((v) => v || null),
  options: z.array(OptionInput).max(20, 'at most 20 options').nullish().transform((v) => v ?? []),
  chosenOption: trimmed(200).nullish().transform((v) => v || null),
  rationale: LongText.min(1, 'must not be empty'),
  consequences: LongText.nullish().transform((v) => v || null),
  status: z.enum(['PROPOSED', 'ACCEPTED']).nullish().transform((v) => v ?? 'PROPOSED'),
  owner: trimmed(200).nullish().transform((v) => v || null),
  tags: Tags.nullish().transform((v) => v ?? []),
  idempotencyKey: IdempotencyKeySchema.nullish(),
});

/** reviseDecision: every content field optional; null clears an optional field. */
export const ReviseDecisionChanges = z.object({
  title: unchangedWhenNull(required(200)),
  context: clearable(LongText),
  options: unchangedWhenNull(z.array(OptionInput).max(20, 'at most 20 options')),
  chosenOption: clearable(trimmed(200)),
  rationale: unchangedWhenNull(LongText.min(1, 'must not be empty')),
  consequences: clearable(LongText),
  owner: clearable(trimmed(200)),
  tags: unchangedWhenNull(Tags),
});

export const ReviseDecisionInput = ChangeOf.extend(ReviseDecisionChanges.shape);

export const SupersedeDecisionInput = ChangeOf.extend({ supersededBy: z.string() });

export const ChangeDecisionStatusInput = ChangeOf.extend({
  status: z.enum(['ACCEPTED', 'REJECTED', 'DEPRECATED', 'PROPOSED', 'SUPERSEDED']).refine(
    (s) => s !== 'SUPERSEDED',
    'use supersedeDecision to supersede a decision: it needs the superseding decision',
  ),
});

import { z } from 'zod';
import { RevisitOutcomeSchema } from './events.ts';
import { ChangeOf, IdempotencyKeySchema, IsoDateSchema, LongText, required, unchangedWhenNull } from '../inputs.ts';

/** Global ids of linked records, deduplicated (the API checks that each exists and may be linked). */
export const LinkIds = (max: number) =>
  z
    .array(z.string())
    .max(max, `at most ${max} links`)
    .transform((ids) => [...new Set(ids)]);

const Content = {
  title: required(200),
  chose: required(1000),
  over: required(1000),
  rationale: LongText.min(1, 'must not be empty'),
};

/** noteTradeoff: everything but relatedTo and revisitBy is required. */
export const NoteTradeoffInput = z.object({
  ...Content,
  relatedTo: LinkIds(20).nullish().transform((ids) => ids ?? []),
  revisitBy: IsoDateSchema.nullish().transform((date) => date ?? null),
  idempotencyKey: IdempotencyKeySchema.nullish(),
});

/** reviseTradeoff: only the fields given change; null (or "") for revisitBy removes the revisit date. */
export const ReviseTradeoffInput = ChangeOf.extend({
  title: unchangedWhenNull(Content.title),
  chose: unchangedWhenNull(Content.chose),
  over: unchangedWhenNull(Content.over),
  rationale: unchangedWhenNull(Content.rationale),
  relatedTo: unchangedWhenNull(LinkIds(20)),
  revisitBy: z.preprocess((date) => (date === '' ? null : date), IsoDateSchema.nullish()),
});

/** revisitTradeoff: the reason is what the revisit found. */
export const RevisitTradeoffInput = ChangeOf.extend({
  outcome: RevisitOutcomeSchema,
  nextRevisitBy: IsoDateSchema.nullish().transform((date) => date ?? null),
});

import { z } from 'zod';
import { InitiativeKindSchema, InitiativeStatusSchema } from './events.ts';
import { ChangeOf, IdempotencyKeySchema, LongText, required, unchangedWhenNull } from '../inputs.ts';

const Content = {
  title: required(200),
  description: LongText.nullish().transform((v) => v || null),
  owner: required(200),
  kind: InitiativeKindSchema,
};

/** createInitiative: title, owner and kind are required; it starts PROPOSED unless said ACTIVE. */
export const CreateInitiativeInput = z.object({
  ...Content,
  status: z.enum(['PROPOSED', 'ACTIVE']).nullish().transform((s) => s ?? 'PROPOSED'),
  idempotencyKey: IdempotencyKeySchema.nullish(),
});

/** reviseInitiative: only the fields given change; null or "" clears the description. */
export const ReviseInitiativeInput = ChangeOf.extend({
  title: unchangedWhenNull(Content.title),
  description: LongText.nullish().transform((v) => (v === undefined ? undefined : v || null)),
  owner: unchangedWhenNull(Content.owner),
  kind: unchangedWhenNull(InitiativeKindSchema),
});

const Answer = z
  .number()
  .int('must be a whole number from 1 to 5')
  .min(1, 'must be from 1 (low) to 5 (high)')
  .max(5, 'must be from 1 (low) to 5 (high)');

/** scoreInitiative: the three questions 1-5, effort in person-weeks, confidence 0-1. */
export const ScoreInitiativeInput = ChangeOf.extend({
  customerImpact: Answer,
  businessImpact: Answer,
  operationalEfficiency: Answer,
  effort: z
    .number()
    .positive('must be more than 0 person-weeks')
    .max(520, 'must be at most 520 person-weeks (ten person-years); split the initiative'),
  confidence: z.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1'),
});

export const ChangeInitiativeStatusInput = ChangeOf.extend({ status: InitiativeStatusSchema });

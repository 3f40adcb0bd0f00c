import { z } from 'zod';
import { IdempotencyKeySchema, ReasonSchema } from '../inputs.ts';
import { LinkIds } from '../tradeoffs/inputs.ts';

/** The list starts at version 0 (nothing ranked yet), unlike a record, which starts at 1. */
const ListVersion = z.number().int().min(0, 'must be the version of the priority list you last read (0 when it is empty)');

/**
 * What every change to the priority list carries. The reason is required; evidence (decisions,
 * tradeoffs, key-result check-ins, allocation reports) is recommended but may be empty, e.g. when
 * a list is first drawn up.
 */
const ListChange = z.object({
  initiativeId: z.string(),
  expectedVersion: ListVersion,
  reason: ReasonSchema,
  evidence: LinkIds(20)
    .nullish()
    .transform((ids) => ids ?? []),
  idempotencyKey: IdempotencyKeySchema.nullish(),
});

export const ReprioritizeInput = ListChange.extend({
  toRank: z.number().int('must be a whole rank').min(1, 'must be 1 (the top) or more'),
});

export const RemoveFromPrioritiesInput = ListChange;

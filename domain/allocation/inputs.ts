import { z } from 'zod';
import { ExpectedVersionSchema, IdempotencyKeySchema, ReasonSchema, required, trimmed } from '../inputs.ts';
import { TeamKeySchema } from '../teams/inputs.ts';
import { IsoWeekSchema } from './iso-week.ts';

/** A target category may drift this many points either way before it is flagged, unless the input says otherwise. */
export const DEFAULT_TOLERANCE = 5;

const Percent = z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100');

const EntryInput = z.object({ category: required(60), percent: Percent });

const Entries = <T extends z.ZodType>(entry: T) =>
  z.array(entry).min(1, 'must list at least one category').max(50, 'at most 50 entries');

/** reportAllocation: a team's whole week. Correcting a reported week needs a reason. */
export const ReportAllocationInput = z.object({
  team: TeamKeySchema,
  week: IsoWeekSchema,
  entries: Entries(EntryInput),
  reason: trimmed(2000)
    .nullish()
    .transform((v) => v || null),
  expectedVersion: ExpectedVersionSchema.nullish().transform((v) => v ?? undefined),
  idempotencyKey: IdempotencyKeySchema.nullish(),
});

/** setAllocationTarget: a team's (or, without team, the organisation's) target from a week on. */
export const SetAllocationTargetInput = z.object({
  team: TeamKeySchema.nullish().transform((v) => v ?? null),
  fromWeek: IsoWeekSchema,
  entries: Entries(
    EntryInput.extend({
      tolerance: Percent.nullish().transform((v) => v ?? DEFAULT_TOLERANCE),
    }),
  ),
  reason: ReasonSchema,
  decision: z
    .string()
    .nullish()
    .transform((v) => v || null),
  idempotencyKey: IdempotencyKeySchema.nullish(),
});

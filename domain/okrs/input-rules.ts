import { z } from 'zod';
import { trimmed } from '../inputs.ts';
import { isIsoDate } from './cycle.ts';

/**
 * Input helpers of the OKR mutations. `optionalText` and `unchangedWhenNull` repeat private helpers
 * of decision-inputs.ts: they belong in domain/inputs.ts once that module exports them.
 */

/** An optional field of a new record: absent, null or empty all mean "none". */
export const optionalText = (schema: z.ZodString) => schema.nullish().transform((v) => v || null);

/** An optional field of a revision: absent means "unchanged", null or empty clears it. */
export const clearable = <T extends z.ZodType>(schema: T) =>
  schema.nullish().transform((value) => (value === undefined ? undefined : value === '' ? null : value));

/** For a field that cannot be cleared, null means "leave as it is". */
export const unchangedWhenNull = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

export const CycleSchema = z.string().trim().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter written YYYY-Qn, e.g. 2026-Q4');

export const IsoDateSchema = z.string().trim().refine(isIsoDate, 'must be a calendar date written YYYY-MM-DD');

/** A fraction such as a grade or a confidence. */
export const UnitInterval = z.number().min(0, 'must be between 0.0 and 1.0').max(1, 'must be between 0.0 and 1.0');

/** A reason where one is welcome but not required: it goes in the event envelope. */
export const OptionalReason = optionalText(trimmed(2000));

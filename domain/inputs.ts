import { z } from 'zod';

/** Input rules shared by every record kind. */

export const trimmed = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
export const required = (max: number) => trimmed(max).min(1, 'must not be empty');

/** A reason is required for every change to an existing record: it is what auditors read. */
export const ReasonSchema = required(2000);

export const ExpectedVersionSchema = z.number().int().min(1, 'must be a version the record has reached (1 or more)');

export const IdempotencyKeySchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'may use letters, digits and . _ : - only');

/** Text with no length rule of its own: only the 400 KB item limit of the log bounds it (TOO_LARGE). */
export const LongText = z.string().trim();

/** What every change to an existing record carries besides its own fields. */
export const ChangeOf = z.object({
  id: z.string(),
  expectedVersion: ExpectedVersionSchema,
  reason: ReasonSchema,
  idempotencyKey: IdempotencyKeySchema.nullish(),
});

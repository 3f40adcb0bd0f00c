import { z } from 'zod';

/** A calendar quarter (`YYYY-Qn`) or the key of a cycle the org defined (checked against defineCycles by the API). */
const QUARTER_SHAPED = /^\d{4}-Q/i;
const QUARTER = /^\d{4}-Q[1-4]$/;

export const CycleSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a quarter written YYYY-Qn (e.g. 2026-Q4) or the key of a defined cycle')
  // Keys shaped like a quarter are the built-in quarters' (defineCycles refuses them): 2025-Q5 is a mistake, not a key.
  .refine((key) => !QUARTER_SHAPED.test(key) || QUARTER.test(key), 'must be a quarter written YYYY-Qn with n from 1 to 4, e.g. 2026-Q4');

import { z } from 'zod';
import { IdempotencyKey, IsoDateSchema, OptionalReason, required } from '../inputs.ts';

const CycleInput = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit')
      .describe('What objectives name as their cycle, e.g. FY2027 or 2027-H1. Not shaped like a calendar quarter (YYYY-Qn): those are built in.'),
    name: required(200).describe('Shown to people, e.g. "Fiscal year 2027".'),
    cadence: required(64).describe('e.g. ANNUAL, QUARTERLY, HALF_YEAR, or a custom name; cycles of one cadence may not overlap.'),
    start: IsoDateSchema.describe('First day (ISO date), included.'),
    end: IsoDateSchema.describe('Last day (ISO date), included.'),
  })
  .meta({ graphql: 'CycleDefinitionInput' })
  .describe('One cycle: a key, a name, its cadence and its dates.');

/** defineCycles: the whole set, replacing the previous one (which stays in the history). */
export const DefineCyclesInput = z
  .object({
    cycles: z.array(CycleInput).max(500, 'at most 500 cycles').describe('Every cycle of the organisation; the previous set is replaced.'),
    expectedVersion: z
      .number()
      .int()
      .min(0, 'must be the version of the cycles you last read (0 before any definition)')
      .describe('The version of `cycles` you last read (0 before the first definition); refused if it moved on.'),
    reason: OptionalReason.describe('Why the cycles change, kept with the definition.'),
    idempotencyKey: IdempotencyKey,
  })
  .describe('Defines the organisation’s cycles (cadences such as annual plus quarterly, or custom date ranges). Calendar quarters stay valid.');

import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';

/**
 * The organisation's own cycles: one singleton stream, replaced as a whole by `defineCycles`.
 * Calendar quarters (`YYYY-Qn`) stay valid cycle keys whatever is defined, so objectives set before
 * any definition keep their meaning.
 */

export const CYCLES_STREAM = 'cycles';
/** One set of cycles per organisation. */
export const CYCLES_ID = 'org';

/** A defined key: letters, digits, `.`, `_`, `-`; never shaped like a calendar quarter, which is built in. */
export const CycleKeySchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);

export const CycleDefinitionSchema = z.object({
  key: CycleKeySchema,
  name: z.string(),
  /** e.g. ANNUAL, QUARTERLY, or any cadence name the org uses; cycles of one cadence never overlap. */
  cadence: z.string(),
  /** First and last day, ISO dates, both included. */
  start: z.string(),
  end: z.string(),
});

export const CyclesDefined = defineEvent('CyclesDefined', z.object({ cycles: z.array(CycleDefinitionSchema) }));

export const cycleEvents = [CyclesDefined] as const;

export type CycleEvent = EventOf<(typeof cycleEvents)[number]>;
export type CycleDefinition = z.infer<typeof CycleDefinitionSchema>;

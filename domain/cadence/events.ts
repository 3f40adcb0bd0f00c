import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';
import { WEEKDAYS } from './calendar.ts';

/** The organisation's weekly cadence: one record (stream `cadence`, id `org`) that exists from the start. */

export const CADENCE_STREAM = 'cadence';
export const CADENCE_ID = 'org';

export const WeekdaySchema = z.enum(WEEKDAYS);

export const CadenceContentSchema = z.object({
  /** IANA time zone the deadlines are wall-clock times in. */
  timeZone: z.string(),
  /** The weekly allocation report's deadline. */
  reportDeadline: z.object({ weekday: WeekdaySchema, time: z.string() }),
  /** Every how many weeks a key result is checked in (a key result may override it, see checkInOverrides). */
  checkInEveryWeeks: z.number().int().min(1),
  /** Key result id -> weeks, for key results checked in at another rhythm. */
  checkInOverrides: z.record(z.string(), z.number().int().min(1)),
  /** How many days a decision may stay PROPOSED before it is due. */
  proposedDecisionMaxDays: z.number().int().min(1),
});

export const CadenceSet = defineEvent('CadenceSet', CadenceContentSchema);

export const cadenceEvents = [CadenceSet] as const;
export type CadenceEvent = EventOf<(typeof cadenceEvents)[number]>;
export type CadenceContent = z.infer<typeof CadenceContentSchema>;

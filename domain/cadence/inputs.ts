import { z } from 'zod';
import { WeekdaySchema } from './events.ts';
import { isTimeZone, isWallTime, missingDeadline } from './calendar.ts';
import { IdempotencyKey, required } from '../inputs.ts';

const Weeks = z.number().int('must be a whole number of weeks').min(1, 'must be at least 1').max(13, 'must be at most 13');

export const SetCadenceInput = z
  .object({
    timeZone: required(64)
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')
      .describe('IANA time zone the deadlines are wall-clock times in, e.g. "Europe/Berlin".'),
    reportDeadline: z
      .object({
        weekday: WeekdaySchema.describe('Day of the week of the deadline.'),
        time: z.string().refine(isWallTime, 'must be a time written HH:MM (24 h)').describe('Wall-clock time in the time zone, HH:MM (24 h).'),
      })
      .meta({ graphql: 'WeeklyDeadlineInput' })
      .describe('When the weekly allocation report is due, e.g. Friday 17:00.'),
    checkInEveryWeeks: Weeks.nullish()
      .transform((v) => v ?? 1)
      .describe('Every how many weeks key results are checked in; default 1.'),
    checkInOverrides: z
      .array(
        z
          .object({
            keyResult: z.string().min(1).describe('The key result id.'),
            everyWeeks: Weeks.describe('Its own rhythm in weeks.'),
          })
          .meta({ graphql: 'CheckInOverrideInput' })
          .describe('A key result checked in at its own rhythm.'),
      )
      .max(500)
      .nullish()
      .transform((v) => Object.fromEntries((v ?? []).map((o) => [o.keyResult, o.everyWeeks])))
      .describe('Key results checked in at another rhythm than the default.'),
    proposedDecisionMaxDays: z
      .number()
      .int()
      .min(1, 'must be at least 1 day')
      .max(365, 'must be at most 365 days')
      .nullish()
      .transform((v) => v ?? 14)
      .describe('How many days a decision may stay PROPOSED before it is due; default 14.'),
    idempotencyKey: IdempotencyKey,
  })
  .describe("The organisation's whole cadence; it replaces the one in force.")
  .superRefine((input, ctx) => {
    if (!isTimeZone(input.timeZone) || !isWallTime(input.reportDeadline.time)) return;
    const year = new Date().getUTCFullYear();
    const missing = missingDeadline(input.reportDeadline, input.timeZone, year, year + 2);
    if (missing) {
      ctx.addIssue({
        code: 'custom',
        path: ['reportDeadline', 'time'],
        message: `${input.reportDeadline.weekday} ${input.reportDeadline.time} does not exist in ${input.timeZone} in ${missing} (the clocks skip it)`,
      });
    }
  });

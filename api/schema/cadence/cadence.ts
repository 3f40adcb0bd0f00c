import { CADENCE_ID, CADENCE_STREAM, WeekdaySchema } from '../../../domain/cadence/events.ts';
import { cadences, type CadenceState } from '../../../domain/cadence/cadence.ts';
import { SetCadenceInput } from '../../../domain/cadence/inputs.ts';
import { cadenceOf } from '../../../domain/alerts/evaluator.ts';
import { deadlineOf, weekIn } from '../../../domain/cadence/calendar.ts';
import { builder } from '../../builder.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { enumType } from '../../zod-input.ts';
import { recordNode } from '../record-node.ts';
import { timeArgs } from '../time-args.ts';

const WeekdayEnum = enumType('Weekday', WeekdaySchema, 'A day of the week.', {
  MONDAY: 'Monday, the first day of an ISO week.',
  TUESDAY: 'Tuesday.',
  WEDNESDAY: 'Wednesday.',
  THURSDAY: 'Thursday.',
  FRIDAY: 'Friday.',
  SATURDAY: 'Saturday.',
  SUNDAY: 'Sunday, the last day of an ISO week.',
});

const DeadlineType = builder.objectRef<CadenceState['reportDeadline']>('WeeklyDeadline').implement({
  description: 'A weekday and a wall-clock time in the cadence time zone.',
  fields: (t) => ({
    weekday: t.field({ type: WeekdayEnum, description: 'The day of the week it falls on.', resolve: (d) => d.weekday }),
    time: t.exposeString('time', { description: 'HH:MM, 24 h, in the time zone.' }),
  }),
});

const OverrideType = builder.objectRef<{ keyResult: string; everyWeeks: number }>('CheckInOverride').implement({
  description: 'A key result checked in at its own rhythm.',
  fields: (t) => ({
    keyResult: t.exposeString('keyResult', { description: 'The key result id.' }),
    everyWeeks: t.exposeInt('everyWeeks', { description: 'Weeks between its check-ins.' }),
  }),
});

export const CadenceRef = builder.objectRef<CadenceState>('Cadence');

recordNode(CadenceRef, CADENCE_STREAM, (models, id) => (id === CADENCE_ID ? cadenceOf(models) : undefined), {
  description: "The organisation's weekly rhythm: time zone, report deadline, check-in frequency. The defaults until an ADMIN sets it.",
  id: () => CADENCE_ID,
  history: 'Every change of the cadence, oldest first.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: '0 while the defaults are in force.' }),
    timeZone: t.exposeString('timeZone', { description: 'IANA time zone of the deadlines.' }),
    reportDeadline: t.field({ type: DeadlineType, description: 'When the weekly allocation report is due.', resolve: (c) => c.reportDeadline }),
    checkInEveryWeeks: t.exposeInt('checkInEveryWeeks', { description: 'Weeks between key result check-ins, by default.' }),
    checkInOverrides: t.field({
      type: [OverrideType],
      description: 'Key results with their own rhythm.',
      resolve: (c) => Object.entries(c.checkInOverrides).map(([keyResult, everyWeeks]) => ({ keyResult, everyWeeks })),
    }),
    proposedDecisionMaxDays: t.exposeInt('proposedDecisionMaxDays', { description: 'Days a decision may stay PROPOSED.' }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, description: 'When an ADMIN last set it; null while the defaults are in force.', resolve: (c) => c.updatedAt }),
    deadlineOf: t.field({
      type: 'DateTime',
      description: 'The instant of the report deadline of an ISO week (default: the current week in the time zone).',
      args: { week: t.arg.string({ description: 'ISO week, e.g. 2026-W53.' }) },
      resolve: (c, args, ctx) => deadlineOf(args.week ?? weekIn(ctx.now(), c.timeZone), c.reportDeadline, c.timeZone).toISOString(),
    }),
  }),
});

builder.queryFields((t) => ({
  cadence: t.field({
    type: CadenceRef,
    description: "The organisation's cadence now, or as it stood at `asOf` / `atPosition`.",
    args: { ...timeArgs },
    resolve: async (_root, _args, ctx) => cadenceOf(await ctx.read()),
  }),
}));

const mutation = mutationsOf({ kind: cadences, payload: recordPayload('cadence', CadenceRef) });

mutation('setCadence', {
  description: "Sets the organisation's cadence (ADMIN): time zone, report deadline, check-in frequency.",
  permission: 'administer',
  input: SetCadenceInput,
  id: () => CADENCE_ID,
  command: ({ timeZone, reportDeadline, checkInEveryWeeks, checkInOverrides, proposedDecisionMaxDays }) => ({
    type: 'SetCadence',
    cadence: { timeZone, reportDeadline, checkInEveryWeeks, checkInOverrides, proposedDecisionMaxDays },
  }),
});

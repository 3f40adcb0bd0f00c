import { z } from 'zod';
import { cadenceOf } from '../../../domain/alerts/evaluator.ts';
import { weekIn } from '../../../domain/cadence/calendar.ts';
import { dueWork, type DueCheckIn, type TeamDueWork } from '../../../domain/cadence/due-work.ts';
import { parseIsoWeek } from '../../../domain/allocation/iso-week.ts';
import { GraphQLError } from 'graphql';
import { builder } from '../../builder.ts';
import { enumType } from '../../zod-input.ts';
import { PersonRef } from '../people/person.ts';
import { TeamRef } from '../teams/team.ts';
import { KeyResultCheckInRef, KeyResultRef, ObjectiveRef } from '../okrs/objective-refs.ts';
import { timeArgs } from '../time-args.ts';
import type { ReadModels } from '../../read-models.ts';

const DueStatusEnum = enumType(
  'DueStatus',
  z.enum(['DONE', 'DUE', 'LATE', 'MISSING']),
  'Where a piece of work due for a week stands against its deadline.',
  {
    DONE: 'It is in.',
    DUE: 'Not in; the deadline is ahead.',
    LATE: 'Not in; the deadline passed less than a week ago.',
    MISSING: 'Not in; the deadline passed a week or more ago.',
  },
);

const people = (models: ReadModels, ids: string[]) => ids.flatMap((id) => models.people.get(id) ?? []);

const DueCheckInType = builder.objectRef<DueCheckIn>('DueCheckIn').implement({
  description: 'A key result of an active objective and its check-in for the week.',
  fields: (t) => ({
    keyResult: t.field({ type: KeyResultRef, description: 'The key result to check in.', resolve: (d) => d.keyResult }),
    objective: t.field({ type: ObjectiveRef, description: 'Its objective.', resolve: (d) => d.objective }),
    status: t.field({ type: DueStatusEnum, description: 'Its check-in for the week against the deadline.', resolve: (d) => d.status }),
    checkIn: t.field({ type: KeyResultCheckInRef, nullable: true, description: 'The check-in that covers the week, if any.', resolve: (d) => d.checkIn }),
    responsible: t.field({ type: [PersonRef], description: "The key result's owner (else the objective's), as a person.", resolve: async (d, _a, ctx) => people(await ctx.read(), d.responsible) }),
  }),
});

const TeamDueWorkType = builder.objectRef<TeamDueWork>('TeamDueWork').implement({
  description: "What a team owes for a week: its allocation report and its key results' check-ins.",
  fields: (t) => ({
    team: t.field({ type: TeamRef, description: 'The team that owes the work.', resolve: (d) => d.team }),
    week: t.exposeString('week', { description: 'The ISO week.' }),
    deadline: t.field({ type: 'DateTime', description: "The week's report deadline in the cadence time zone.", resolve: (d) => d.deadline.toISOString() }),
    reportStatus: t.field({ type: DueStatusEnum, description: 'The allocation report.', resolve: (d) => d.report.status }),
    responsible: t.field({ type: [PersonRef], description: "The team's members.", resolve: async (d, _a, ctx) => people(await ctx.read(), d.responsible) }),
    checkIns: t.field({ type: [DueCheckInType], description: 'One per key result of its active objectives.', resolve: (d) => d.checkIns }),
  }),
});

builder.queryFields((t) => ({
  dueWork: t.field({
    type: [TeamDueWorkType],
    description: 'For each team (or one), what is due for a week (default: the current week in the cadence time zone), DONE/DUE/LATE/MISSING against the deadline. Bounded by the number of teams.',
    args: {
      ...timeArgs,
      week: t.arg.string({ description: 'ISO week, e.g. 2026-W53.' }),
      team: t.arg.string({ description: 'Only this team (its key).' }),
    },
    resolve: async (_root, args, ctx) => {
      if (args.week && !parseIsoWeek(args.week)) throw new GraphQLError(`"${args.week}" is not an ISO week such as 2026-W53`, { extensions: { code: 'BAD_USER_INPUT' } });
      const models = await ctx.read();
      const cadence = cadenceOf(models);
      const now = args.asOf ? new Date(String(args.asOf)) : ctx.now();
      return dueWork(models, cadence, args.week ?? weekIn(now, cadence.timeZone), now, args.team);
    },
  }),
}));

import { z } from 'zod';
import { cadenceOf } from '../../../domain/alerts/evaluator.ts';
import { weekIn } from '../../../domain/cadence/calendar.ts';
import { dueWork, orgDueWork, type DueCheckIn, type DueDecision, type DueTradeoff, type OrgDueWork, type TeamDueWork } from '../../../domain/cadence/due-work.ts';
import { parseIsoWeek } from '../../../domain/allocation/iso-week.ts';
import { GraphQLError } from 'graphql';
import { builder } from '../../builder.ts';
import { enumType } from '../../zod-input.ts';
import { PersonRef } from '../people/person.ts';
import { TeamRef } from '../teams/team.ts';
import { KeyResultCheckInRef, KeyResultRef, ObjectiveRef } from '../okrs/objective-refs.ts';
import { timeArgs } from '../time-args.ts';
import { TradeoffRef } from '../tradeoffs/tradeoff.ts';
import { DecisionRef } from '../decisions/decision.ts';
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

/** What is due is judged at asOf when given, else at the app's present. */
const presentOf = (args: { asOf?: unknown }, ctx: { now: () => Date }): Date => (args.asOf ? new Date(String(args.asOf)) : ctx.now());

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

const DueTradeoffType = builder.objectRef<DueTradeoff>('DueTradeoff').implement({
  description: 'A tradeoff in effect whose revisit date has come.',
  fields: (t) => ({
    tradeoff: t.field({ type: TradeoffRef, description: 'The tradeoff.', resolve: (d) => d.tradeoff }),
    revisitBy: t.string({ description: 'Its revisit date (ISO).', resolve: (d) => d.tradeoff.revisitBy! }),
    daysOverdue: t.exposeInt('daysOverdue', { description: 'Whole days since the revisit date (0 on the day).' }),
    responsible: t.field({ type: [PersonRef], description: 'Who noted it, as a person.', resolve: async (d, _a, ctx) => people(await ctx.read(), d.responsible) }),
  }),
});

const DueDecisionType = builder.objectRef<DueDecision>('DueDecision').implement({
  description: 'A decision PROPOSED for longer than the cadence allows (proposedDecisionMaxDays).',
  fields: (t) => ({
    decision: t.field({ type: DecisionRef, description: 'The decision.', resolve: (d) => d.decision }),
    dueAt: t.field({ type: 'DateTime', description: 'When it was due to be accepted or rejected.', resolve: (d) => d.dueAt.toISOString() }),
    daysProposed: t.exposeInt('daysProposed', { description: 'Whole days it has been PROPOSED.' }),
    responsible: t.field({ type: [PersonRef], description: 'Its owner and deciders, as people.', resolve: async (d, _a, ctx) => people(await ctx.read(), d.responsible) }),
  }),
});

const OrgDueWorkType = builder.objectRef<OrgDueWork>('OrgDueWork').implement({
  description: 'What the organisation owes outside any team: tradeoffs and decisions have no team of their own.',
  fields: (t) => ({
    date: t.exposeString('date', { description: 'The date (ISO) in the cadence time zone it is for.' }),
    tradeoffsToRevisit: t.field({ type: [DueTradeoffType], description: 'Every tradeoff due for revisit, the most overdue first.', resolve: (d) => d.tradeoffs }),
    proposedDecisions: t.field({ type: [DueDecisionType], description: 'Decisions PROPOSED for longer than the cadence allows.', resolve: (d) => d.decisions }),
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
    tradeoffsToRevisit: t.field({
      type: [DueTradeoffType],
      description: "Tradeoffs due for revisit (now, or at asOf) that concern the team's key results or allocation targets.",
      resolve: (d) => d.tradeoffs,
    }),
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
      const now = presentOf(args, ctx);
      return dueWork(models, cadence, args.week ?? weekIn(now, cadence.timeZone), now, args.team);
    },
  }),
  orgDueWork: t.field({
    type: OrgDueWorkType,
    description: 'What has no team: tradeoffs due for revisit and decisions PROPOSED for longer than the cadence allows, now or at asOf.',
    args: { ...timeArgs },
    resolve: async (_root, args, ctx) => {
      const models = await ctx.read();
      return orgDueWork(models, cadenceOf(models), presentOf(args, ctx));
    },
  }),
}));

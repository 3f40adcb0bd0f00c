import type { AllocationWeek } from '../../../domain/allocation/allocation-analysis.ts';
import { staffingBalance, type StaffingOfKind, type StaffingWeek } from '../../../domain/allocation/staffing-balance.ts';
import { GraphQLError } from 'graphql';
import { TaxonomyMappingError } from '../../../domain/allocation/breakdown.ts';
import { builder } from '../../builder.ts';
import { taxonomyVersion } from './taxonomy.ts';
import { timeArgs } from '../time-args.ts';
import { analysisOf, checkRange, checkTeam } from './args.ts';
import { SplitsType, weekFields } from './categories.ts';
import { AllocationReportRef, breakdownFields } from './allocation.ts';
import { TeamKindEnum, TeamRef } from '../teams/team.ts';
import { linkedRecord } from '../record-node.ts';

const AllocationWeekType = builder.objectRef<AllocationWeek>('AllocationWeek').implement({
  description: "One week of a team's allocation, or of the whole organisation weighted by headcount.",
  fields: (t) => ({
    ...weekFields(t),
    team: linkedRecord(t, TeamRef, 'Null for the org-wide rollup.', (w) => w.team),
    report: t.field({
      type: AllocationReportRef,
      nullable: true,
      description: "The team's report; null when it did not report the week, and org-wide.",
      resolve: (w) => w.report,
    }),
    teamsReported: t.exposeInt('teamsReported', { description: 'How many teams reported the week: 0 or 1 for a team, the count org-wide.' }),
    taxonomyVersion: t.exposeInt('taxonomyVersion', {
      nullable: true,
      description: 'The taxonomy version the figures are in: the report’s own, the one asked for, or org-wide the latest among the week’s reports; null when nothing was reported.',
    }),
    headcount: t.exposeInt('headcount', {
      description: "The team's headcount in force that week; org-wide, the sum over the teams that reported.",
    }),
    ...breakdownFields(t, (w) => w),
  }),
});

const StaffingOfKindType = builder.objectRef<StaffingOfKind>('StaffingOfKind').implement({
  description: 'The people and reported time of one team kind in one week.',
  fields: (t) => ({
    kind: t.field({ type: TeamKindEnum, description: 'The team kind (each team counts under the kind in force that week).', resolve: (k) => k.kind }),
    teams: t.exposeInt('teams', { description: 'Teams of this kind with a headcount in force that week.' }),
    headcount: t.exposeInt('headcount', { description: 'People in the teams of this kind (headcount in force that week).' }),
    headcountPercent: t.exposeFloat('headcountPercent', { description: "Share of the organisation's people in teams of this kind." }),
    reportingTeams: t.exposeInt('reportingTeams', { description: 'Teams of this kind that reported the week.' }),
    reportedHeadcount: t.exposeInt('reportedHeadcount', { description: 'People in the teams of this kind that reported the week.' }),
    reportedPercent: t.exposeFloat('reportedPercent', {
      description: "Share of the organisation's reported time that came from teams of this kind.",
    }),
    splits: t.field({
      type: SplitsType,
      nullable: true,
      description: "How this kind's reported time split, weighted by headcount.",
      resolve: (k) => k.splits,
    }),
  }),
});

const StaffingWeekType = builder.objectRef<StaffingWeek>('StaffingWeek').implement({
  description: 'People and reported time by team kind in one week.',
  fields: (t) => ({
    ...weekFields(t),
    headcount: t.exposeInt('headcount', { description: 'People in all teams with a headcount in force that week.' }),
    reportedHeadcount: t.exposeInt('reportedHeadcount', { description: 'People in the teams that reported the week.' }),
    kinds: t.field({ type: [StaffingOfKindType], description: 'Every team kind, in a fixed order.', resolve: (w) => w.kinds }),
  }),
});

const rangeArgs = builder.args((t) => ({
  fromWeek: t.string({ required: true, description: 'ISO week, e.g. 2026-W40.' }),
  toWeek: t.string({ required: true, description: 'ISO week, included.' }),
}));

builder.queryFields((t) => ({
  allocationTrend: t.field({
    type: [AllocationWeekType],
    description: "A row per week of the range: a team's breakdown, or without team the org-wide rollup weighted by headcount.",
    args: {
      ...rangeArgs,
      ...timeArgs,
      team: t.arg.string({ description: 'Team key; omit for the org-wide rollup.' }),
      taxonomyVersion: t.arg.int({
        description: 'Express every week in this taxonomy version: reports under older versions are carried through each version’s mapping, so the trend reads across a taxonomy change. A week reported under a later version cannot be (BAD_USER_INPUT).',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const models = await ctx.read();
      const { fromWeek, toWeek } = checkRange(args.fromWeek, args.toWeek);
      if (args.taxonomyVersion != null) taxonomyVersion(models, args.taxonomyVersion);
      try {
        return analysisOf(models).trend(args.team ? checkTeam(models, args.team) : null, fromWeek, toWeek, args.taxonomyVersion ?? undefined);
      } catch (error) {
        if (error instanceof TaxonomyMappingError) throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
        throw error;
      }
    },
  }),
  staffingBalance: t.field({
    type: [StaffingWeekType],
    description: 'Per week, people and reported time by team kind: the balance of product vs platform staffing over time.',
    args: { ...rangeArgs, ...timeArgs },
    resolve: async (_root, args, ctx) => {
      const models = await ctx.read();
      const { fromWeek, toWeek } = checkRange(args.fromWeek, args.toWeek);
      return staffingBalance(models.teams, models.allocation, fromWeek, toWeek);
    },
  }),
}));

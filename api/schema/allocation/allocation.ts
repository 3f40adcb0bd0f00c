import type { AllocationWeek } from '../../../domain/allocation/allocation-analysis.ts';
import { allocationReports, type AllocationReportState } from '../../../domain/allocation/allocation-report.ts';
import { allocationTargets, type AllocationTargetState } from '../../../domain/allocation/allocation-target.ts';
import { ReportAllocationInput, SetAllocationTargetInput } from '../../../domain/allocation/inputs.ts';
import { allocationTaxonomies } from '../../../domain/allocation/allocation-taxonomy.ts';
import { categoryIn } from '../../../domain/allocation/taxonomy.ts';
import { teams } from '../../../domain/teams/team.ts';
import { weekIndex } from '../../../domain/allocation/iso-week.ts';
import { ALLOCATION_REPORT_STREAM, ALLOCATION_TARGET_STREAM, ALLOCATION_TAXONOMY_ID, allocationReportId } from '../../../domain/allocation/events.ts';
import { recordNode, linkedRecord } from '../record-node.ts';
import { builder, type BuilderTypes } from '../../builder.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { findRecord } from '../../record-lookup.ts';
import { timeArgs } from '../time-args.ts';
import { countedConnection } from '../counted-connection.ts';
import type { ApiContext } from '../../context.ts';
import { keyedConnection } from '../../connection.ts';
import { analysisOf, checkTeam, checkWeek } from './args.ts';
import { AllocationCategoryType, AllocationEntryType, CategoryDriftType, SplitsType, weekFields } from './categories.ts';
import { BreakdownSharesType, GroupDriftType, TargetGroupType } from './taxonomy.ts';
import { DecisionRef } from '../decisions/decision.ts';
import { listArgs } from '../page-args.ts';
import { TeamRef } from '../teams/team.ts';

const TargetEntryType = builder.objectRef<{ category: string; percent: number; tolerance: number; taxonomyVersion: number }>(
  'AllocationTargetEntry',
).implement({
  description: 'The share of the week a target asks for one category.',
  fields: (t) => ({
    category: t.field({
      type: AllocationCategoryType,
      description: "The category, as defined in the target's taxonomy version.",
      resolve: async (e, _args, ctx) => categoryIn((await ctx.read()).allocation.taxonomy(e.taxonomyVersion)!, e.category)!,
    }),
    percent: t.exposeFloat('percent', { description: 'Percent of the week (0-100) the target asks for.' }),
    tolerance: t.exposeFloat('tolerance', { description: 'How many points either way count as on target.' }),
  }),
});

export const AllocationTargetRef = builder.objectRef<AllocationTargetState>('AllocationTarget');

recordNode(AllocationTargetRef, ALLOCATION_TARGET_STREAM, (models, id) => models.allocation.target(id), {
  description: 'A target breakdown for a team (or the organisation) from a week on, until a newer target replaces it.',
  history: true,
  fields: (t) => ({
    team: linkedRecord(t, TeamRef, 'Null for an org-wide target.', (target) => target.team),
    fromWeek: t.exposeString('fromWeek', { description: 'The ISO week (e.g. 2026-W14) from which the target is in force.' }),
    taxonomyVersion: t.exposeInt('taxonomyVersion', { description: 'The taxonomy version its categories come from.' }),
    entries: t.field({
      type: [TargetEntryType],
      description: 'The categories the target cares about; they add up to at most 100%.',
      resolve: (target) => target.entries.map((e) => ({ ...e, taxonomyVersion: target.taxonomyVersion })),
    }),
    groups: t.field({
      type: [TargetGroupType],
      description: 'Targets on groups of breakdowns of its taxonomy version (empty when it names categories only).',
      resolve: (target) => target.groups,
    }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why this target, as given when it was set.' }),
    decision: linkedRecord(t, DecisionRef, 'The decision behind the target.', (target) => target.decision),
    version: t.exposeInt('version', { description: 'Version of the target; a target is set once, so 1.' }),
    setAt: t.field({ type: 'DateTime', description: 'When the target was set.', resolve: (target) => target.createdAt }),
  }),
});

/** The breakdown fields of a week (report or trend row), from the analysed week of the parent. */
export function breakdownFields<P>(
  t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, P>,
  weekOf: (parent: P, ctx: ApiContext) => Promise<AllocationWeek> | AllocationWeek,
) {
  const from = <R>(pick: (week: AllocationWeek) => R) => async (parent: P, _args: object, ctx: ApiContext) => pick(await weekOf(parent, ctx));
  return {
    entries: t.field({
      type: [AllocationEntryType],
      description: 'Percent per category; empty when nothing was reported.',
      resolve: from((w) => w.shares),
    }),
    splits: t.field({ type: SplitsType, nullable: true, description: 'Null when nothing was reported.', resolve: from((w) => w.splits) }),
    drift: t.field({
      type: [CategoryDriftType],
      description: 'Every category of the target in force, against what was reported.',
      resolve: from((w) => w.drift),
    }),
    target: t.field({
      type: AllocationTargetRef,
      nullable: true,
      description: 'The target in force that week: the team\'s own, or else the org-wide one.',
      resolve: from((w) => w.target),
    }),
    driftFlagged: t.boolean({ description: 'Some category (or targeted group) drifted further than its tolerance.', resolve: from((w) => w.driftFlagged) }),
    breakdowns: t.field({
      type: [BreakdownSharesType],
      description: 'Percent per group of every breakdown of the taxonomy version the figures are in (built-in first, then the org’s own); empty when nothing was reported.',
      resolve: from((w) => w.breakdowns),
    }),
    breakdown: t.field({
      type: BreakdownSharesType,
      nullable: true,
      description: 'The figures of one breakdown by its key (e.g. "elective", "nature" or the org’s own); null when nothing was reported or the version has no such breakdown.',
      args: { key: t.arg.string({ required: true, description: 'The breakdown key.' }) },
      resolve: async (parent, args, ctx) => (await weekOf(parent, ctx)).breakdowns.find((b) => b.breakdown.key === args.key) ?? null,
    }),
    groupDrift: t.field({
      type: [GroupDriftType],
      description: 'Every group the target in force names, against what was reported.',
      resolve: from((w) => w.groupDrift),
    }),
  };
}

export const AllocationReportRef = builder.objectRef<AllocationReportState>('AllocationReport');

recordNode(AllocationReportRef, ALLOCATION_REPORT_STREAM, (models, id) => models.allocation.report(id), {
  description: "A team's breakdown of one ISO week. Reporting the week again is a correction; its history keeps every version.",
  history: 'The first report and every correction, oldest first, each with its reason.',
  fields: (t) => ({
    team: t.field({ type: TeamRef, description: 'The team that reported.', resolve: async (report, _args, ctx) => (await ctx.read()).teams.get(report.team)! }),
    ...weekFields(t),
    taxonomyVersion: t.exposeInt('taxonomyVersion', { description: 'The taxonomy version its categories come from (the one current when last reported).' }),
    ...breakdownFields(t, async (report, ctx) => analysisOf(await ctx.read()).teamWeek(report.team, report.week, report)),
    version: t.exposeInt('version', { description: 'Pass it as expectedVersion when correcting the report.' }),
    corrections: t.exposeInt('corrections', { description: 'How many times the week was reported again after the first report.' }),
    reportedAt: t.field({ type: 'DateTime', description: 'When the week was first reported.', resolve: (report) => report.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When the week was last reported or corrected.', resolve: (report) => report.updatedAt }),
  }),
});

const AllocationReportConnection = countedConnection('AllocationReport', AllocationReportRef);

builder.queryFields((t) => ({
  allocationReport: t.field({
    type: AllocationReportRef,
    nullable: true,
    description: "A team's report of one ISO week, if it reported it.",
    args: { ...timeArgs, team: t.arg.string({ required: true, description: 'Team key.' }), week: t.arg.string({ required: true, description: 'ISO week, e.g. 2026-W14.' }) },
    resolve: async (_root, args, ctx) => (await ctx.read()).allocation.reportOf(args.team, checkWeek(args.week, 'week')) ?? null,
  }),
  allocationReports: t.field({
    type: AllocationReportConnection,
    description: "A team's reports, oldest week first, optionally from and to a week (both included).",
    args: { ...listArgs, team: t.arg.string({ required: true, description: 'Team key.' }), fromWeek: t.arg.string({ description: 'First ISO week to include, e.g. 2026-W01; omit for no lower bound.' }), toWeek: t.arg.string({ description: 'Last ISO week to include; omit for no upper bound.' }) },
    resolve: async (_root, args, ctx) => {
      const models = await ctx.read();
      const from = args.fromWeek ? checkWeek(args.fromWeek, 'fromWeek') : null;
      const to = args.toWeek ? checkWeek(args.toWeek, 'toWeek') : null;
      return keyedConnection(models.allocation.reportsOf(checkTeam(models, args.team), from, to), (r) => weekIndex(r.week), args);
    },
  }),
  allocationTargets: t.field({
    type: [AllocationTargetRef],
    description: 'The targets set for a team (without team: the org-wide targets), by the week they start.',
    args: { ...timeArgs, team: t.arg.string({ description: 'Team key; omit for the org-wide targets.' }) },
    resolve: async (_root, args, ctx) => {
      const models = await ctx.read();
      return models.allocation.targetsOf(args.team ? checkTeam(models, args.team) : null);
    },
  }),
}));

mutationsOf({ kind: allocationReports, payload: recordPayload('report', AllocationReportRef) })('reportAllocation', {
  description: "Records a team's time allocation for an ISO week, or corrects it (with a reason).",
  permission: 'contribute',
  input: ReportAllocationInput,
  id: ({ team, week }) => allocationReportId(team, week),
  command: async ({ team, week, entries }, { read, reason }) => ({
    type: 'ReportAllocation',
    team: await read(teams, team),
    week,
    entries,
    reason,
    taxonomies: (await read(allocationTaxonomies, ALLOCATION_TAXONOMY_ID)).versions,
  }),
});

mutationsOf({ kind: allocationTargets, payload: recordPayload('target', AllocationTargetRef) })('setAllocationTarget', {
  description: 'Sets the target breakdown of a team (or the organisation) from a week on, with a reason and the decision behind it.',
  permission: 'lead',
  input: SetAllocationTargetInput,
  command: async ({ team, fromWeek, entries, groups, decision }, { ctx, read }) => {
    const found = decision ? await findRecord(ctx, decision, ['input', 'decision'], ['Decision']) : null;
    if (found && !found.ok) return found.errors;
    return {
      type: 'SetAllocationTarget',
      team: team ? await read(teams, team) : null,
      fromWeek,
      entries,
      groups,
      decision: found?.record.id ?? null,
      taxonomies: (await read(allocationTaxonomies, ALLOCATION_TAXONOMY_ID)).versions,
    };
  },
});

import { GraphQLError } from 'graphql';
import type { CategoryDrift, CategoryShare, Splits } from '../../../domain/allocation/breakdown.ts';
import { CategoryGroupSchema } from '../../../domain/allocation/events.ts';
import type { AllocationCategory } from '../../../domain/allocation/taxonomy.ts';
import { weekStartDate } from '../../../domain/allocation/iso-week.ts';
import { builder, type BuilderTypes } from '../../builder.ts';
import { enumType } from '../../zod-input.ts';
import { currentWeek } from './args.ts';

/** The category taxonomy and the value types every allocation breakdown shares. */

const CategoryNatureEnum = builder.enumType('AllocationNature', {
  description: 'Innovation or tune-up: the second way to split the week (innovation + tune-up is always the whole week).',
  values: {
    INNOVATION: { description: 'Product feature work, new or existing.' },
    TUNE_UP: { description: 'Everything that runs the business or speeds up innovation; non-elective work counts here too.' },
  } as const,
});

const CategoryGroupEnum = enumType(
  'AllocationCategoryGroup',
  CategoryGroupSchema,
  'The group a category belongs to: must-do work, or chosen work on features or on the speed of innovation.',
  {
    NON_ELECTIVE: 'Must-do work whatever the plan says: incidents, security, support, keeping the lights on.',
    FEATURES: 'Chosen work on product features (innovation).',
    TUNE_UP: 'Chosen work that speeds up innovation: productivity, tech debt, platform, reliability.',
  },
);

/** The `week` and `startsOn` fields of a type about one ISO week (a report, a trend or staffing row). */
export const weekFields = <P extends { week: string }>(t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, P>) => ({
  week: t.string({ description: 'The ISO week, e.g. 2026-W14.', resolve: (p) => p.week }),
  startsOn: t.string({ description: 'The Monday the week starts on (YYYY-MM-DD).', resolve: (p) => weekStartDate(p.week) }),
});

export const AllocationCategoryType = builder.objectRef<AllocationCategory>('AllocationCategory').implement({
  description: 'A category of the time allocation taxonomy.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'What reports and targets use, e.g. "tech-debt".' }),
    name: t.exposeString('name', { description: 'Shown to people, e.g. "Tech debt".' }),
    description: t.exposeString('description', { description: 'What work belongs in the category, for whoever fills in a report.' }),
    group: t.field({ type: CategoryGroupEnum, description: 'Its group: non-elective, features or tune-up.', resolve: (c) => c.group }),
    elective: t.exposeBoolean('elective', { description: 'False for must-do (NON_ELECTIVE) work, true for chosen work.' }),
    nature: t.field({ type: CategoryNatureEnum, description: 'Whether its time counts as innovation or as tune-up.', resolve: (c) => c.nature }),
    taxonomyVersion: t.exposeInt('taxonomyVersion', { description: 'The taxonomy version this category is defined in.' }),
  }),
});

export const AllocationEntryType = builder.objectRef<CategoryShare>('AllocationEntry').implement({
  description: 'The share of a week spent on one category.',
  fields: (t) => ({
    category: t.field({ type: AllocationCategoryType, description: 'The category, as defined in the taxonomy version the week was reported in.', resolve: (s) => s.category }),
    percent: t.exposeFloat('percent', { description: 'Percent of the week (0-100); org-wide, the mean over the teams that reported, weighted by headcount.' }),
  }),
});

export const SplitsType = builder.objectRef<Splits>('AllocationSplits').implement({
  description: 'Percent of the week on elective vs non-elective work, and on innovation vs tune-up work.',
  fields: (t) => ({
    elective: t.exposeFloat('elective', { description: 'Percent on chosen work; elective + nonElective is the whole reported week.' }),
    nonElective: t.exposeFloat('nonElective', { description: 'Percent on must-do work (NON_ELECTIVE categories).' }),
    innovation: t.exposeFloat('innovation', { description: 'Percent on product feature work; innovation + tuneUp is the whole reported week.' }),
    tuneUp: t.exposeFloat('tuneUp', { description: 'Percent on work that runs the business or speeds up innovation.' }),
  }),
});

/** What every drift (of a category or of a breakdown group) says: the figures against the target. */
export function driftFigureFields<D extends Omit<CategoryDrift, 'category'>>(t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, D>) {
  return {
    actual: t.float({ description: 'Percent reported; 0 when it was not reported.', resolve: (d) => d.actual }),
    target: t.float({ description: 'Target percent.', resolve: (d) => d.target }),
    tolerance: t.float({ description: 'How many points either way count as on target.', resolve: (d) => d.tolerance }),
    drift: t.float({ description: 'actual - target, in percentage points.', resolve: (d) => d.drift }),
    outside: t.boolean({ description: 'The drift is larger than the tolerance.', resolve: (d) => d.outside }),
  };
}

export const CategoryDriftType = builder.objectRef<CategoryDrift>('CategoryDrift').implement({
  description: 'A target category against what was reported.',
  fields: (t) => ({
    category: t.field({ type: AllocationCategoryType, description: 'A category the target names.', resolve: (d) => d.category }),
    ...driftFigureFields(t),
  }),
});

builder.queryField('allocationCategories', (t) =>
  t.field({
    type: [AllocationCategoryType],
    description: 'The categories of a taxonomy version (default: the version in force this week; see allocationTaxonomy).',
    args: { taxonomyVersion: t.arg.int({ description: 'Taxonomy version; omit for the version in force this week.' }) },
    resolve: async (_root, args, ctx) => {
      const allocation = (await ctx.read()).allocation;
      if (args.taxonomyVersion == null) return allocation.taxonomyFor(await currentWeek(ctx)).categories;
      const taxonomy = allocation.taxonomy(args.taxonomyVersion);
      if (!taxonomy) throw new GraphQLError(`No allocation taxonomy has version ${args.taxonomyVersion}`, { extensions: { code: 'BAD_USER_INPUT' } });
      return taxonomy.categories;
    },
  }),
);

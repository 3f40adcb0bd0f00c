import { GraphQLError } from 'graphql';
import type { CategoryDrift, CategoryShare, Splits } from '../../../domain/allocation/breakdown.ts';
import { CategoryGroupSchema } from '../../../domain/allocation/events.ts';
import type { AllocationCategory } from '../../../domain/allocation/taxonomy.ts';
import { builder, type BuilderTypes } from '../../builder.ts';
import { enumType } from '../../zod-input.ts';
import { currentWeek } from './args.ts';

/** The category taxonomy and the value types every allocation breakdown shares. */

const CategoryNatureEnum = builder.enumType('AllocationNature', {
  description: 'INNOVATION: product feature work. TUNE_UP: everything that runs the business and speeds up innovation.',
  values: ['INNOVATION', 'TUNE_UP'] as const,
});

const CategoryGroupEnum = enumType(
  'AllocationCategoryGroup',
  CategoryGroupSchema,
  'NON_ELECTIVE: must-do work. FEATURES / TUNE_UP: chosen work on product features / on the speed of innovation.',
);

export const AllocationCategoryType = builder.objectRef<AllocationCategory>('AllocationCategory').implement({
  description: 'A category of the time allocation taxonomy.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'What reports and targets use, e.g. "tech-debt".' }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    group: t.field({ type: CategoryGroupEnum, resolve: (c) => c.group }),
    elective: t.exposeBoolean('elective'),
    nature: t.field({ type: CategoryNatureEnum, resolve: (c) => c.nature }),
    taxonomyVersion: t.exposeInt('taxonomyVersion'),
  }),
});

export const AllocationEntryType = builder.objectRef<CategoryShare>('AllocationEntry').implement({
  fields: (t) => ({
    category: t.field({ type: AllocationCategoryType, resolve: (s) => s.category }),
    percent: t.exposeFloat('percent'),
  }),
});

export const SplitsType = builder.objectRef<Splits>('AllocationSplits').implement({
  description: 'Percent of the week on elective vs non-elective work, and on innovation vs tune-up work.',
  fields: (t) => ({
    elective: t.exposeFloat('elective'),
    nonElective: t.exposeFloat('nonElective'),
    innovation: t.exposeFloat('innovation'),
    tuneUp: t.exposeFloat('tuneUp'),
  }),
});

/** What every drift (of a category or of a breakdown group) says: the figures against the target. */
export function driftFigureFields<D extends Omit<CategoryDrift, 'category'>>(t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, D>) {
  return {
    actual: t.float({ description: 'Percent reported.', resolve: (d) => d.actual }),
    target: t.float({ description: 'Target percent.', resolve: (d) => d.target }),
    tolerance: t.float({ description: 'How many points either way count as on target.', resolve: (d) => d.tolerance }),
    drift: t.float({ description: 'actual - target, in percentage points.', resolve: (d) => d.drift }),
    outside: t.boolean({ description: 'The drift is larger than the tolerance.', resolve: (d) => d.outside }),
  };
}

export const CategoryDriftType = builder.objectRef<CategoryDrift>('CategoryDrift').implement({
  description: 'A target category against what was reported.',
  fields: (t) => ({
    category: t.field({ type: AllocationCategoryType, resolve: (d) => d.category }),
    ...driftFigureFields(t),
  }),
});

builder.queryField('allocationCategories', (t) =>
  t.field({
    type: [AllocationCategoryType],
    description: 'The categories of a taxonomy version (default: the version in force this week; see allocationTaxonomy).',
    args: { taxonomyVersion: t.arg.int() },
    resolve: async (_root, args, ctx) => {
      const allocation = (await ctx.read()).allocation;
      if (args.taxonomyVersion == null) return allocation.taxonomyFor(await currentWeek(ctx)).categories;
      const taxonomy = allocation.taxonomy(args.taxonomyVersion);
      if (!taxonomy) throw new GraphQLError(`No allocation taxonomy has version ${args.taxonomyVersion}`, { extensions: { code: 'BAD_USER_INPUT' } });
      return taxonomy.categories;
    },
  }),
);

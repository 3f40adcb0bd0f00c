import { GraphQLError } from 'graphql';
import { allocationTaxonomies, type AllocationTaxonomyState } from '../../../domain/allocation/allocation-taxonomy.ts';
import type { BreakdownShares, GroupDrift, GroupShare } from '../../../domain/allocation/breakdown.ts';
import { ALLOCATION_TAXONOMY_ID, ALLOCATION_TAXONOMY_STREAM } from '../../../domain/allocation/events.ts';
import { DefineAllocationTaxonomyInput } from '../../../domain/allocation/inputs.ts';
import type { AllocationBreakdown, AllocationTaxonomy, BreakdownGroup, CategoryMapping } from '../../../domain/allocation/taxonomy.ts';
import { builder } from '../../builder.ts';
import type { ReadModels } from '../../context.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { recordNode } from '../record-node.ts';
import { timeArgs } from '../time-args.ts';
import { checkWeek, currentWeek } from './args.ts';
import { AllocationCategoryType, driftFigureFields } from './categories.ts';

/** The organisation's taxonomy versions (defineAllocationTaxonomy) and the breakdown figures every allocation week has. */

const BreakdownGroupType = builder.objectRef<BreakdownGroup>('AllocationBreakdownGroup').implement({
  description: 'A group of a breakdown: some categories of the version.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'What group targets name, e.g. "non-elective" or "ktlo".' }),
    name: t.exposeString('name', { description: 'Shown to people.' }),
    description: t.exposeString('description', { description: 'What the group is for.' }),
    categories: t.exposeStringList('categories', { description: 'Keys of the version’s categories in the group.' }),
  }),
});

const BreakdownType = builder.objectRef<AllocationBreakdown>('AllocationBreakdown').implement({
  description: 'A way to group a version’s categories: every category is in exactly one group.',
  fields: (t) => ({
    key: t.exposeString('key', { description: '"elective" and "nature" are built in; the others are the organisation’s own.' }),
    name: t.exposeString('name', { description: 'Shown to people.' }),
    description: t.exposeString('description', { description: 'What the breakdown shows.' }),
    builtIn: t.exposeBoolean('builtIn', { description: 'Every version has it, from its categories’ groups.' }),
    groups: t.field({ type: [BreakdownGroupType], description: 'Its groups, in the order given.', resolve: (b) => b.groups }),
  }),
});

const MappingShareType = builder.objectRef<CategoryMapping['to'][number]>('AllocationMappingShare').implement({
  description: 'Part of an old category’s time and the new category it goes to.',
  fields: (t) => ({
    category: t.exposeString('category', { description: 'A category key of the version.' }),
    share: t.exposeFloat('share', { description: 'Percent of the old category’s time.' }),
  }),
});

const CategoryMappingType = builder.objectRef<CategoryMapping>('AllocationCategoryMapping').implement({
  description: 'Where a category of the previous version goes in this one.',
  fields: (t) => ({
    from: t.exposeString('from', { description: 'A category key of the previous version.' }),
    to: t.field({ type: [MappingShareType], description: 'The new categories, with shares adding up to 100.', resolve: (m) => m.to }),
  }),
});

export const AllocationTaxonomyType = builder.objectRef<AllocationTaxonomy>('AllocationTaxonomy').implement({
  description: 'One version of the allocation taxonomy: version 1 is built in, later ones are published by defineAllocationTaxonomy.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'Reports and targets keep the version they were validated against.' }),
    effectiveFrom: t.exposeString('effectiveFrom', {
      nullable: true,
      description: 'The first ISO week it is in force for; null for version 1, in force for every week before version 2.',
    }),
    categories: t.field({ type: [AllocationCategoryType], description: 'Its categories, in the order given.', resolve: (x) => x.categories }),
    breakdowns: t.field({ type: [BreakdownType], description: 'The built-in breakdowns, then the version’s own.', resolve: (x) => x.breakdowns }),
    mapping: t.field({
      type: [CategoryMappingType],
      description: 'From every category of the previous version (empty for version 1): how figures carry across the change.',
      resolve: (x) => x.mapping,
    }),
    definedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was published; null for version 1.', resolve: (x) => x.definedAt }),
  }),
});

export const AllocationTaxonomiesRef = builder.objectRef<AllocationTaxonomyState>('AllocationTaxonomies');

recordNode(AllocationTaxonomiesRef, ALLOCATION_TAXONOMY_STREAM, (models, id) => (id === ALLOCATION_TAXONOMY_ID ? models.allocation.taxonomyRecord() : undefined), {
  description: 'Every version of the organisation’s allocation taxonomy: the built-in version 1, then each one published by defineAllocationTaxonomy (ADMIN).',
  id: () => ALLOCATION_TAXONOMY_ID,
  history: 'Every published version, oldest first.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'Published versions so far (0 before the first): the latest taxonomy version is this + 1.' }),
    versions: t.field({ type: [AllocationTaxonomyType], description: 'Every version, oldest first.', resolve: (x) => x.versions }),
    latest: t.field({ type: AllocationTaxonomyType, description: 'The version published last.', resolve: (x) => x.versions[x.versions.length - 1]! }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, description: 'When a version was last published.', resolve: (x) => x.updatedAt }),
  }),
});

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** A version by number (BAD_USER_INPUT when none has it). */
export function taxonomyVersion(models: ReadModels, version: number): AllocationTaxonomy {
  const found = models.allocation.taxonomy(version);
  if (!found) throw badInput(`No allocation taxonomy has version ${version}; the latest is ${models.allocation.taxonomies().length}`);
  return found;
}

builder.queryFields((t) => ({
  allocationTaxonomy: t.field({
    type: AllocationTaxonomyType,
    description: 'A version of the allocation taxonomy: by number, or the one in force for a week (default: the version in force this week).',
    args: {
      ...timeArgs,
      version: t.arg.int({ description: 'The version number.' }),
      week: t.arg.string({ description: 'ISO week: the version in force for it (the latest whose effectiveFrom is that week or earlier).' }),
    },
    resolve: async (_root, args, ctx) => {
      const models = await ctx.read();
      if (args.version != null) return taxonomyVersion(models, args.version);
      return models.allocation.taxonomyFor(args.week ? checkWeek(args.week, 'week') : await currentWeek(ctx));
    },
  }),
  allocationTaxonomies: t.field({
    type: AllocationTaxonomiesRef,
    description: 'Every version of the allocation taxonomy, now or at `asOf` / `atPosition`.',
    args: timeArgs,
    resolve: async (_root, _args, ctx) => (await ctx.read()).allocation.taxonomyRecord(),
  }),
}));

mutationsOf({ kind: allocationTaxonomies, payload: recordPayload('taxonomies', AllocationTaxonomiesRef) })('defineAllocationTaxonomy', {
  description:
    'Publishes version N of the allocation taxonomy (ADMIN), in force from a week on: its categories, its own breakdowns, and where each category of version N-1 goes. Reports and targets already recorded keep their version.',
  permission: 'administer',
  input: DefineAllocationTaxonomyInput,
  id: () => ALLOCATION_TAXONOMY_ID,
  command: (definition) => ({ type: 'DefineAllocationTaxonomy', ...definition }),
});

const GroupShareType = builder.objectRef<GroupShare>('AllocationGroupShare').implement({
  description: 'A group of a breakdown and the percent of the week in its categories.',
  fields: (t) => ({
    group: t.field({ type: BreakdownGroupType, description: 'The group.', resolve: (g) => g.group }),
    percent: t.exposeFloat('percent', { description: 'Percent of the week.' }),
  }),
});

export const BreakdownSharesType = builder.objectRef<BreakdownShares>('AllocationBreakdownShares').implement({
  description: 'A week’s figures by the groups of one breakdown.',
  fields: (t) => ({
    breakdown: t.field({ type: BreakdownType, description: 'The breakdown.', resolve: (b) => b.breakdown }),
    groups: t.field({ type: [GroupShareType], description: 'Every group of it, in its order; together 100%.', resolve: (b) => b.groups }),
  }),
});

export const GroupDriftType = builder.objectRef<GroupDrift>('GroupDrift').implement({
  description: 'A target on a group of a breakdown against what was reported.',
  fields: (t) => ({
    breakdown: t.field({ type: BreakdownType, description: 'The breakdown.', resolve: (d) => d.breakdown }),
    group: t.field({ type: BreakdownGroupType, description: 'The group.', resolve: (d) => d.group }),
    ...driftFigureFields(t),
  }),
});

export const TargetGroupType = builder.objectRef<{ breakdown: string; group: string; percent: number; tolerance: number }>('AllocationTargetGroup').implement({
  description: 'A target on one group of a breakdown.',
  fields: (t) => ({
    breakdown: t.exposeString('breakdown', { description: 'The breakdown key.' }),
    group: t.exposeString('group', { description: 'The group key.' }),
    percent: t.exposeFloat('percent', { description: 'Target percent of the week.' }),
    tolerance: t.exposeFloat('tolerance', { description: 'How many points either way count as on target.' }),
  }),
});

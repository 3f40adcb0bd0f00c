import { z } from 'zod';
import { ExpectedVersionSchema, IdempotencyKey, nodeId, OptionalReason, ReasonSchema, required, trimmed } from '../inputs.ts';
import { CategoryGroupSchema } from './events.ts';
import { TeamKeySchema } from '../teams/inputs.ts';
import { IsoWeekSchema } from './iso-week.ts';

/** A target category may drift this many points either way before it is flagged, unless the input says otherwise. */
export const DEFAULT_TOLERANCE = 5;

const Percent = z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100');

const EntryInput = z.object({
  category: required(60).describe('A category key from allocationCategories, e.g. "tech-debt".'),
  percent: Percent.describe('Percent of the week (0-100) on the category; decimals allowed.'),
});

const Entries = <T extends z.ZodType>(entry: T) =>
  z.array(entry).min(1, 'must list at least one category').max(50, 'at most 50 entries');

/** reportAllocation: a team's whole week. Correcting a reported week needs a reason. */
export const ReportAllocationInput = z
  .object({
    team: TeamKeySchema.describe('The team key.'),
    week: IsoWeekSchema.describe('ISO week, e.g. 2026-W47.'),
    entries: Entries(
      EntryInput.meta({ graphql: 'AllocationEntryInput' }).describe('The share of the week a team spent on one category.'),
    ).describe('Every category the team spent time on, each once; the percents add up to 100.'),
    reason: trimmed(2000)
      .describe('Required when correcting a week already reported.')
      .nullish()
      .transform((v) => v || null),
    expectedVersion: ExpectedVersionSchema.describe('When correcting: the version you last read; refused if the report moved on.')
      .nullish()
      .transform((v) => v ?? undefined),
    idempotencyKey: IdempotencyKey,
  })
  .describe("A team's whole ISO week: the percents add up to 100 (within 0.5). Reporting a week again corrects it.");

const Tolerance = Percent.describe('Points either way that still count as on target (default 5).')
  .nullish()
  .transform((v) => v ?? DEFAULT_TOLERANCE);

/** setAllocationTarget: a team's (or, without team, the organisation's) target from a week on. */
export const SetAllocationTargetInput = z
  .object({
    team: TeamKeySchema.describe('The team key; omit for an org-wide target.')
      .nullish()
      .transform((v) => v ?? null),
    fromWeek: IsoWeekSchema.describe('ISO week from which the target is in force.'),
    entries: z
      .array(
        EntryInput.extend({ tolerance: Tolerance })
          .meta({ graphql: 'AllocationTargetEntryInput' })
          .describe('The share of the week a target asks for one category, and how far it may drift.'),
      )
      .max(50, 'at most 50 entries')
      .describe('The categories the target cares about (at most 100% in all); may be empty when `groups` names some.'),
    groups: z
      .array(
        z
          .object({
            breakdown: required(60).describe('A breakdown key of the version in force at fromWeek: "elective", "nature" or one of the org’s own.'),
            group: required(60).describe('A group key of that breakdown, e.g. "non-elective" or "ktlo".'),
            percent: Percent.describe('Target percent of the week in the group.'),
            tolerance: Tolerance,
          })
          .meta({ graphql: 'AllocationTargetGroupInput' })
          .describe('A target on one group of a breakdown.'),
      )
      .max(50, 'at most 50 groups')
      .nullish()
      .transform((v) => v ?? [])
      .describe('Targets on groups of breakdowns (each breakdown’s at most 100% in all): they read across taxonomy versions that keep the breakdown.'),
    reason: ReasonSchema.describe('Why this target: kept in the log for auditors.'),
    decision: nodeId()
      .describe('The decision behind the target.')
      .nullish()
      .transform((v) => v || null),
    idempotencyKey: IdempotencyKey,
  })
  .refine((input) => input.entries.length + input.groups.length > 0, { message: 'must list at least one category or group', path: ['entries'] })
  .describe('A target from a week on; it replaces earlier targets of the same team (or org-wide) from that week.');

const Key = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'must be 1-60 lower-case letters, digits or "-", starting with a letter or digit');

/** The key, name and description of each part of a taxonomy version; the texts say what its key and description are for. */
const named = (key: string, description: string) => ({
  key: Key.describe(key),
  name: required(100).describe('Shown to people.'),
  description: trimmed(500).describe(description).nullish().transform((v) => v ?? ''),
});

const TaxonomyCategoryInput = z
  .object({
    ...named('What reports and targets use, e.g. "ktlo-ops".', 'What counts in it.'),
    group: CategoryGroupSchema.describe('NON_ELECTIVE (must-do, counts as tune-up), FEATURES (innovation) or TUNE_UP: the built-in breakdowns follow from it.'),
  })
  .meta({ graphql: 'AllocationCategoryInput' })
  .describe('A category of the new version.');

const BreakdownGroupInput = z
  .object({
    ...named('What group targets name, e.g. "ktlo".', 'What the group is for.'),
    categories: z.array(required(60)).min(1, 'must list at least one category').max(100).describe('Keys of this version’s categories in the group.'),
  })
  .meta({ graphql: 'AllocationBreakdownGroupInput' })
  .describe('A group of a breakdown.');

const BreakdownInput = z
  .object({
    ...named('e.g. "work-type"; not "elective" or "nature", which are built in.', 'What the breakdown shows.'),
    groups: z.array(BreakdownGroupInput).min(2, 'must have at least two groups').max(20, 'at most 20 groups').describe('Every category of the version in exactly one group.'),
  })
  .meta({ graphql: 'AllocationBreakdownInput' })
  .describe('An org’s own way to group the categories, e.g. KTLO / new work / tech debt.');

const MappingInput = z
  .object({
    from: required(60).describe('A category key of the previous version.'),
    to: z
      .array(
        z
          .object({
            category: required(60).describe('A category key of the new version.'),
            share: z.number().gt(0, 'must be more than 0').max(100, 'must be at most 100').describe('Percent of the old category’s time that goes to it.'),
          })
          .meta({ graphql: 'AllocationMappingShareInput' })
          .describe('Where part of an old category goes.'),
      )
      .min(1, 'must name at least one category')
      .max(20)
      .describe('The new categories its time goes to; the shares add up to 100.'),
  })
  .meta({ graphql: 'AllocationCategoryMappingInput' })
  .describe('Where an old category’s time goes in the new version.');

/** defineAllocationTaxonomy: version N, in force from a week on. */
export const DefineAllocationTaxonomyInput = z
  .object({
    version: z.number().int().min(2, 'version 1 is built in: publish 2 or later').describe('The number of the new version: the latest published + 1.'),
    effectiveFrom: IsoWeekSchema.describe('The first ISO week the version is in force for; after the previous version’s first week.'),
    categories: z.array(TaxonomyCategoryInput).min(1, 'must list at least one category').max(100, 'at most 100 categories').describe('Every category of the version.'),
    breakdowns: z
      .array(BreakdownInput)
      .max(10, 'at most 10 breakdowns')
      .nullish()
      .transform((v) => v ?? [])
      .describe('The org’s own breakdowns; the built-in elective and nature breakdowns come with every version.'),
    mapping: z
      .array(MappingInput)
      .max(200)
      .nullish()
      .transform((v) => v ?? [])
      .describe('Where each category of the previous version goes; a category whose key this version keeps may be left out (it maps to itself).'),
    reason: OptionalReason.describe('Why the taxonomy changes, kept with the version.'),
    idempotencyKey: IdempotencyKey,
  })
  .describe('Publishes a new version of the allocation taxonomy: its categories, breakdowns and the mapping from the previous version.');

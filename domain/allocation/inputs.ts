import { z } from 'zod';
import { ExpectedVersionSchema, IdempotencyKey, nodeId, ReasonSchema, required, trimmed } from '../inputs.ts';
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

/** setAllocationTarget: a team's (or, without team, the organisation's) target from a week on. */
export const SetAllocationTargetInput = z
  .object({
    team: TeamKeySchema.describe('The team key; omit for an org-wide target.')
      .nullish()
      .transform((v) => v ?? null),
    fromWeek: IsoWeekSchema.describe('ISO week from which the target is in force.'),
    entries: Entries(
      EntryInput.extend({
        tolerance: Percent.describe('Points either way that still count as on target (default 5).')
          .nullish()
          .transform((v) => v ?? DEFAULT_TOLERANCE),
      })
        .meta({ graphql: 'AllocationTargetEntryInput' })
        .describe('The share of the week a target asks for one category, and how far it may drift.'),
    ).describe('The categories the target cares about (at most 100% in all).'),
    reason: ReasonSchema.describe('Why this target: kept in the log for auditors.'),
    decision: nodeId()
      .describe('The decision behind the target.')
      .nullish()
      .transform((v) => v || null),
    idempotencyKey: IdempotencyKey,
  })
  .describe('A target from a week on; it replaces earlier targets of the same team (or org-wide) from that week.');

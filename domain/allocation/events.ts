import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';

/**
 * Event schemas of time allocation. A report is one stream per team and ISO week
 * (id `<teamKey>.<week>`, e.g. `payments.2026-W47`); a target is one stream per target (random id).
 * Every event keeps the version of the category taxonomy its categories come from.
 */

export const ALLOCATION_REPORT_STREAM = 'allocation-report';
export const ALLOCATION_TARGET_STREAM = 'allocation-target';
/** The organisation's published taxonomy versions: one singleton stream, one event per version. */
export const ALLOCATION_TAXONOMY_STREAM = 'allocation-taxonomy';
export const ALLOCATION_TAXONOMY_ID = 'org';

export const allocationReportId = (team: string, week: string): string => `${team}.${week}`;

export const AllocationEntrySchema = z.object({ category: z.string(), percent: z.number().min(0).max(100) });

export const TargetEntrySchema = AllocationEntrySchema.extend({ tolerance: z.number().min(0).max(100) });

/** A target on a group of a breakdown (built-in `elective` / `nature`, or one of the version's own). */
export const TargetGroupSchema = z.object({
  breakdown: z.string(),
  group: z.string(),
  percent: z.number().min(0).max(100),
  tolerance: z.number().min(0).max(100),
});

const ReportSchema = z.object({
  team: z.string(),
  week: z.string(),
  taxonomyVersion: z.number().int().min(1),
  entries: z.array(AllocationEntrySchema),
});

export const AllocationReported = defineEvent('AllocationReported', ReportSchema);

/** A second report for the same team and week: it replaces the breakdown; the reason is in the envelope. */
export const AllocationReportCorrected = defineEvent('AllocationReportCorrected', ReportSchema);

/** `team` null: an org-wide target. `decision`: id of the decision behind the target. */
export const AllocationTargetSet = defineEvent(
  'AllocationTargetSet',
  z.object({
    team: z.string().nullable(),
    fromWeek: z.string(),
    taxonomyVersion: z.number().int().min(1),
    entries: z.array(TargetEntrySchema),
    /** Absent in targets set before breakdown targets existed: none. */
    groups: z.array(TargetGroupSchema).optional(),
    decision: z.string().nullable(),
  }),
);

/** NON_ELECTIVE: must-do work; FEATURES / TUNE_UP: chosen work on product features / on the speed of innovation. */
export const CategoryGroupSchema = z.enum(['NON_ELECTIVE', 'FEATURES', 'TUNE_UP']);

const TaxonomyCategorySchema = z.object({ key: z.string(), name: z.string(), description: z.string(), group: CategoryGroupSchema });

const BreakdownSchema = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  groups: z.array(z.object({ key: z.string(), name: z.string(), description: z.string(), categories: z.array(z.string()) })),
});

/**
 * Version `version` of the taxonomy, in force from the ISO week `effectiveFrom` on. `breakdowns` are
 * the version's own (the built-in ones follow from the categories' flags); `mapping` takes every
 * category of the previous version to this version's, written out in full (kept keys included).
 */
export const AllocationTaxonomyDefined = defineEvent(
  'AllocationTaxonomyDefined',
  z.object({
    version: z.number().int().min(2),
    effectiveFrom: z.string(),
    categories: z.array(TaxonomyCategorySchema),
    breakdowns: z.array(BreakdownSchema),
    mapping: z.array(z.object({ from: z.string(), to: z.array(z.object({ category: z.string(), share: z.number() })) })),
  }),
);

export const allocationReportEvents = [AllocationReported, AllocationReportCorrected] as const;
export const allocationTargetEvents = [AllocationTargetSet] as const;
export const allocationTaxonomyEvents = [AllocationTaxonomyDefined] as const;
export const allocationEvents = [...allocationReportEvents, ...allocationTargetEvents, ...allocationTaxonomyEvents] as const;

export type AllocationReportEvent = EventOf<(typeof allocationReportEvents)[number]>;
export type AllocationTargetEvent = EventOf<(typeof allocationTargetEvents)[number]>;
export type AllocationTaxonomyEvent = EventOf<(typeof allocationTaxonomyEvents)[number]>;
export type AllocationEntry = z.infer<typeof AllocationEntrySchema>;
export type TargetGroup = z.infer<typeof TargetGroupSchema>;
export type TaxonomyDefinition = z.infer<typeof AllocationTaxonomyDefined.schema>;
export type TargetEntry = z.infer<typeof TargetEntrySchema>;

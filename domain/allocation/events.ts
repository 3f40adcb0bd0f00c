import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';

/**
 * Event schemas of time allocation. A report is one stream per team and ISO week
 * (id `<teamKey>.<week>`, e.g. `payments.2026-W47`); a target is one stream per target (random id).
 * Every event keeps the version of the category taxonomy its categories come from.
 */

export const ALLOCATION_REPORT_STREAM = 'allocation-report';
export const ALLOCATION_TARGET_STREAM = 'allocation-target';

export const allocationReportId = (team: string, week: string): string => `${team}.${week}`;

export const AllocationEntrySchema = z.object({ category: z.string(), percent: z.number().min(0).max(100) });

export const TargetEntrySchema = AllocationEntrySchema.extend({ tolerance: z.number().min(0).max(100) });

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
    decision: z.string().nullable(),
  }),
);

export const allocationReportEvents = [AllocationReported, AllocationReportCorrected] as const;
export const allocationTargetEvents = [AllocationTargetSet] as const;
export const allocationEvents = [...allocationReportEvents, ...allocationTargetEvents] as const;

export type AllocationReportEvent = EventOf<(typeof allocationReportEvents)[number]>;
export type AllocationTargetEvent = EventOf<(typeof allocationTargetEvents)[number]>;
export type AllocationEntry = z.infer<typeof AllocationEntrySchema>;
export type TargetEntry = z.infer<typeof TargetEntrySchema>;

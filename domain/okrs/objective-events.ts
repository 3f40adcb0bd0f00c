import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';
import { ExternalLinkSchema } from '../links/links.ts';

/** Event schemas of an objective (the O of an OKR). */

export const OBJECTIVE_STREAM = 'objective';

export const ObjectiveLevelSchema = z.enum(['COMPANY', 'TEAM', 'INDIVIDUAL']);
export const ObjectiveStatusSchema = z.enum(['ACTIVE', 'CLOSED']);
export const ObjectiveOutcomeSchema = z.enum(['ACHIEVED', 'PARTIALLY_ACHIEVED', 'MISSED', 'DROPPED']);

/** What an objective is aligned to: a parent objective or a key result (of another objective), by stream. */
export const AlignmentSchema = z.object({
  kind: z.enum(['objective', 'key-result']),
  id: z.string(),
});

export const ObjectiveContentSchema = z.object({
  title: z.string(),
  description: z.string().nullable(),
  level: ObjectiveLevelSchema,
  /** Key of the owning team. */
  ownerTeam: z.string().nullable(),
  /** The person accountable for it. */
  owner: z.string().nullable(),
  alignedTo: AlignmentSchema.nullable(),
  /** Absent in records made before tags and links existed: none. */
  tags: z.array(z.string()).optional(),
  links: z.array(ExternalLinkSchema).optional(),
});

/** How a contributor counts in its objective's progress (formula 2 and later). */
export const ProgressWeightSchema = z.object({ kind: z.enum(['key-result', 'objective']), id: z.string(), weight: z.number() });

/**
 * A new objective for a cycle: a calendar quarter (`YYYY-Qn`) or a key the org defined, whose dates
 * it keeps (`cycleRange`). The cycle never changes afterwards. Fields added later are optional, so
 * older events read as a calendar quarter, not carried over, progress formula 1.
 */
export const ObjectiveSet = defineEvent(
  'ObjectiveSet',
  ObjectiveContentSchema.extend({
    cycle: z.string().min(1),
    cycleRange: z.object({ start: z.string(), end: z.string() }).optional(),
    /** The closed objective this one continues (carryOverObjective). */
    carriedOverFrom: z.string().optional(),
    /** The progress formula (domain/okrs/roll-up.ts); absent: 1, the one in force before roll-up. */
    progressFormulaVersion: z.number().int().optional(),
  }),
);

/** The weights of the key results and aligned objectives in this objective's progress, and the formula used from now on. */
export const ObjectiveProgressWeightsSet = defineEvent(
  'ObjectiveProgressWeightsSet',
  z.object({ weights: z.array(ProgressWeightSchema), progressFormulaVersion: z.number().int() }),
);

/** Only the fields that changed; the reason is in the envelope. */
export const ObjectiveRevised = defineEvent('ObjectiveRevised', z.object({ changes: ObjectiveContentSchema.partial() }));

export const ObjectiveClosed = defineEvent(
  'ObjectiveClosed',
  z.object({ outcome: ObjectiveOutcomeSchema, note: z.string() }),
);

export const objectiveEvents = [ObjectiveSet, ObjectiveRevised, ObjectiveClosed, ObjectiveProgressWeightsSet] as const;

export type ObjectiveEvent = EventOf<(typeof objectiveEvents)[number]>;
export type ObjectiveContent = z.infer<typeof ObjectiveContentSchema>;
export type ObjectiveLevel = z.infer<typeof ObjectiveLevelSchema>;
export type ObjectiveStatus = z.infer<typeof ObjectiveStatusSchema>;
export type ObjectiveOutcome = z.infer<typeof ObjectiveOutcomeSchema>;
export type Alignment = z.infer<typeof AlignmentSchema>;
export type ProgressWeight = z.infer<typeof ProgressWeightSchema>;

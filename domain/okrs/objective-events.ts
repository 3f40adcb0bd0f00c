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

/** A new objective for a cycle (`YYYY-Qn`). The cycle never changes afterwards. */
export const ObjectiveSet = defineEvent(
  'ObjectiveSet',
  ObjectiveContentSchema.extend({ cycle: z.string().regex(/^\d{4}-Q[1-4]$/) }),
);

/** Only the fields that changed; the reason is in the envelope. */
export const ObjectiveRevised = defineEvent('ObjectiveRevised', z.object({ changes: ObjectiveContentSchema.partial() }));

export const ObjectiveClosed = defineEvent(
  'ObjectiveClosed',
  z.object({ outcome: ObjectiveOutcomeSchema, note: z.string() }),
);

export const objectiveEvents = [ObjectiveSet, ObjectiveRevised, ObjectiveClosed] as const;

export type ObjectiveEvent = EventOf<(typeof objectiveEvents)[number]>;
export type ObjectiveContent = z.infer<typeof ObjectiveContentSchema>;
export type ObjectiveLevel = z.infer<typeof ObjectiveLevelSchema>;
export type ObjectiveStatus = z.infer<typeof ObjectiveStatusSchema>;
export type ObjectiveOutcome = z.infer<typeof ObjectiveOutcomeSchema>;
export type Alignment = z.infer<typeof AlignmentSchema>;

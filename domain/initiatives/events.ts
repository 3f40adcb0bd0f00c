import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';
import { ExternalLinkSchema } from '../links/links.ts';

/** Event schemas of the initiative: a piece of work competing for a place on the priority list. */

export const INITIATIVE_STREAM = 'initiative';

/** The seeds' split: innovation (new capability) or tune-up (what keeps innovation possible). */
export const InitiativeKindSchema = z.enum(['INNOVATION', 'TUNE_UP']);

export const InitiativeStatusSchema = z.enum(['PROPOSED', 'ACTIVE', 'DONE', 'DROPPED']);

export const InitiativeContentSchema = z.object({
  title: z.string(),
  description: z.string().nullable(),
  owner: z.string(),
  kind: InitiativeKindSchema,
  /** Absent in records made before tags and links existed: none. */
  tags: z.array(z.string()).optional(),
  links: z.array(ExternalLinkSchema).optional(),
});

export const InitiativeCreated = defineEvent(
  'InitiativeCreated',
  InitiativeContentSchema.extend({ status: z.enum(['PROPOSED', 'ACTIVE']) }),
);

/** Only the fields that changed; the reason is in the envelope. */
export const InitiativeRevised = defineEvent('InitiativeRevised', z.object({ changes: InitiativeContentSchema.partial() }));

/** The answers to the seeds' three questions, plus effort and confidence. */
export const ScoreInputsSchema = z.object({
  customerImpact: z.number().int().min(1).max(5),
  businessImpact: z.number().int().min(1).max(5),
  operationalEfficiency: z.number().int().min(1).max(5),
  /** Person-weeks. */
  effort: z.number().positive(),
  confidence: z.number().min(0).max(1),
});

/** Every scoring keeps its inputs, the version of the formula and the score it computed then. */
export const InitiativeScored = defineEvent(
  'InitiativeScored',
  ScoreInputsSchema.extend({ formulaVersion: z.number().int().min(1), score: z.number().min(0) }),
);

export const InitiativeStatusChanged = defineEvent(
  'InitiativeStatusChanged',
  z.object({ from: InitiativeStatusSchema, to: InitiativeStatusSchema }),
);

export const initiativeEvents = [InitiativeCreated, InitiativeRevised, InitiativeScored, InitiativeStatusChanged] as const;

export type InitiativeEvent = EventOf<(typeof initiativeEvents)[number]>;
export type InitiativeContent = z.infer<typeof InitiativeContentSchema>;
export type InitiativeKind = z.infer<typeof InitiativeKindSchema>;
export type InitiativeStatus = z.infer<typeof InitiativeStatusSchema>;
export type ScoreInputs = z.infer<typeof ScoreInputsSchema>;

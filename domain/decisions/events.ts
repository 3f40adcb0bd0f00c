import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';
import { ExternalLinkSchema } from '../links/links.ts';

/** Event schemas of the decision record (an ADR/MADR-style decision). */

export const DECISION_STREAM = 'decision';

export const DecisionStatusSchema = z.enum(['PROPOSED', 'ACCEPTED', 'REJECTED', 'DEPRECATED', 'SUPERSEDED']);

export const DecisionOptionSchema = z.object({
  title: z.string(),
  pros: z.array(z.string()),
  cons: z.array(z.string()),
});

export const DecisionContentSchema = z.object({
  title: z.string(),
  context: z.string().nullable(),
  options: z.array(DecisionOptionSchema),
  chosenOption: z.string().nullable(),
  rationale: z.string(),
  consequences: z.string().nullable(),
  owner: z.string().nullable(),
  /**
   * Who decides (besides the owner): token subjects, e-mails, names or aliases, kept as written
   * and read as people when exactly one person matches (like `owner`).
   */
  deciders: z.array(z.string()),
  tags: z.array(z.string()),
  /** Absent in decisions recorded before links existed: none. */
  links: z.array(ExternalLinkSchema).optional(),
});

/**
 * v2 added `status`: a decision can be recorded as already ACCEPTED. Every v1 decision was
 * recorded as PROPOSED, which is what the upcaster says. v3 added `deciders`: none before.
 */
export const DecisionRecorded = defineEvent(
  'DecisionRecorded',
  DecisionContentSchema.extend({ status: z.enum(['PROPOSED', 'ACCEPTED']) }),
  {
    schemaVersion: 3,
    upcasters: {
      1: (v1) => ({ ...(v1 as object), status: 'PROPOSED' }),
      2: (v2) => ({ ...(v2 as object), deciders: [] }),
    },
  },
);

/** Only the fields that changed; the reason is in the envelope. */
export const DecisionRevised = defineEvent(
  'DecisionRevised',
  z.object({ changes: DecisionContentSchema.partial() }),
);

export const DecisionAccepted = defineEvent('DecisionAccepted', z.object({}));
export const DecisionRejected = defineEvent('DecisionRejected', z.object({}));
export const DecisionDeprecated = defineEvent('DecisionDeprecated', z.object({}));

/** The decision is replaced by another one; the successor's `supersedes` is derived from this event. */
export const DecisionSuperseded = defineEvent(
  'DecisionSuperseded',
  z.object({ supersededBy: z.string() }),
);

export const decisionEvents = [
  DecisionRecorded,
  DecisionRevised,
  DecisionAccepted,
  DecisionRejected,
  DecisionDeprecated,
  DecisionSuperseded,
] as const;

export type DecisionEvent = EventOf<(typeof decisionEvents)[number]>;
export type DecisionContent = z.infer<typeof DecisionContentSchema>;
export type DecisionStatus = z.infer<typeof DecisionStatusSchema>;

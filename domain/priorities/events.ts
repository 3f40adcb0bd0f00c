import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';
import { ExternalLinkSchema } from '../links/links.ts';
import { RecordLinkSchema } from '../common-fields.ts';

/**
 * Event schemas of the organisation's ranked priority list: one stream, changed only by these
 * events, each with the actor and the reason in its envelope and the evidence in its payload.
 */

export const PRIORITIES_STREAM = 'priorities';
/** One list per organisation (one stack and one log per organisation). */
export const PRIORITY_LIST_ID = 'org';

const Rank = z.number().int().min(1);

/** An initiative was put at `toRank`: moved from `fromRank`, or added to the list when `fromRank` is null. */
export const InitiativeReprioritized = defineEvent(
  'InitiativeReprioritized',
  z.object({
    initiativeId: z.string().min(1),
    fromRank: Rank.nullable(),
    toRank: Rank,
    evidence: z.array(RecordLinkSchema),
    /** Evidence outside the ledger; absent in older changes: none. */
    evidenceLinks: z.array(ExternalLinkSchema).optional(),
  }),
);

/** An initiative left the list; those below it move up one rank. */
export const InitiativeRemovedFromPriorities = defineEvent(
  'InitiativeRemovedFromPriorities',
  z.object({
    initiativeId: z.string().min(1),
    fromRank: Rank,
    evidence: z.array(RecordLinkSchema),
    /** Evidence outside the ledger; absent in older changes: none. */
    evidenceLinks: z.array(ExternalLinkSchema).optional(),
  }),
);

export const priorityEvents = [InitiativeReprioritized, InitiativeRemovedFromPriorities] as const;

export type PriorityEvent = EventOf<(typeof priorityEvents)[number]>;

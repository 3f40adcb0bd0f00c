import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';
import { ExternalLinkSchema } from '../links/links.ts';
import { IsoDateSchema, RecordLinkSchema } from '../common-fields.ts';

/** Event schemas of the tradeoff note: what was chosen, what was given up for it, and when to look again. */

export const TRADEOFF_STREAM = 'tradeoff';


export const TradeoffStatusSchema = z.enum(['IN_EFFECT', 'REVERSED']);

/** UPHELD: the choice still holds (optionally with a next revisit date). REVERSED: it no longer does. */
export const RevisitOutcomeSchema = z.enum(['UPHELD', 'REVERSED']);

export const TradeoffContentSchema = z.object({
  title: z.string(),
  chose: z.string(),
  over: z.string(),
  rationale: z.string(),
  relatedTo: z.array(RecordLinkSchema),
  revisitBy: IsoDateSchema.nullable(),
  /** Absent in records made before tags and links existed: none. */
  tags: z.array(z.string()).optional(),
  links: z.array(ExternalLinkSchema).optional(),
});

export const TradeoffNoted = defineEvent('TradeoffNoted', TradeoffContentSchema);

/** Only the fields that changed; the reason is in the envelope. */
export const TradeoffRevised = defineEvent('TradeoffRevised', z.object({ changes: TradeoffContentSchema.partial() }));

/** The tradeoff was looked at again; the envelope's reason says what was found. */
export const TradeoffRevisited = defineEvent(
  'TradeoffRevisited',
  z.object({ outcome: RevisitOutcomeSchema, nextRevisitBy: IsoDateSchema.nullable() }),
);

export const tradeoffEvents = [TradeoffNoted, TradeoffRevised, TradeoffRevisited] as const;

export type TradeoffEvent = EventOf<(typeof tradeoffEvents)[number]>;
export type TradeoffContent = z.infer<typeof TradeoffContentSchema>;
export type TradeoffStatus = z.infer<typeof TradeoffStatusSchema>;
export type RevisitOutcome = z.infer<typeof RevisitOutcomeSchema>;

import { z } from 'zod';

/** Field schemas shared by the events of several record kinds. */

/** A calendar date (ISO 8601, `2026-12-31`): business dates such as a revisit date, not instants. */
export const IsoDateSchema = z.iso.date({ error: 'must be a date like 2026-12-31' });

/**
 * A link to another record of the ledger: its type (the GraphQL node type, e.g. `Decision`) and its
 * id in its own stream. Kept in events as a pair, not as an encoded global id.
 */
export const RecordLinkSchema = z.object({ type: z.string().min(1), id: z.string().min(1) });
export type RecordLink = z.infer<typeof RecordLinkSchema>;

import { z } from 'zod';
import { IdempotencyKey, ReasonSchema, recordId } from '../inputs.ts';
import { LinkIds } from '../tradeoffs/inputs.ts';
import { NewLinks } from '../links/links.ts';

/** The node types a priority change can cite as evidence. */
export const EVIDENCE_TYPES = ['Decision', 'Tradeoff', 'KeyResultCheckIn', 'AllocationReport'] as const;

/** The list starts at version 0 (nothing ranked yet), unlike a record, which starts at 1. */
const ListVersion = z
  .number()
  .int()
  .min(0, 'must be the version of the priority list you last read (0 when it is empty)')
  .describe('The version of the priority list you last read (`priorities { version }`, 0 when empty); refused if it moved on.');

/**
 * What every change to the priority list carries. The reason is required; evidence (decisions,
 * tradeoffs, key-result check-ins, allocation reports) is recommended but may be empty, e.g. when
 * a list is first drawn up.
 */
const ListChange = z.object({
  initiativeId: recordId('Initiative').describe('Global id of the initiative to place or take off.'),
  expectedVersion: ListVersion,
  reason: ReasonSchema.describe('Why: what auditors and the team read in the initiative’s `why`.'),
  evidence: LinkIds(20)
    .describe(`What the change rests on: ids of ${EVIDENCE_TYPES.join(', ')}. Each must exist. Optional, but recommended.`)
    .nullish()
    .transform((ids) => ids ?? []),
  evidenceLinks: NewLinks.describe('Evidence outside the ledger (a tracker issue, a document, a dashboard), next to the record ids of evidence.'),
  idempotencyKey: IdempotencyKey,
});

export const ReprioritizeInput = ListChange.extend({
  toRank: z
    .number()
    .int('must be a whole rank')
    .min(1, 'must be 1 (the top) or more')
    .describe('1 is the top; at most the list length (one more for a new initiative).'),
}).describe('Puts an initiative at a rank: moves it, or adds it when it is not on the list yet. The others shift by one.');

export const RemoveFromPrioritiesInput = ListChange.describe('Takes an initiative off the list; those below move up one rank.');

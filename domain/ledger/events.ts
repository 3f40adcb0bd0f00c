import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';

/**
 * Events about the ledger itself rather than one of its records: one stream, `ledger/clock`.
 * `LedgerClockSet` is the first event of a demo ledger: the seed recorded the story that follows at
 * the times it happens, from `storyStartsAt`, on a clock it set; `seededAt` is the real time it
 * ran. Every event after the story (the first one recorded at or after `seededAt`) carries the
 * real clock again.
 */

export const LEDGER_STREAM = 'ledger';
export const LEDGER_CLOCK_ID = 'clock';

export const LedgerClockSet = defineEvent(
  'LedgerClockSet',
  z.object({
    storyStartsAt: z.iso.datetime(),
    seededAt: z.iso.datetime(),
    /** Who set it and why, in words, e.g. "npm run seed: the demo quarter". */
    purpose: z.string().min(1),
  }),
);

export const ledgerEvents = [LedgerClockSet] as const;

export type LedgerEvent = EventOf<(typeof ledgerEvents)[number]>;

import { builder } from '../builder.ts';
import { timeArgs } from './time-args.ts';

/** Relay pagination arguments: first/after forwards, last/before backwards (at most 100 a page). */
export const pageArgs = builder.args((t) => ({
  first: t.int({ description: 'Page forwards: at most this many items (0-100) after the after cursor; 20 when neither first nor last is given.' }),
  after: t.string({ description: 'Cursor (edge.cursor or pageInfo.endCursor) to page forwards from; omit for the first page.' }),
  last: t.int({ description: 'Page backwards: at most this many items (0-100) before the before cursor.' }),
  before: t.string({ description: 'Cursor (edge.cursor or pageInfo.startCursor) to page backwards from; omit for the last page.' }),
}));

/** The arguments of a list of the ledger's state: a page of it, now or at a point in time. */
export const listArgs = { ...pageArgs, ...timeArgs };

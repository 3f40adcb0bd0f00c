import { builder } from '../builder.ts';

/**
 * Arguments of every state query: answer as the ledger stood at an instant or after a log
 * position (see api/point-in-time.ts); without them, as it stands now.
 */
export const timeArgs = builder.args((t) => ({
  asOf: t.field({ type: 'DateTime', description: 'Answer as the ledger stood at this instant.' }),
  atPosition: t.int({ description: 'Answer as the ledger stood right after this log position (0: before the first event).' }),
}));

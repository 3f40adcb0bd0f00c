import { builder } from '../builder.ts';

/** Relay pagination arguments: first/after forwards, last/before backwards (at most 100 a page). */
export const pageArgs = builder.args((t) => ({
  first: t.int(),
  after: t.string(),
  last: t.int(),
  before: t.string(),
}));

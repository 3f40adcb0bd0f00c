import { builder } from '../builder.ts';
import { withLedgerAt } from './ledger-at.ts';
import './user-error.ts';
import './actor.ts';
import './node.ts';
import './audit-event.ts';
import './integrity.ts';
import './decision.ts';
import './decision-mutations.ts';
import './objective.ts';
import './objective-mutations.ts';
import './key-result.ts';
import './key-result-mutations.ts';
import './key-result-check-in.ts';
import './key-result-check-in-mutations.ts';
import './team.ts';
import './team-mutations.ts';
import './allocation-categories.ts';
import './allocation.ts';
import './allocation-trend.ts';
import './allocation-mutations.ts';
import './tradeoff.ts';
import './tradeoff-mutations.ts';
import './initiative.ts';
import './initiative-mutations.ts';
import './priorities.ts';
import './priority-mutations.ts';

/** The whole GraphQL schema: one module per record kind registers its types and fields. */
// Unsorted: sorting costs a cold start ~5 ms; the committed contract is printed sorted (api/print-schema.ts).
export const schema = withLedgerAt(builder.toSchema({ sortSchema: false }));

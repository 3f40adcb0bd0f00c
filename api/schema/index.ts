import { builder } from '../builder.ts';
import { withLedgerAt } from './ledger-at.ts';
import './user-error.ts';
import './actor.ts';
import './node.ts';
import './audit-event.ts';
import './integrity.ts';
import './decisions/decision.ts';
import './okrs/objective.ts';
import './okrs/key-result.ts';
import './okrs/check-in.ts';
import './teams/team.ts';
import './allocation/categories.ts';
import './allocation/taxonomy.ts';
import './allocation/allocation.ts';
import './allocation/trend.ts';
import './tradeoffs/tradeoff.ts';
import './initiatives/initiative.ts';
import './priorities/priorities.ts';
import './search.ts';
import './webhooks/webhook.ts';
import './ledger-events.ts';
import './people/person.ts';
import './people/membership.ts';
import './people/owners.ts';
import './cadence/cadence.ts';
import './alerts/alerts.ts';
import './cadence/due-work.ts';
import './cycles/cycles.ts';

/** The whole GraphQL schema: one module per record kind registers its types and fields. */
// Unsorted: sorting costs every cold start time (BENCHMARKS.md); the committed contract is printed sorted (api/print-schema.ts).
export const schema = withLedgerAt(builder.toSchema({ sortSchema: false }));

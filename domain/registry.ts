import { EventRegistry } from '../events/registry.ts';
import { decisionEvents } from './decisions/events.ts';
import { tradeoffEvents } from './tradeoffs/events.ts';
import { initiativeEvents } from './initiatives/events.ts';
import { priorityEvents } from './priorities/events.ts';
import { objectiveEvents } from './okrs/objective-events.ts';
import { keyResultEvents } from './okrs/key-result-events.ts';
import { teamEvents } from './teams/events.ts';
import { allocationEvents } from './allocation/events.ts';
import { ledgerEvents } from './ledger/events.ts';
import { webhookEvents } from './webhooks/events.ts';
import { webhooks } from './webhooks/webhook.ts';
import { RecordsView } from './records-view.ts';
import { AllocationView } from './allocation/view.ts';
import { DecisionsView } from './decisions/view.ts';
import { InitiativesView } from './initiatives/view.ts';
import { OkrsView } from './okrs/view.ts';
import { PriorityListView } from './priorities/view.ts';
import { TeamsView } from './teams/view.ts';
import { TradeoffsView } from './tradeoffs/view.ts';
import { personEvents } from './people/events.ts';
import { PeopleView } from './people/view.ts';
import { membershipEvents, MembershipsView } from './people/membership.ts';
import { cadenceEvents } from './cadence/events.ts';
import { cadences } from './cadence/cadence.ts';
import { alertEvents, alertRuleEvents } from './alerts/events.ts';
import { alertRules } from './alerts/rule.ts';
import { alerts } from './alerts/alert.ts';
import { cycleEvents } from './cycles/events.ts';
import { CyclesView } from './cycles/view.ts';

/**
 * The one place every record kind is registered: its event types (with their schemas and
 * upcasters) and its read models. The GraphQL schema's modules are listed in api/schema/index.ts.
 */

/** Every event type the ledger knows, with its schema and upcasters. */
export const allEventDefinitions = [
  ...decisionEvents,
  ...tradeoffEvents,
  ...initiativeEvents,
  ...priorityEvents,
  ...objectiveEvents,
  ...keyResultEvents,
  ...teamEvents,
  ...allocationEvents,
  ...ledgerEvents,
  ...webhookEvents,
  ...personEvents,
  ...membershipEvents,
  ...cadenceEvents,
  ...alertRuleEvents,
  ...alertEvents,
  ...cycleEvents,
];

export function createEventRegistry(): EventRegistry {
  return new EventRegistry(allEventDefinitions);
}

/** Every read model, empty (each a ReadModel: a LogListener that can be copied). */
export function createViews() {
  return {
    decisions: new DecisionsView(),
    tradeoffs: new TradeoffsView(),
    initiatives: new InitiativesView(),
    priorities: new PriorityListView(),
    okrs: new OkrsView(),
    teams: new TeamsView(),
    allocation: new AllocationView(),
    webhooks: new RecordsView(webhooks),
    people: new PeopleView(),
    memberships: new MembershipsView(),
    cadence: new RecordsView(cadences),
    alertRules: new RecordsView(alertRules),
    alerts: new RecordsView(alerts),
    cycles: new CyclesView(),
  };
}

export type Views = ReturnType<typeof createViews>;

import { EventRegistry } from '../registry.ts';
import { decisionEvents } from './decision-events.ts';
import { tradeoffEvents } from './tradeoff-events.ts';
import { initiativeEvents } from './initiative-events.ts';
import { priorityEvents } from './priority-events.ts';
import { objectiveEvents } from './objective-events.ts';
import { keyResultEvents } from './key-result-events.ts';
import { teamEvents } from './team-events.ts';
import { allocationEvents } from './allocation-events.ts';
import { ledgerEvents } from './ledger-events.ts';

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
];

export function createEventRegistry(): EventRegistry {
  return new EventRegistry(allEventDefinitions);
}

import { EventRegistry } from '../events/registry.ts';
import { decisionEvents } from './decisions/events.ts';
import { tradeoffEvents } from './tradeoffs/events.ts';
import { initiativeEvents } from './initiatives/events.ts';
import { priorityEvents } from './priorities/events.ts';
import { objectiveEvents } from './okrs/objective-events.ts';
import { keyResultEvents } from './okrs/key-result-events.ts';
import { teamEvents } from './teams/events.ts';
import { allocationEvents } from './allocation/events.ts';

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
];

export function createEventRegistry(): EventRegistry {
  return new EventRegistry(allEventDefinitions);
}

import { EventRegistry } from '../registry.ts';
import { decisionEvents } from './decision-events.ts';

/** Every event type the ledger knows, with its schema and upcasters. */
export const allEventDefinitions = [...decisionEvents];

export function createEventRegistry(): EventRegistry {
  return new EventRegistry(allEventDefinitions);
}

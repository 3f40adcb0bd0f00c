import { MemoryEventStore } from '../../events/memory/memory-event-store.ts';
import type { EventRegistry } from '../../events/registry.ts';
import { createEventRegistry } from '../../domain/registry.ts';

/**
 * An in-memory event store over an empty log, for domain and schema tests that need a store but
 * are not about one: it passes the same contract as the DynamoDB store. Tests of the store, of the
 * API over HTTP and of the Lambda use DynamoDB Local (test/support/dynamo.ts). A sibling over the
 * same log: `new MemoryEventStore({ registry, log: store.log })`.
 */
export function createMemoryStore(options: { registry?: EventRegistry; now?: () => Date } = {}): MemoryEventStore {
  return new MemoryEventStore({ registry: options.registry ?? createEventRegistry(), now: options.now });
}

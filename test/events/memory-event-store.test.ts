import { MemoryEventStore } from '../../events/memory/memory-event-store.ts';
import { MemoryLogSnapshots } from '../../events/memory/memory-log-snapshots.ts';
import { SnapshottedEventStore } from '../../events/snapshotted-store.ts';
import { contractRegistry, storeContract } from './store-contract.ts';

storeContract('in memory', async () => {
  const store = new MemoryEventStore({ registry: contractRegistry() });
  return { store, makeSibling: (registry = contractRegistry()) => new MemoryEventStore({ registry, log: store.log }) };
});

storeContract('in memory behind log snapshots', async () => {
  const inner = new MemoryEventStore({ registry: contractRegistry() });
  const snapshots = new MemoryLogSnapshots();
  const make = (registry = contractRegistry()) =>
    new SnapshottedEventStore(new MemoryEventStore({ registry, log: inner.log }), snapshots, registry, { chunkEvents: 3 });
  return { store: make(), makeSibling: make };
});

import type { RecordedEvent } from '../envelope.ts';
import type { LogChunk, LogSnapshotSource } from '../snapshotted-store.ts';

/** Log snapshots in memory (for SnapshottedEventStore over a MemoryEventStore): chunks kept as JSON text, decoded on demand. */
export class MemoryLogSnapshots implements LogSnapshotSource {
  private readonly stored: { from: number; to: number; previousHash: string; lastHash: string; json: string }[] = [];

  async chunks(): Promise<LogChunk[]> {
    return [...this.stored]
      .sort((a, b) => a.from - b.from)
      .map(({ json, ...chunk }) => ({ ...chunk, events: async () => JSON.parse(json) as RecordedEvent[] }));
  }

  async write(events: readonly RecordedEvent[]): Promise<void> {
    const first = events[0]!;
    const last = events[events.length - 1]!;
    // Another store over the same log wrote the same run first.
    if (this.stored.some((c) => c.from === first.position && c.to === last.position && c.lastHash === last.hash)) return;
    this.stored.push({ from: first.position, to: last.position, previousHash: first.previousHash, lastHash: last.hash, json: JSON.stringify(events) });
  }
}

import type { Actor } from '../../events/envelope.ts';
import { PRIORITIES_STREAM, type PriorityEvent } from '../../events/schemas/priority-events.ts';
import type { RecordLink } from '../../events/schemas/common-fields.ts';
import type { LogEvent, Projection } from '../projection.ts';
import { applyToRanking } from './priority-list.ts';

export interface RankedEntry {
  rank: number;
  initiativeId: string;
  /** When the initiative got this rank (by its own change or by one that shifted it). */
  since: string;
}

/** The ranked list as it stood after one version. */
export interface PriorityListSnapshot {
  /** 0: nothing ranked yet. */
  version: number;
  /** Global position of the event that made this version (0 for version 0). */
  position: number;
  updatedAt: string | null;
  entries: RankedEntry[];
}

export type PriorityChangeKind = 'ADDED' | 'MOVED_UP' | 'MOVED_DOWN' | 'REMOVED';

/** An initiative whose rank changed because another one was moved, added or removed. */
export interface RankShift {
  initiativeId: string;
  fromRank: number;
  toRank: number;
}

/** One change of the list: who moved which initiative from where to where, when, why, on what evidence. */
export interface PriorityChange {
  listVersion: number;
  position: number;
  recordedAt: string;
  actor: Actor;
  reason: string | null;
  kind: PriorityChangeKind;
  initiativeId: string;
  /** null when the initiative was added. */
  fromRank: number | null;
  /** null when the initiative was removed. */
  toRank: number | null;
  evidence: RecordLink[];
  /** The other initiatives whose rank changed as a consequence, top first. */
  shifted: RankShift[];
}

export interface ChangeFilter {
  initiativeId?: string;
  /** Also the changes of other initiatives that shifted this one. */
  includeShifts?: boolean;
}

const EMPTY: PriorityListSnapshot = { version: 0, position: 0, updatedAt: null, entries: [] };

function kindOf(fromRank: number | null, toRank: number | null): PriorityChangeKind {
  if (fromRank === null) return 'ADDED';
  if (toRank === null) return 'REMOVED';
  return toRank < fromRank ? 'MOVED_UP' : 'MOVED_DOWN';
}

/** The organisation's priority list: every version of it, and every change with its why. */
export class PriorityListView implements Projection {
  /** snapshots[v] is the list after version v. */
  private readonly snapshots: PriorityListSnapshot[] = [EMPTY];
  private readonly changeLog: PriorityChange[] = [];

  apply(event: LogEvent): void {
    if (event.stream.kind !== PRIORITIES_STREAM) return;
    const priorityEvent = event as unknown as PriorityEvent;
    const before = this.current();
    const ranking = applyToRanking(
      before.entries.map((e) => e.initiativeId),
      priorityEvent,
    );
    const previous = new Map(before.entries.map((e) => [e.initiativeId, e]));
    const entries = ranking.map((initiativeId, i): RankedEntry => {
      const was = previous.get(initiativeId);
      return { rank: i + 1, initiativeId, since: was?.rank === i + 1 ? was.since : event.recordedAt };
    });
    this.snapshots.push({ version: event.version, position: event.position, updatedAt: event.recordedAt, entries });

    const { initiativeId, fromRank } = priorityEvent.payload;
    const toRank = priorityEvent.type === 'InitiativeReprioritized' ? priorityEvent.payload.toRank : null;
    const shifted = entries
      .filter((e) => e.initiativeId !== initiativeId && previous.has(e.initiativeId) && previous.get(e.initiativeId)!.rank !== e.rank)
      .map((e) => ({ initiativeId: e.initiativeId, fromRank: previous.get(e.initiativeId)!.rank, toRank: e.rank }));
    this.changeLog.push({
      listVersion: event.version,
      position: event.position,
      recordedAt: event.recordedAt,
      actor: event.actor,
      reason: event.reason,
      kind: kindOf(fromRank, toRank),
      initiativeId,
      fromRank,
      toRank,
      evidence: priorityEvent.payload.evidence,
      shifted,
    });
  }

  /** The list as it is now. */
  current(): PriorityListSnapshot {
    return this.snapshots[this.snapshots.length - 1]!;
  }

  /** The list after a given version, if it reached it. */
  atVersion(version: number): PriorityListSnapshot | undefined {
    return this.snapshots[version];
  }

  /** Current 1-based rank of an initiative, or null when it is not on the list. */
  rankOf(initiativeId: string): number | null {
    return this.current().entries.find((e) => e.initiativeId === initiativeId)?.rank ?? null;
  }

  /** The change that made a version of the list. */
  changeAt(version: number): PriorityChange | undefined {
    return this.changeLog[version - 1];
  }

  /** Changes oldest first: all of them, or those of one initiative (optionally also those that shifted it). */
  changes({ initiativeId, includeShifts = false }: ChangeFilter = {}): PriorityChange[] {
    if (initiativeId === undefined) return this.changeLog;
    return this.changeLog.filter(
      (c) => c.initiativeId === initiativeId || (includeShifts && c.shifted.some((s) => s.initiativeId === initiativeId)),
    );
  }
}

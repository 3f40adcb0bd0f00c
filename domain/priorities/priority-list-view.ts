import type { Actor } from '../../events/envelope.ts';
import { PRIORITIES_STREAM, type PriorityEvent } from '../../events/schemas/priority-events.ts';
import type { RecordLink } from '../../events/schemas/common-fields.ts';
import { AppendOnlyList } from '../copyable.ts';
import type { CopyableProjection, LogEvent } from '../projection.ts';

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

const STREAM_KINDS = [PRIORITIES_STREAM] as const;

/** Every how many versions the view keeps the whole list; a version between two is rebuilt from the changes. */
const KEEP_EVERY = 32;

/**
 * The entries after one change: the ranking as applyToRanking computes it, with a new entry only
 * where the rank changed (the others are the same objects as before), and who was shifted.
 */
function changedEntries(before: readonly RankedEntry[], initiativeId: string, toRank: number | null, at: string) {
  const moved = before.find((e) => e.initiativeId === initiativeId) ?? null;
  const others = before.length - (moved ? 1 : 0);
  // Where the initiative goes among the others, as splice(toRank - 1, 0, ...) would put it.
  const insertAt = toRank === null ? -1 : toRank - 1 < 0 ? Math.max(others + toRank - 1, 0) : Math.min(toRank - 1, others);
  const entries: RankedEntry[] = [];
  const shifted: RankShift[] = [];
  for (let i = 0, next = 0; i < others + (toRank === null ? 0 : 1); i += 1) {
    if (i !== insertAt && before[next] === moved) next += 1;
    const was = i === insertAt ? moved : before[next++]!;
    if (was?.rank === i + 1) {
      entries.push(was);
      continue;
    }
    entries.push({ rank: i + 1, initiativeId: was?.initiativeId ?? initiativeId, since: at });
    if (was && was !== moved) shifted.push({ initiativeId: was.initiativeId, fromRank: was.rank, toRank: i + 1 });
  }
  return { entries, shifted };
}

const snapshotAfter = (before: PriorityListSnapshot, change: PriorityChange): PriorityListSnapshot => ({
  version: change.listVersion,
  position: change.position,
  updatedAt: change.recordedAt,
  entries: changedEntries(before.entries, change.initiativeId, change.toRank, change.recordedAt).entries,
});

/**
 * The organisation's priority list: every version of it, and every change with its why. It keeps
 * the list as it is now, the whole list every KEEP_EVERY versions, and every change: any other
 * version is rebuilt from the nearest kept one before it and the changes since (a few microseconds).
 */
export class PriorityListView implements CopyableProjection<PriorityListView> {
  constructor(
    private latest: PriorityListSnapshot = EMPTY,
    /** kept.at(i) is the list after version i * KEEP_EVERY. */
    private readonly kept = AppendOnlyList.of(EMPTY),
    /** changeLog.at(v - 1) made version v. */
    private readonly changeLog = AppendOnlyList.of<PriorityChange>(),
  ) {}

  get streamKinds(): readonly string[] {
    return STREAM_KINDS;
  }

  apply(event: LogEvent): void {
    if (event.stream.kind !== PRIORITIES_STREAM) return;
    const { type, payload } = event as unknown as PriorityEvent;
    const { initiativeId, fromRank } = payload;
    const toRank = type === 'InitiativeReprioritized' ? payload.toRank : null;
    const { entries, shifted } = changedEntries(this.latest.entries, initiativeId, toRank, event.recordedAt);
    this.latest = { version: event.version, position: event.position, updatedAt: event.recordedAt, entries };
    if (event.version === this.kept.size * KEEP_EVERY) this.kept.push(this.latest);
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
      evidence: payload.evidence,
      shifted,
    });
  }

  copy(): PriorityListView {
    return new PriorityListView(this.latest, this.kept.copy(), this.changeLog.copy());
  }

  /** The list as it is now. */
  current(): PriorityListSnapshot {
    return this.latest;
  }

  /** The list after a given version, if it reached it. */
  atVersion(version: number): PriorityListSnapshot | undefined {
    if (version === this.latest.version) return this.latest;
    if (!Number.isInteger(version) || version < 0 || version > this.latest.version) return undefined;
    let snapshot = this.kept.at(Math.floor(version / KEEP_EVERY))!;
    while (snapshot.version < version) snapshot = snapshotAfter(snapshot, this.changeLog.at(snapshot.version)!);
    return snapshot;
  }

  /** Current 1-based rank of an initiative, or null when it is not on the list. */
  rankOf(initiativeId: string): number | null {
    return this.current().entries.find((e) => e.initiativeId === initiativeId)?.rank ?? null;
  }

  /** The change that made a version of the list. */
  changeAt(version: number): PriorityChange | undefined {
    return this.changeLog.at(version - 1);
  }

  /** Changes oldest first: all of them, or those of one initiative (optionally also those that shifted it). */
  changes({ initiativeId, includeShifts = false }: ChangeFilter = {}): readonly PriorityChange[] {
    if (initiativeId === undefined) return this.changeLog.list();
    return this.changeLog.list().filter(
      (c) => c.initiativeId === initiativeId || (includeShifts && c.shifted.some((s) => s.initiativeId === initiativeId)),
    );
  }
}

import type { ExternalLink } from '../links/links.ts';
import type { Actor } from '../../events/envelope.ts';
import { priorityEvents, type PriorityEvent } from './events.ts';
import type { RecordLink } from '../common-fields.ts';
import { AppendOnlyList, type Indexed } from '../copyable.ts';
import { RankedIds, type RankedEntry, type ShiftedRange } from './ranked-ids.ts';

export type { RankedEntry };
import type { RecordedEvent } from '../decider.ts';
import type { ReadModel } from '../projection.ts';
import { typesOf } from '../decider.ts';

export type { ShiftedRange };

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
  evidenceLinks: ExternalLink[];
  /** The other initiatives whose rank changed as a consequence (null: none); PriorityListView.shifted lists them. */
  shift: ShiftedRange | null;
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

const EVENT_TYPES = typesOf(priorityEvents);

/** Every how many versions the view keeps the whole list; a version between two is rebuilt from the changes. */
const KEEP_EVERY = 32;

/**
 * The organisation's priority list: every version of it, and every change with its why. It keeps
 * the list as it is now, the whole list every KEEP_EVERY versions, and every change: any other
 * version is rebuilt from the nearest kept one before it and the changes since (a few microseconds).
 */
export class PriorityListView implements ReadModel<PriorityListView, PriorityEvent> {
  readonly eventTypes = EVENT_TYPES;

  constructor(
    /** The list now, changed in place by each change (a copy gets its own). */
    private readonly list = RankedIds.of(),
    /** The list now as a snapshot: built when first asked for after a change. */
    private latest: PriorityListSnapshot | null = EMPTY,
    /** kept.at(i) is the list after version i * KEEP_EVERY. */
    private readonly kept = AppendOnlyList.of(EMPTY),
    /** changeLog.at(v - 1) made version v. */
    private readonly changeLog = AppendOnlyList.of<PriorityChange>(),
    /** positions.at(v - 1) is changeLog.at(v - 1).position: a past version is found without reading the changes (a restored view reads those a chunk at a time). */
    private readonly positions = AppendOnlyList.of<number>(),
  ) {}

  apply(event: RecordedEvent<PriorityEvent>): void {
    const { type, payload } = event;
    const { initiativeId, fromRank } = payload;
    const toRank = type === 'InitiativeReprioritized' ? payload.toRank : null;
    const shift = this.list.move(initiativeId, toRank, event.recordedAt);
    this.latest = null;
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
      evidenceLinks: payload.evidenceLinks ?? [],
      shift,
    });
    this.positions.push(event.position);
    if (event.version === this.kept.size * KEEP_EVERY) this.kept.push(this.current());
  }

  copy(): PriorityListView {
    return new PriorityListView(this.list.copy(), this.latest, this.kept.copy(), this.changeLog.copy(), this.positions.copy());
  }

  /** The view as it stood after log position `position`: its changes up to there, the list of that version. */
  until(position: number): PriorityListView {
    let low = 0;
    let high = this.positions.size;
    // The number of changes at or before `position` (changes are in position order).
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.positions.at(middle)! <= position) low = middle + 1;
      else high = middle;
    }
    const version = low;
    if (version === this.changeLog.size) return this.copy();
    const list = this.atVersion(version)!;
    return new PriorityListView(RankedIds.of(list.entries), list, this.kept.prefix(Math.floor(version / KEEP_EVERY) + 1), this.changeLog.prefix(version), this.positions.prefix(version));
  }

  /** The list as it is now. */
  current(): PriorityListSnapshot {
    if (!this.latest) {
      const last = this.changeLog.at(this.changeLog.size - 1)!;
      this.latest = { version: last.listVersion, position: last.position, updatedAt: last.recordedAt, entries: this.list.entries() };
    }
    return this.latest;
  }

  /** The list after a given version, if it reached it. */
  atVersion(version: number): PriorityListSnapshot | undefined {
    const latest = this.changeLog.size;
    if (version === latest) return this.current();
    if (!Number.isInteger(version) || version < 0 || version > latest) return undefined;
    const kept = this.kept.at(Math.floor(version / KEEP_EVERY))!;
    if (kept.version === version) return kept;
    const list = RankedIds.of(kept.entries);
    let change = this.changeLog.at(kept.version)!;
    for (;;) {
      list.move(change.initiativeId, change.toRank, change.recordedAt);
      if (change.listVersion === version) break;
      change = this.changeLog.at(change.listVersion)!;
    }
    return { version, position: change.position, updatedAt: change.recordedAt, entries: list.entries() };
  }

  /** Current 1-based rank of an initiative, or null when it is not on the list. */
  rankOf(initiativeId: string): number | null {
    return this.list.rankOf(initiativeId);
  }

  /** The change that made a version of the list. */
  changeAt(version: number): PriorityChange | undefined {
    return this.changeLog.at(version - 1);
  }

  /** The other initiatives whose rank changed with a change of this list, top first. */
  shifted(change: PriorityChange): RankShift[] {
    const { shift } = change;
    if (!shift) return [];
    const before = this.atVersion(change.listVersion - 1)?.entries ?? [];
    return before.slice(shift.first - 1, shift.last).map((e) => ({ initiativeId: e.initiativeId, fromRank: e.rank, toRank: e.rank + shift.by }));
  }

  /** Every change, oldest first, each read when asked for (a page, or the newest few, read only those). */
  allChanges(): Indexed<PriorityChange> {
    return this.changeLog.ordered();
  }

  /** Changes oldest first: all of them, or those of one initiative (optionally also those that shifted it). */
  changes({ initiativeId, includeShifts = false }: ChangeFilter = {}): readonly PriorityChange[] {
    const all = this.changeLog.list();
    if (initiativeId === undefined) return all;
    if (!includeShifts) return all.filter((c) => c.initiativeId === initiativeId);
    // Follow the initiative's rank from change to change: a change shifted it when the rank was in its range.
    const found: PriorityChange[] = [];
    let rank: number | null = null;
    for (const change of all) {
      const { shift } = change;
      if (change.initiativeId === initiativeId) {
        found.push(change);
        rank = rankAfter(change, rank);
      } else if (rank !== null && shift && rank >= shift.first && rank <= shift.last) {
        found.push(change);
        rank += shift.by;
      }
    }
    return found;
  }

  /** The same image whatever was asked for (the list now is built on demand): see imageOf. */
  toJSON() {
    return { latest: this.current(), kept: this.kept, changeLog: this.changeLog };
  }
}

/**
 * The rank a change gave its own initiative: where the others made room (the first one moved down
 * or the last one moved up), else, nobody having moved, its rank before or, for an addition, toRank
 * (the last rank: the decider accepts no other).
 */
function rankAfter(change: PriorityChange, before: number | null): number | null {
  if (change.toRank === null) return null;
  if (change.shift) return change.shift.by === 1 ? change.shift.first : change.shift.last;
  return before ?? change.toRank;
}

export interface RankedEntry {
  rank: number;
  initiativeId: string;
  /** When the initiative got this rank (by its own change or by one that shifted it). */
  since: string;
}

/**
 * The others a change of the priority list moved, kept as a range (see PriorityListView.shifted):
 * the initiatives at ranks `first` to `last` before the change moved by `by` (1: down one rank,
 * -1: up one rank).
 */
export interface ShiftedRange {
  first: number;
  last: number;
  by: 1 | -1;
}

/**
 * The priority list while the view folds it: initiative ids, rank 1 first, and since when each has
 * its rank, changed in place. A change moves ~10 of ~25 entries on the bench log; building a new
 * list of new entries for each was most of the view's time and garbage. Owned by one view (copies
 * copy the arrays); what leaves it is an immutable list of RankedEntry (entries()).
 */
export class RankedIds {
  private constructor(
    private readonly ids: string[],
    /** since[i]: when ids[i] got its rank (by its own change or by one that shifted it). */
    private readonly since: string[],
  ) {}

  static of(entries: readonly RankedEntry[] = []): RankedIds {
    return new RankedIds(
      entries.map((e) => e.initiativeId),
      entries.map((e) => e.since),
    );
  }

  copy(): RankedIds {
    return new RankedIds(this.ids.slice(), this.since.slice());
  }

  /** 1-based rank, or null when not on the list. */
  rankOf(initiativeId: string): number | null {
    const index = this.ids.indexOf(initiativeId);
    return index === -1 ? null : index + 1;
  }

  entries(): RankedEntry[] {
    return this.ids.map((initiativeId, i) => ({ rank: i + 1, initiativeId, since: this.since[i]! }));
  }

  /**
   * Puts the initiative at `toRank`, or takes it off the list (null), as applyToRanking does: the
   * entries between where it was and where it goes move by one and get `at` as their since. Returns
   * who else moved (null: nobody).
   */
  move(initiativeId: string, toRank: number | null, at: string): ShiftedRange | null {
    const { ids, since } = this;
    let from = ids.indexOf(initiativeId);
    if (from === -1) {
      if (toRank === null) return null;
      // A new one starts at the end and moves up from there.
      from = ids.length;
      ids.push(initiativeId);
      since.push(at);
    }
    const others = ids.length - 1;
    // Where it goes among the others, as splice(toRank - 1, 0, ...) would put it; off the list: to the end, then dropped.
    const to = toRank === null ? others : toRank - 1 < 0 ? Math.max(others + toRank - 1, 0) : Math.min(toRank - 1, others);
    if (to !== from) {
      const step = to > from ? 1 : -1;
      for (let i = from; i !== to; i += step) {
        ids[i] = ids[i + step]!;
        since[i] = at;
      }
      ids[to] = initiativeId;
      since[to] = at;
    }
    if (toRank === null) {
      ids.pop();
      since.pop();
    }
    if (to === from) return null;
    // In ranks before the change: up (to < from) the ones from to + 1 to from moved down, else from + 2 to to + 1 moved up.
    return to < from ? { first: to + 1, last: from, by: 1 } : { first: from + 2, last: to + 1, by: -1 };
  }
}

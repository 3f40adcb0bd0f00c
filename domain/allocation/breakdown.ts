import type { AllocationEntry, TargetEntry, TargetGroup } from './events.ts';
import type { AllocationTargetState } from './allocation-target.ts';
import { BUILT_IN_TAXONOMIES, breakdownIn, categoryIn, roundPercent, taxonomyVersionOf, type AllocationBreakdown, type AllocationCategory, type AllocationTaxonomy, type BreakdownGroup } from './taxonomy.ts';

/** Pure arithmetic over breakdowns of a week: shares per category, splits, group figures, drift, weighted means, mapping across versions. */

export interface CategoryShare {
  category: AllocationCategory;
  percent: number;
}

/** Percent of the week on elective / non-elective work, and on innovation / tune-up work. */
export interface Splits {
  elective: number;
  nonElective: number;
  innovation: number;
  tuneUp: number;
}

/** One target category against what was reported: drift = actual - target, outside when |drift| > tolerance. */
export interface CategoryDrift {
  category: AllocationCategory;
  actual: number;
  target: number;
  tolerance: number;
  drift: number;
  outside: boolean;
}

/** The same for a target on a group of a breakdown. */
export interface GroupDrift {
  breakdown: AllocationBreakdown;
  group: BreakdownGroup;
  actual: number;
  target: number;
  tolerance: number;
  drift: number;
  outside: boolean;
}

/** A group of a breakdown and the percent of the week in its categories. */
export interface GroupShare {
  group: BreakdownGroup;
  percent: number;
}

export interface BreakdownShares {
  breakdown: AllocationBreakdown;
  groups: GroupShare[];
}

/** Shares recorded under a version can be expressed in a later one, never in an earlier one (a split cannot be undone). */
export class TaxonomyMappingError extends Error {}

/** Entries of a recorded report or target, with their categories from the taxonomy version they were recorded in (a number: a built-in version). */
export function sharesOf(entries: readonly AllocationEntry[], taxonomy: AllocationTaxonomy | number): CategoryShare[] {
  const version = typeof taxonomy === 'number' ? taxonomyVersionOf(BUILT_IN_TAXONOMIES, taxonomy)! : taxonomy;
  return entries.map((e) => ({ category: categoryIn(version, e.category)!, percent: e.percent }));
}

/**
 * Percent per category of `from`'s entries carried into version `to` through each version's
 * mapping in turn: an old category's percent is split over its new categories by their shares.
 * Categories come out in the order of version `to`.
 */
export function mapEntries<E extends { category: string; percent: number }>(
  entries: readonly E[],
  versions: readonly AllocationTaxonomy[],
  from: number,
  to: number,
  split: (entry: E, share: number, category: string) => E = (entry, share, category) => ({ ...entry, category, percent: (entry.percent * share) / 100 }),
): E[] {
  if (to < from) throw new TaxonomyMappingError(`Figures under taxonomy version ${from} cannot be expressed in the earlier version ${to}`);
  let current = [...entries];
  for (let version = from + 1; version <= to; version++) {
    const taxonomy = taxonomyVersionOf(versions, version)!;
    const next = new Map<string, E[]>();
    for (const entry of current) {
      for (const target of taxonomy.mapping.find((m) => m.from === entry.category)?.to ?? []) {
        next.set(target.category, [...(next.get(target.category) ?? []), split(entry, target.share, target.category)]);
      }
    }
    current = taxonomy.categories.flatMap((c) => {
      const parts = next.get(c.key);
      return parts ? [parts.reduce((sum, part) => ({ ...sum, percent: sum.percent + part.percent }))] : [];
    });
  }
  return from === to ? current : current.map((e) => ({ ...e, percent: roundPercent(e.percent) }));
}

/** Shares of entries recorded under version `from`, in version `to`. */
export const sharesIn = (entries: readonly AllocationEntry[], versions: readonly AllocationTaxonomy[], from: number, to: number): CategoryShare[] =>
  sharesOf(mapEntries(entries, versions, from, to), taxonomyVersionOf(versions, to)!);

export function splitsOf(shares: readonly CategoryShare[]): Splits {
  const total = (keep: (c: AllocationCategory) => boolean) =>
    roundPercent(shares.reduce((sum, s) => (keep(s.category) ? sum + s.percent : sum), 0));
  return {
    elective: total((c) => c.elective),
    nonElective: total((c) => !c.elective),
    innovation: total((c) => c.nature === 'INNOVATION'),
    tuneUp: total((c) => c.nature === 'TUNE_UP'),
  };
}

const groupPercent = (shares: readonly CategoryShare[], group: BreakdownGroup): number =>
  roundPercent(shares.reduce((sum, s) => (group.categories.includes(s.category.key) ? sum + s.percent : sum), 0));

/** Every breakdown of the version the shares are in, each group with its percent. */
export function breakdownsOf(shares: readonly CategoryShare[], taxonomy: AllocationTaxonomy): BreakdownShares[] {
  return taxonomy.breakdowns.map((breakdown) => ({ breakdown, groups: breakdown.groups.map((group) => ({ group, percent: groupPercent(shares, group) })) }));
}

const driftFigures = (actual: number, goal: { percent: number; tolerance: number }) => {
  const drift = roundPercent(actual - goal.percent);
  return { actual, target: goal.percent, tolerance: goal.tolerance, drift, outside: Math.abs(drift) > goal.tolerance };
};

/** A target's category entries in a later version: percent and tolerance split by the mapping's shares. */
export const targetEntriesIn = (entries: readonly TargetEntry[], versions: readonly AllocationTaxonomy[], from: number, to: number): TargetEntry[] =>
  mapEntries(entries, versions, from, to, (entry, share, category) => ({
    category,
    percent: (entry.percent * share) / 100,
    tolerance: (entry.tolerance * share) / 100,
  })).map((e) => ({ ...e, tolerance: roundPercent(e.tolerance) }));

/**
 * Drift of every category the target names, on shares in version `version` (at least the
 * target's: its entries are carried into it). A category not reported counts as 0%.
 */
export function driftOf(
  shares: readonly CategoryShare[],
  target: AllocationTargetState,
  versions: readonly AllocationTaxonomy[] = BUILT_IN_TAXONOMIES,
  version: number = target.taxonomyVersion,
): CategoryDrift[] {
  const taxonomy = taxonomyVersionOf(versions, version)!;
  return targetEntriesIn(target.entries, versions, target.taxonomyVersion, version).map((goal) => ({
    category: categoryIn(taxonomy, goal.category)!,
    ...driftFigures(shares.find((s) => s.category.key === goal.category)?.percent ?? 0, goal),
  }));
}

/** Drift of every group the target names, on shares in `taxonomy`; a group whose breakdown that version does not have is left out. */
export function groupDriftOf(shares: readonly CategoryShare[], target: AllocationTargetState, taxonomy: AllocationTaxonomy): GroupDrift[] {
  return target.groups.flatMap((goal: TargetGroup): GroupDrift[] => {
    const breakdown = breakdownIn(taxonomy, goal.breakdown);
    const group = breakdown?.groups.find((g) => g.key === goal.group);
    return breakdown && group ? [{ breakdown, group, ...driftFigures(groupPercent(shares, group), goal) }] : [];
  });
}

/**
 * The mean of several breakdowns, each weighted (by headcount: a team of 8 counts twice as much as
 * a team of 4). Categories keep the order in which they first appear; a key counts apart in each
 * taxonomy version. Empty when all weights are 0.
 */
export function weightedShares(parts: readonly { shares: readonly CategoryShare[]; weight: number }[]): CategoryShare[] {
  const totalWeight = parts.reduce((sum, p) => sum + p.weight, 0);
  if (totalWeight <= 0) return [];
  const sums = new Map<string, CategoryShare>();
  for (const { shares, weight } of parts) {
    for (const share of shares) {
      const key = `${share.category.taxonomyVersion}:${share.category.key}`;
      const sum = sums.get(key) ?? { category: share.category, percent: 0 };
      sums.set(key, { ...sum, percent: sum.percent + share.percent * weight });
    }
  }
  return [...sums.values()].map((s) => ({ ...s, percent: roundPercent(s.percent / totalWeight) }));
}

import type { AllocationEntry } from './events.ts';
import type { AllocationTargetState } from './allocation-target.ts';
import { categoryOf, roundPercent, type AllocationCategory } from './taxonomy.ts';

/** Pure arithmetic over breakdowns of a week: shares per category, splits, drift, weighted means. */

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

/** Entries of a recorded report or target, with their categories from the taxonomy version they were recorded in. */
export function sharesOf(entries: readonly AllocationEntry[], taxonomyVersion: number): CategoryShare[] {
  return entries.map((e) => ({ category: categoryOf(e.category, taxonomyVersion)!, percent: e.percent }));
}

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

/** Drift of every category the target names; a category not reported counts as 0%. */
export function driftOf(shares: readonly CategoryShare[], target: AllocationTargetState): CategoryDrift[] {
  return target.entries.map((goal) => {
    const actual = shares.find((s) => s.category.key === goal.category)?.percent ?? 0;
    const drift = roundPercent(actual - goal.percent);
    return {
      category: categoryOf(goal.category, target.taxonomyVersion)!,
      actual,
      target: goal.percent,
      tolerance: goal.tolerance,
      drift,
      outside: Math.abs(drift) > goal.tolerance,
    };
  });
}

/**
 * The mean of several breakdowns, each weighted (by headcount: a team of 8 counts twice as much as
 * a team of 4). Categories keep the order in which they first appear. Empty when all weights are 0.
 */
export function weightedShares(parts: readonly { shares: readonly CategoryShare[]; weight: number }[]): CategoryShare[] {
  const totalWeight = parts.reduce((sum, p) => sum + p.weight, 0);
  if (totalWeight <= 0) return [];
  const sums = new Map<string, CategoryShare>();
  for (const { shares, weight } of parts) {
    for (const share of shares) {
      const sum = sums.get(share.category.key) ?? { category: share.category, percent: 0 };
      sums.set(share.category.key, { ...sum, percent: sum.percent + share.percent * weight });
    }
  }
  return [...sums.values()].map((s) => ({ ...s, percent: roundPercent(s.percent / totalWeight) }));
}

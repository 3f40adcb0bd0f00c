import type { CheckInStatus } from './key-result-events.ts';

/** One input of an objective's progress: a key result or an aligned objective, its progress and its weight. */
export interface ProgressInput {
  kind: 'key-result' | 'objective';
  id: string;
  /** 0-1; null for an aligned objective that has no progress yet (no contributors). */
  progress: number | null;
  weight: number;
}

/**
 * How an objective's progress is computed from its inputs. Every objective records the version it
 * is computed with (`progressFormulaVersion`), and its inputs are shown with the figure, so a past
 * figure can be recomputed exactly after the formula changes: add a version here, never change one.
 *
 * Version 1 (the rule before roll-up; objectives set before it keep it): the unweighted mean of
 * the objective's own key results; aligned objectives and weights are ignored.
 *
 * Version 2 (roll-up): the weighted mean of its key results and of the objectives aligned to it or
 * to one of its key results (each with its own progress, recursively):
 *
 *     progress = Σ weight × progress ÷ Σ weight      (over inputs whose progress is not null)
 *
 * Weights are those set with setObjectiveProgressWeights (per cent), else 1 each (equal); a
 * contributor added after the weights were set weighs 0 until they are set again. Null when no
 * input has a progress or the weights of those that do add up to 0.
 */
export const PROGRESS_FORMULAS: Readonly<Record<number, (inputs: readonly ProgressInput[]) => number | null>> = {
  1: (inputs) => {
    const own = inputs.filter((i) => i.kind === 'key-result' && i.progress !== null);
    return own.length ? own.reduce((sum, i) => sum + i.progress!, 0) / own.length : null;
  },
  2: (inputs) => {
    const counted = inputs.filter((i) => i.progress !== null);
    const total = counted.reduce((sum, i) => sum + i.weight, 0);
    return counted.length && total > 0 ? counted.reduce((sum, i) => sum + i.weight * i.progress!, 0) / total : null;
  },
};

/** The formula new objectives are computed with. */
export const PROGRESS_FORMULA_VERSION = 2;

export const isProgressFormula = (version: number): boolean => Object.hasOwn(PROGRESS_FORMULAS, version);

export function computeProgress(version: number, inputs: readonly ProgressInput[]): number | null {
  const formula = PROGRESS_FORMULAS[version];
  if (!formula) throw new Error(`unknown progress formula version ${version}`);
  return formula(inputs);
}

/**
 * The objective's status, from the latest standing check-in of each of its key results: the worst
 * of them (an objective is as on track as its weakest key result): OFF_TRACK if any is OFF_TRACK,
 * else AT_RISK if any is AT_RISK, else ON_TRACK; null while none has a check-in. Key results
 * without a check-in do not count.
 */
export function objectiveHealth(statuses: readonly (CheckInStatus | null)[]): CheckInStatus | null {
  const known = statuses.filter((s): s is CheckInStatus => s !== null);
  if (!known.length) return null;
  if (known.includes('OFF_TRACK')) return 'OFF_TRACK';
  if (known.includes('AT_RISK')) return 'AT_RISK';
  return 'ON_TRACK';
}

export const OBJECTIVE_HEALTH_RULE =
  'The worst latest check-in status of its key results: OFF_TRACK if any is OFF_TRACK, else AT_RISK if any is AT_RISK, else ON_TRACK; null while none has a check-in (key results without one do not count).';

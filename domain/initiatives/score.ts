import type { ScoreInputs } from './events.ts';

export type { ScoreInputs };

/**
 * How an initiative's score is computed from its inputs. Every scoring event keeps its inputs, the
 * version of the formula used and the score it gave, so old scores stay explainable after the
 * formula changes: add a version here, never change an existing one.
 *
 * Version 1 (RICE-like): the seeds' three questions, each answered 1-5 (customer impact, business
 * impact, operational efficiency), summed, weighted by confidence (0-1) and divided by the effort
 * in person-weeks, rounded to 2 decimals:
 *
 *     score = (customerImpact + businessImpact + operationalEfficiency) × confidence ÷ effort
 *
 * i.e. expected impact points per person-week. Example: (4 + 3 + 5) × 0.8 ÷ 6 = 1.6.
 */
export const SCORE_FORMULAS: Readonly<Record<number, (inputs: ScoreInputs) => number>> = {
  1: ({ customerImpact, businessImpact, operationalEfficiency, confidence, effort }) =>
    ((customerImpact + businessImpact + operationalEfficiency) * confidence) / effort,
};

/** The formula new scores are computed with. */
export const SCORE_FORMULA_VERSION = 1;

export const roundScore = (value: number): number => Math.round(value * 100) / 100;

export function computeScore(inputs: ScoreInputs, formulaVersion: number = SCORE_FORMULA_VERSION): number {
  const formula = SCORE_FORMULAS[formulaVersion];
  if (!formula) throw new Error(`unknown score formula version ${formulaVersion}`);
  if (!(inputs.effort > 0)) throw new Error('effort must be positive');
  return roundScore(formula(inputs));
}

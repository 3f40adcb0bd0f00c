import type { CheckInStatus, Measure } from './key-result-events.ts';

/**
 * How far a value is along a key result, in [0, 1].
 * Metric: (value - baseline) / (target - baseline), clamped, so it works for both directions
 * (a DECREASE metric has target < baseline, and the signs cancel). Milestone: 1 when done, else 0.
 */
export function progressOf(measure: Measure, value: number): number {
  if (measure.kind === 'MILESTONE') return value >= 1 ? 1 : 0;
  const progress = (value - measure.baseline) / (measure.target - measure.baseline);
  return Math.min(1, Math.max(0, progress));
}

/** Mean progress of key results; null when there are none (an objective without key results has no progress yet). */
export function meanProgress(progresses: readonly number[]): number | null {
  if (progresses.length === 0) return null;
  return progresses.reduce((sum, p) => sum + p, 0) / progresses.length;
}

/** Thresholds of the derived status; documented in the schema. */
export const STATUS_RULE = {
  /** Metric: progress / elapsed fraction of the cycle at or above this is ON_TRACK ... */
  onTrackRatio: 0.9,
  /** ... at or above this AT_RISK, below it OFF_TRACK. */
  atRiskRatio: 0.6,
  /** Milestone not done yet: the reporter's confidence at or above this is ON_TRACK ... */
  onTrackConfidence: 0.7,
  /** ... at or above this AT_RISK, below it OFF_TRACK. */
  atRiskConfidence: 0.4,
} as const;

const band = (x: number, onTrack: number, atRisk: number): CheckInStatus => (x >= onTrack ? 'ON_TRACK' : x >= atRisk ? 'AT_RISK' : 'OFF_TRACK');

/**
 * The status of a check-in that did not give one.
 * Metric: ratio = progress / elapsed (the fraction of the cycle passed at the business date);
 * >= 0.9 ON_TRACK, >= 0.6 AT_RISK, else OFF_TRACK; ON_TRACK on the first day (elapsed 0).
 * Milestone: ON_TRACK when done; until then progress is 0 and says nothing about the pace, so the
 * reporter's confidence decides: >= 0.7 ON_TRACK, >= 0.4 AT_RISK, else OFF_TRACK.
 */
export function deriveStatus(input: { measure: Measure; progress: number; elapsed: number; confidence: number }): CheckInStatus {
  if (input.measure.kind === 'MILESTONE') {
    return input.progress >= 1 ? 'ON_TRACK' : band(input.confidence, STATUS_RULE.onTrackConfidence, STATUS_RULE.atRiskConfidence);
  }
  if (input.elapsed <= 0) return 'ON_TRACK';
  return band(input.progress / input.elapsed, STATUS_RULE.onTrackRatio, STATUS_RULE.atRiskRatio);
}

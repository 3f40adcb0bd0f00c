/** Values of the week: curves, allocation mixes. */
import type { AllocationPlan } from './data/allocation.ts';
import type { Curve } from './data/okrs.ts';

export function along(curve: Curve, t: number): number {
  let [t0, v0] = curve[0]!;
  if (t <= t0) return v0;
  for (const [t1, v1] of curve.slice(1)) {
    if (t <= t1) return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
    [t0, v0] = [t1, v1];
  }
  return v0;
}

export const rounded = (value: number, decimals: number): number => Number(value.toFixed(decimals));

/** The week's mix: a single-week override as given, else the phase (or base) mix with a little noise. */
export function mixOf(plan: AllocationPlan, week: number, teamIndex: number): { category: string; percent: number }[] {
  const single = plan.weeks?.[week];
  const phase = [...(plan.phases ?? [])].reverse().find((p) => p.from <= week);
  const mix: Record<string, number> = { ...(single ?? phase?.mix ?? plan.base) };
  if (!single) {
    const shift = ((week * 7 + teamIndex * 3) % 5) - 2;
    const [up, down] = plan.jitter;
    mix[up] = (mix[up] ?? 0) + shift;
    mix[down] = (mix[down] ?? 0) - shift;
  }
  return Object.entries(mix)
    .filter(([, percent]) => percent > 0)
    .map(([category, percent]) => ({ category, percent }));
}

/** OKRs: objectives, key results and the curves their weekly check-ins follow. */
import type { PersonaKey, QuarterKey } from './people.ts';

/** [fraction of the quarter elapsed, value] points. */
export type Curve = readonly (readonly [number, number])[];

interface KeyResultCommon {
  /** Unique across both quarters. */
  key: string;
  title: string;
  description?: string;
  owner: string;
  /** Confidence of reaching the target over the quarter. */
  confidence: Curve;
  /** Notes on the check-in of a week. */
  notes?: Readonly<Record<number, string>>;
  /** Check in every this many weeks (default every week). */
  every?: number;
  /** The end-of-quarter grade, when not the progress of the last check-in (previous quarter only). */
  grade?: number;
  /** Links to the tracker on the check-in of a week (a JIRA issue, a GitHub pull request). */
  links?: Readonly<Record<number, string>>;
}

export interface MetricSpec extends KeyResultCommon {
  kind: 'METRIC';
  baseline: number;
  target: number;
  unit: string;
  decimals?: number;
  values: Curve;
  /** A check-in of that week recorded with ten times its value, then corrected with the reason. */
  typo?: { week: number; reason: string };
}

export interface MilestoneSpec extends KeyResultCommon {
  kind: 'MILESTONE';
  /** Done from this fraction of the quarter on; null: not this quarter. */
  doneAt: number | null;
  /** The note of the first check-in that says done. */
  doneNote?: string;
}

export type KeyResultSpec = MetricSpec | MilestoneSpec;

export interface ObjectiveSpec {
  key: string;
  title: string;
  description: string;
  level: 'COMPANY' | 'TEAM';
  team?: string;
  owner: string;
  by: PersonaKey;
  /** Key of the objective it contributes to. */
  alignedTo?: string;
  keyResults: readonly KeyResultSpec[];
  /** How the previous quarter's objectives were closed (its key results are graded from their last progress). */
  close?: { outcome: 'ACHIEVED' | 'PARTIALLY_ACHIEVED' | 'MISSED'; note: string };
  /**
   * A cycle the org defined (defineCycles) instead of the calendar quarter: its fiscal year
   * (ANNUAL cadence) or its fiscal quarter (QUARTERLY cadence, the quarter's dates).
   */
  cycle?: 'fiscal-year' | 'fiscal-quarter';
}

export const OKRS: Record<QuarterKey, readonly ObjectiveSpec[]> = {
  previous: [
    {
      key: 'revenue',
      title: 'Grow revenue from existing customers',
      description: 'Shared by product and engineering: measured in revenue and usage, not in features shipped.',
      level: 'COMPANY',
      owner: 'Priya Raman',
      by: 'priya',
      keyResults: [
        {
          key: 'nrr',
          kind: 'METRIC',
          title: 'Net revenue retention',
          owner: 'Priya Raman',
          baseline: 104,
          target: 110,
          unit: '%',
          decimals: 1,
          values: [[0, 104], [0.3, 104.6], [0.6, 106.1], [1, 107.6]],
          confidence: [[0, 0.7], [0.5, 0.55], [1, 0.5]],
          every: 4,
          notes: { 4: 'Finance close for the month.', 8: 'Two expansions slipped after the checkout outages.' },
        },
      ],
      close: { outcome: 'PARTIALLY_ACHIEVED', note: 'NRR up three points to about 107%: expansions recovered after the outages, not enough for 110%.' },
    },
    {
      key: 'checkout-effortless',
      title: 'Make paying effortless',
      description: 'Fewer failed payments and fewer steps between cart and receipt.',
      level: 'TEAM',
      team: 'checkout',
      owner: 'Marco Ruiz',
      by: 'marco',
      alignedTo: 'revenue',
      keyResults: [
        {
          key: 'conversion',
          kind: 'METRIC',
          title: 'Checkout conversion',
          owner: 'Marco Ruiz',
          baseline: 61,
          target: 66,
          unit: '%',
          decimals: 1,
          values: [[0, 61], [0.3, 62.3], [0.42, 60.8], [0.55, 60.7], [0.75, 62.6], [1, 63.8]],
          confidence: [[0, 0.75], [0.4, 0.6], [0.55, 0.35], [1, 0.5]],
          notes: { 6: 'Payment provider outages: three incidents this week, conversion dipped below the baseline.', 10: 'Recovering since the retry work shipped.' },
        },
        {
          key: 'failures',
          kind: 'METRIC',
          title: 'Payment failure rate',
          owner: 'Marco Ruiz',
          baseline: 3.2,
          target: 1.5,
          unit: '%',
          decimals: 1,
          values: [[0, 3.2], [0.35, 3.0], [0.42, 3.7], [0.5, 3.7], [0.6, 2.9], [0.85, 1.8], [1, 1.6]],
          confidence: [[0, 0.7], [0.45, 0.4], [0.7, 0.75], [1, 0.9]],
          notes: { 6: '3.7%: the provider times out and we do not retry.', 11: 'Idempotent retries live for all card payments.' },
        },
        {
          key: 'one-click',
          kind: 'MILESTONE',
          title: 'One-click checkout live for all merchants',
          owner: 'Marco Ruiz',
          doneAt: null,
          grade: 0.2,
          confidence: [[0, 0.8], [0.4, 0.7], [0.46, 0.3], [1, 0.2]],
          notes: { 6: 'Rollout paused at 20% of merchants while we harden payment retries.' },
        },
      ],
      close: { outcome: 'PARTIALLY_ACHIEVED', note: 'Failures down to 1.6% from a 3.7% peak; one-click paused at 20% of merchants and carried over.' },
    },
    {
      key: 'insights-demand',
      title: 'Prove customers want insights',
      description: 'Validate demand for the new insights product before building it in full.',
      level: 'TEAM',
      team: 'insights',
      owner: 'Amara Okafor',
      by: 'amara',
      alignedTo: 'revenue',
      keyResults: [
        {
          key: 'wau',
          kind: 'METRIC',
          title: 'Weekly active users of insights',
          owner: 'Amara Okafor',
          baseline: 400,
          target: 1500,
          unit: 'users',
          values: [[0, 400], [0.25, 450], [0.5, 760], [0.75, 1230], [1, 1720]],
          confidence: [[0, 0.5], [0.5, 0.7], [1, 0.85]],
          typo: { week: 4, reason: 'Typo: one zero too many.' },
          notes: { 8: 'The email digest brings people back into the product.' },
        },
        {
          key: 'email-ctr',
          kind: 'METRIC',
          title: 'Insight email click-through rate',
          owner: 'Amara Okafor',
          baseline: 3,
          target: 8,
          unit: '%',
          decimals: 1,
          values: [[0, 3], [0.3, 3.4], [0.45, 6.8], [0.55, 11.0], [1, 12.4]],
          confidence: [[0, 0.4], [0.45, 0.7], [0.6, 0.95], [1, 0.95]],
          notes: { 4: 'First digest sent to 300 accounts.', 8: '11% click-through: customers want these insights.' },
        },
      ],
      close: { outcome: 'ACHIEVED', note: 'The email digest proved demand: 12% click-through and 1,720 weekly users. The in-app panel is next.' },
    },
    {
      key: 'platform-releases',
      title: 'Make shipping fast and safe for product teams',
      description: 'The tune-up work that speeds up every product team: faster deploys, faster detection, shared building blocks.',
      level: 'TEAM',
      team: 'platform',
      owner: 'Jun Park',
      by: 'jun',
      alignedTo: 'revenue',
      keyResults: [
        {
          key: 'lead-time',
          kind: 'METRIC',
          title: 'Deploy lead time',
          owner: 'Jun Park',
          baseline: 72,
          target: 24,
          unit: 'hours',
          values: [[0, 72], [0.3, 66], [0.55, 48], [0.8, 31], [1, 26]],
          confidence: [[0, 0.6], [0.5, 0.7], [1, 0.85]],
        },
        {
          key: 'detection',
          kind: 'METRIC',
          title: 'P1 incident detection time',
          owner: 'Jun Park',
          baseline: 22,
          target: 5,
          unit: 'minutes',
          values: [[0, 22], [0.4, 19], [0.6, 9], [1, 6]],
          confidence: [[0, 0.5], [0.6, 0.8], [1, 0.85]],
          notes: { 8: 'Synthetic checkout probes page on-call within minutes.' },
        },
        {
          key: 'sdk-adopted',
          kind: 'MILESTONE',
          title: 'Shared payments SDK adopted by Checkout',
          owner: 'Jun Park',
          doneAt: 0.85,
          confidence: [[0, 0.6], [0.5, 0.75], [0.8, 0.9], [1, 1]],
          doneNote: 'Checkout takes every card payment through the SDK.',
        },
      ],
      close: { outcome: 'ACHIEVED', note: 'Lead time 26 hours, detection 6 minutes, Checkout on the shared SDK.' },
    },
  ],
  current: [
    {
      key: 'revenue-next',
      title: 'Grow revenue from existing customers',
      description: 'Carried over: expansion revenue from the insights product and a smoother checkout.',
      level: 'COMPANY',
      owner: 'Priya Raman',
      by: 'priya',
      keyResults: [
        {
          key: 'nrr-next',
          kind: 'METRIC',
          title: 'Net revenue retention',
          owner: 'Priya Raman',
          baseline: 107.6,
          target: 111,
          unit: '%',
          decimals: 1,
          values: [[0, 107.6], [0.5, 109.0], [1, 110.6]],
          confidence: [[0, 0.65], [1, 0.6]],
          every: 4,
        },
      ],
    },
    {
      key: 'one-click-launch',
      title: 'Launch one-click checkout',
      description: 'Resume the rollout on the shared payments SDK.',
      level: 'TEAM',
      team: 'checkout',
      owner: 'Marco Ruiz',
      by: 'marco',
      alignedTo: 'revenue-next',
      keyResults: [
        {
          key: 'one-click-next',
          kind: 'MILESTONE',
          title: 'One-click checkout live for all merchants',
          owner: 'Marco Ruiz',
          doneAt: 0.7,
          confidence: [[0, 0.7], [0.3, 0.6], [0.6, 0.8], [0.7, 1]],
          notes: { 2: 'Back to 20% of merchants, on the SDK this time.' },
          links: { 2: 'https://github.com/acme/checkout/pull/412' },
          doneNote: 'Live for every merchant.',
        },
        {
          key: 'conversion-next',
          kind: 'METRIC',
          title: 'Checkout conversion',
          owner: 'Marco Ruiz',
          baseline: 63.8,
          target: 67,
          unit: '%',
          decimals: 1,
          values: [[0, 63.8], [0.3, 64.3], [0.6, 65.3], [0.75, 66.1], [1, 67.1]],
          confidence: [[0, 0.7], [0.5, 0.55], [0.75, 0.75], [1, 0.9]],
          notes: { 4: 'Flat until one-click reaches most merchants.' },
        },
      ],
    },
    {
      key: 'insights-revenue',
      title: 'Turn insights into revenue',
      description: 'From a free email digest to a paid in-app panel.',
      level: 'TEAM',
      team: 'insights',
      owner: 'Amara Okafor',
      by: 'amara',
      alignedTo: 'revenue-next',
      keyResults: [
        {
          key: 'paying',
          kind: 'METRIC',
          title: 'Paying insights customers',
          owner: 'Amara Okafor',
          baseline: 0,
          target: 40,
          unit: 'customers',
          values: [[0, 0], [0.2, 1], [0.45, 4], [0.7, 12], [1, 30]],
          confidence: [[0, 0.6], [0.4, 0.45], [0.7, 0.5], [1, 0.55]],
          notes: { 3: 'Support load from the digest slows the panel work.', 6: 'Pricing page live; trials convert slower than planned.' },
          links: { 6: 'https://acme.atlassian.net/browse/INS-88' },
        },
        {
          key: 'wau-next',
          kind: 'METRIC',
          title: 'Weekly active users of insights',
          owner: 'Amara Okafor',
          baseline: 1720,
          target: 3000,
          unit: 'users',
          values: [[0, 1720], [0.5, 2400], [1, 2950]],
          confidence: [[0, 0.7], [1, 0.8]],
        },
      ],
    },
    {
      key: 'self-serve-infra',
      title: 'Self-serve infrastructure for product teams',
      description: 'Product teams ship and operate without waiting for Platform.',
      level: 'TEAM',
      team: 'platform',
      owner: 'Jun Park',
      by: 'jun',
      alignedTo: 'revenue-next',
      keyResults: [
        {
          key: 'lead-time-next',
          kind: 'METRIC',
          title: 'Deploy lead time',
          owner: 'Jun Park',
          baseline: 26,
          target: 8,
          unit: 'hours',
          values: [[0, 26], [0.3, 20], [0.6, 12], [1, 9]],
          confidence: [[0, 0.7], [1, 0.85]],
        },
        {
          key: 'sdk-services',
          kind: 'METRIC',
          title: 'Services on the shared payments SDK',
          owner: 'Jun Park',
          baseline: 1,
          target: 6,
          unit: 'services',
          values: [[0, 1], [0.25, 2], [0.5, 4], [0.75, 5], [1, 6]],
          confidence: [[0, 0.6], [0.5, 0.75], [1, 0.9]],
        },
      ],
    },
    {
      key: 'fy-ktlo',
      title: 'Spend less of the year keeping the lights on',
      description: 'The year’s goal, in the org’s own allocation model (work-type breakdown).',
      level: 'COMPANY',
      owner: 'Priya Raman',
      by: 'priya',
      cycle: 'fiscal-year',
      keyResults: [
        {
          key: 'fy-ktlo-share',
          kind: 'METRIC',
          title: 'KTLO share of the week',
          owner: 'Priya Raman',
          baseline: 30,
          target: 20,
          unit: '%',
          values: [[0, 29], [0.5, 27], [1, 25]],
          confidence: [[0, 0.6], [1, 0.7]],
          every: 4,
          links: { 4: 'https://acme.atlassian.net/browse/ENG-240' },
        },
      ],
    },
    {
      key: 'org-model',
      title: 'Every team reports in the org’s model',
      description: 'Taxonomy version 2 with KTLO / new work / tech debt, from the quarter’s first week.',
      level: 'TEAM',
      team: 'platform',
      owner: 'Jun Park',
      by: 'jun',
      cycle: 'fiscal-quarter',
      keyResults: [
        {
          key: 'org-model-reports',
          kind: 'MILESTONE',
          title: 'All three teams report KTLO / new work / tech debt',
          owner: 'Jun Park',
          doneAt: 0.15,
          confidence: [[0, 0.8], [0.15, 1]],
          links: { 1: 'https://github.com/acme/ledger-config/pull/7' },
          doneNote: 'Every team’s weekly report reads in the work-type breakdown.',
        },
      ],
    },
  ],
};

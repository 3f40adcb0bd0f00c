/** Time allocation: what each team reports every week. */
import { BUILT_IN_TAXONOMY } from '../../domain/allocation/taxonomy.ts';
import type { QuarterKey } from './people.ts';

/** Percent per category key of allocationCategories; every mix adds up to 100. */
export type Mix = Readonly<Record<string, number>>;

export interface AllocationPlan {
  base: Mix;
  /** From a week on, another mix (the latest phase that started wins). */
  phases?: readonly { from: number; mix: Mix }[];
  /** Single weeks that differ: incidents, upgrades, launches. */
  weeks?: Readonly<Record<number, Mix>>;
  /** Week-to-week noise: up to 2 points move between these two categories. */
  jitter: readonly [string, string];
  /** Weeks reported again later in the week: a correction with its reason. */
  corrections?: Readonly<Record<number, { mix: Mix; reason: string }>>;
}

const CHECKOUT_INCIDENTS = {
  5: { incidents: 18, reliability: 12, 'new-features': 26, 'existing-features': 18, 'tech-debt': 6, support: 10, 'keep-the-lights-on': 5, security: 5 },
  6: { incidents: 24, reliability: 16, 'new-features': 20, 'existing-features': 14, 'tech-debt': 6, support: 10, 'keep-the-lights-on': 5, security: 5 },
  7: { incidents: 12, reliability: 18, 'new-features': 28, 'existing-features': 16, 'tech-debt': 8, support: 8, 'keep-the-lights-on': 5, security: 5 },
};

export const ALLOCATION: Record<QuarterKey, Record<string, AllocationPlan>> = {
  previous: {
    checkout: {
      base: { 'new-features': 38, 'existing-features': 22, 'tech-debt': 10, reliability: 5, incidents: 6, support: 8, 'keep-the-lights-on': 5, security: 6 },
      phases: [
        { from: 8, mix: { 'new-features': 34, 'existing-features': 20, 'tech-debt': 10, reliability: 10, incidents: 6, support: 8, 'keep-the-lights-on': 6, security: 6 } },
        { from: 9, mix: { 'new-features': 36, 'existing-features': 20, 'tech-debt': 10, reliability: 8, incidents: 5, support: 8, 'keep-the-lights-on': 6, security: 7 } },
      ],
      weeks: CHECKOUT_INCIDENTS,
      jitter: ['new-features', 'tech-debt'],
      corrections: {
        3: {
          mix: { 'new-features': 33, 'existing-features': 21, 'tech-debt': 10, reliability: 5, incidents: 12, support: 8, 'keep-the-lights-on': 5, security: 6 },
          reason: 'The on-call engineer’s week was left out of the first report.',
        },
      },
    },
    insights: {
      base: { 'new-features': 50, 'existing-features': 15, productivity: 5, 'tech-debt': 8, support: 10, incidents: 4, 'keep-the-lights-on': 4, security: 4 },
      weeks: {
        9: { 'new-features': 44, 'existing-features': 13, productivity: 5, 'tech-debt': 6, support: 18, incidents: 6, 'keep-the-lights-on': 4, security: 4 },
      },
      jitter: ['new-features', 'support'],
    },
    platform: {
      base: { platform: 35, productivity: 20, reliability: 15, 'tech-debt': 8, incidents: 8, 'keep-the-lights-on': 10, security: 4 },
      phases: [{ from: 7, mix: { platform: 42, productivity: 20, reliability: 14, 'tech-debt': 6, incidents: 7, 'keep-the-lights-on': 8, security: 3 } }],
      weeks: {
        2: { platform: 28, productivity: 14, reliability: 15, 'tech-debt': 5, incidents: 8, 'keep-the-lights-on': 22, security: 8 },
        3: { platform: 30, productivity: 15, reliability: 14, 'tech-debt': 5, incidents: 8, 'keep-the-lights-on': 20, security: 8 },
      },
      jitter: ['platform', 'keep-the-lights-on'],
    },
  },
  current: {
    checkout: {
      base: { 'new-features': 45, 'existing-features': 18, 'tech-debt': 8, reliability: 6, incidents: 5, support: 8, 'keep-the-lights-on': 5, security: 5 },
      jitter: ['new-features', 'incidents'],
    },
    insights: {
      base: { 'new-features': 40, 'existing-features': 25, productivity: 5, 'tech-debt': 8, support: 12, incidents: 4, 'keep-the-lights-on': 3, security: 3 },
      weeks: {
        3: { 'new-features': 36, 'existing-features': 22, productivity: 4, 'tech-debt': 6, support: 19, incidents: 6, 'keep-the-lights-on': 4, security: 3 },
      },
      jitter: ['existing-features', 'support'],
    },
    platform: {
      base: { platform: 45, productivity: 22, reliability: 12, 'tech-debt': 6, incidents: 6, 'keep-the-lights-on': 6, security: 3 },
      jitter: ['productivity', 'incidents'],
    },
  },
};

/**
 * The organisation's own model, published as taxonomy version 2 at the current quarter's planning
 * (in force from its first week): the same ten categories, so every mix above stays valid and the
 * previous quarter reads unchanged, plus the org's third breakdown, KTLO / new work / tech debt.
 */
export const ORG_TAXONOMY = {
  categories: BUILT_IN_TAXONOMY.categories.map(({ key, name, description, group }) => ({ key, name, description, group })),
  breakdowns: [
    {
      key: 'work-type',
      name: 'KTLO / new work / tech debt',
      description: 'How the leadership team plans a quarter: keeping the lights on, new work, and paying down or building up.',
      groups: [
        { key: 'ktlo', name: 'KTLO', description: 'Keeping the lights on: must-do work.', categories: ['incidents', 'security', 'support', 'keep-the-lights-on'] },
        { key: 'new-work', name: 'New work', description: 'Product features, new and existing.', categories: ['new-features', 'existing-features'] },
        { key: 'tech-debt', name: 'Tech debt', description: 'Refactoring, platform, tooling and chosen reliability work.', categories: ['tech-debt', 'productivity', 'platform', 'reliability'] },
      ],
    },
  ],
  reason: 'Plan and report in our own words: KTLO / new work / tech debt next to elective and innovation.',
};

/** The org-wide target on the org's own breakdown, set with the taxonomy (behind it: the weekly allocation decision). */
export const ORG_TARGET = {
  groups: [
    { breakdown: 'work-type', group: 'ktlo', percent: 25, tolerance: 5 },
    { breakdown: 'work-type', group: 'new-work', percent: 50, tolerance: 10 },
  ],
  reason: 'At most a quarter of the week on KTLO, half on new work, in the model we plan in.',
  decision: 'decision:weekly-allocation',
};

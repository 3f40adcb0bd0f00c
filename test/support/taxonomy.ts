import type { TaxonomyDefinition } from '../../domain/allocation/events.ts';

/**
 * An org's own version 2 of the allocation taxonomy, as the tests publish it (a valid
 * defineAllocationTaxonomy input and, with `type`, a command): the four non-elective categories
 * but security fold into "ktlo-ops", "new-features" is renamed, "productivity" splits between
 * platform and tech debt, and a third breakdown groups the week into KTLO / new work / tech debt.
 * Kept keys (security, existing-features, tech-debt, platform, reliability) map to themselves.
 */
export const WORK_TYPE = 'work-type';

export const taxonomyV2 = (effectiveFrom = '2026-W10'): TaxonomyDefinition => ({
  version: 2,
  effectiveFrom,
  categories: [
    { key: 'ktlo-ops', name: 'KTLO operations', description: 'Incidents, support and routine operations.', group: 'NON_ELECTIVE' },
    { key: 'security', name: 'Security', description: 'Must-do security work.', group: 'NON_ELECTIVE' },
    { key: 'new-products', name: 'New products', description: 'Products and features that did not exist before.', group: 'FEATURES' },
    { key: 'existing-features', name: 'Existing features', description: 'Iterating on what customers use.', group: 'FEATURES' },
    { key: 'tech-debt', name: 'Tech debt', description: 'Refactoring.', group: 'TUNE_UP' },
    { key: 'platform', name: 'Platform', description: 'Shared building blocks and developer tooling.', group: 'TUNE_UP' },
    { key: 'reliability', name: 'Reliability', description: 'Chosen reliability work.', group: 'TUNE_UP' },
  ],
  breakdowns: [
    {
      key: WORK_TYPE,
      name: 'KTLO / new work / tech debt',
      description: 'How the org plans its quarters.',
      groups: [
        { key: 'ktlo', name: 'KTLO', description: 'Keeping the lights on.', categories: ['ktlo-ops', 'security'] },
        { key: 'new-work', name: 'New work', description: 'Product work.', categories: ['new-products', 'existing-features'] },
        { key: 'tech-debt', name: 'Tech debt', description: 'Paying down and building up.', categories: ['tech-debt', 'platform', 'reliability'] },
      ],
    },
  ],
  mapping: [
    { from: 'incidents', to: [{ category: 'ktlo-ops', share: 100 }] },
    { from: 'support', to: [{ category: 'ktlo-ops', share: 100 }] },
    { from: 'keep-the-lights-on', to: [{ category: 'ktlo-ops', share: 100 }] },
    { from: 'new-features', to: [{ category: 'new-products', share: 100 }] },
    { from: 'productivity', to: [{ category: 'platform', share: 50 }, { category: 'tech-debt', share: 50 }] },
  ],
});

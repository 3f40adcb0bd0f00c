import type { AllocationEntry } from './events.ts';
import type { DomainError } from '../decider.ts';

/**
 * The category taxonomy of time allocation. Version 1 is built in (the ten categories below);
 * an organisation publishes its own later versions as events (`defineAllocationTaxonomy`,
 * domain/allocation/allocation-taxonomy.ts). Every report and target event stores the version its
 * categories come from, so old records keep their meaning when a later version renames, splits or
 * adds categories.
 *
 * Two built-in ways to split the week, from flags every category of every version has:
 * - elective or not (Dropbox's model, from the seeds): non-elective work must be done whatever the
 *   plan says (incidents, security, support, keeping the lights on); elective work is chosen.
 * - innovation or tune-up (the seeds' "speed of innovation"): innovation is product feature work,
 *   new or existing; tune-up is everything that keeps the business running and makes the next
 *   feature faster. Innovation + tune-up is always the whole week.
 * A version may add breakdowns of its own (e.g. KTLO / new work / tech debt): each groups every
 * category of the version into exactly one of its groups.
 */

export type CategoryNature = 'INNOVATION' | 'TUNE_UP';

/** NON_ELECTIVE: must-do work; FEATURES and TUNE_UP: elective work on product features or on the speed of innovation. */
export type CategoryGroup = 'NON_ELECTIVE' | 'FEATURES' | 'TUNE_UP';

export interface AllocationCategory {
  key: string;
  name: string;
  description: string;
  group: CategoryGroup;
  elective: boolean;
  nature: CategoryNature;
  taxonomyVersion: number;
}

export interface BreakdownGroup {
  key: string;
  name: string;
  description: string;
  /** Keys of the version's categories in this group. */
  categories: string[];
}

/** A way to group the categories of a version: every category is in exactly one group. */
export interface AllocationBreakdown {
  key: string;
  name: string;
  description: string;
  /** The elective and nature breakdowns, which every version has, derived from the categories' flags. */
  builtIn: boolean;
  groups: BreakdownGroup[];
}

/** Where an old category's time goes in the next version: shares (percent of it) adding up to 100. */
export interface CategoryMapping {
  from: string;
  to: { category: string; share: number }[];
}

/** One published version of the taxonomy. */
export interface AllocationTaxonomy {
  version: number;
  /** The first ISO week it is in force for; null for version 1, in force for every week before version 2. */
  effectiveFrom: string | null;
  categories: AllocationCategory[];
  /** The built-in breakdowns first, then the version's own. */
  breakdowns: AllocationBreakdown[];
  /** From every category of the previous version (empty for version 1). */
  mapping: CategoryMapping[];
  /** When it was published; null for the built-in version 1. */
  definedAt: string | null;
}

/** The built-in version, in force for every week before the first version an organisation publishes. */
export const TAXONOMY_VERSION = 1;

export const ELECTIVE_BREAKDOWN = 'elective';
export const NATURE_BREAKDOWN = 'nature';
export const BUILT_IN_BREAKDOWNS = [ELECTIVE_BREAKDOWN, NATURE_BREAKDOWN] as const;

/** The two breakdowns every version has, from its categories' flags. */
export function builtInBreakdowns(categories: readonly AllocationCategory[]): AllocationBreakdown[] {
  const keys = (keep: (c: AllocationCategory) => boolean) => categories.filter(keep).map((c) => c.key);
  const group = (key: string, name: string, description: string, keep: (c: AllocationCategory) => boolean): BreakdownGroup => ({
    key,
    name,
    description,
    categories: keys(keep),
  });
  return [
    {
      key: ELECTIVE_BREAKDOWN,
      name: 'Elective / non-elective',
      description: 'Chosen work against must-do work (incidents, security, support, keeping the lights on).',
      builtIn: true,
      groups: [
        group('elective', 'Elective', 'Work the plan chose.', (c) => c.elective),
        group('non-elective', 'Non-elective', 'Work that must be done whatever the plan says.', (c) => !c.elective),
      ],
    },
    {
      key: NATURE_BREAKDOWN,
      name: 'Innovation / tune-up',
      description: 'Product feature work against everything that runs the business and speeds up innovation.',
      builtIn: true,
      groups: [
        group('innovation', 'Innovation', 'Product feature work, new or existing.', (c) => c.nature === 'INNOVATION'),
        group('tune-up', 'Tune-up', 'Work that keeps the business running and makes the next feature faster.', (c) => c.nature === 'TUNE_UP'),
      ],
    },
  ];
}

/** A category of a version from its group: non-elective work counts as tune-up, so innovation + tune-up is the whole week. */
export const category = (key: string, name: string, group: CategoryGroup, description: string, taxonomyVersion = TAXONOMY_VERSION): AllocationCategory => ({
  key,
  name,
  description,
  group,
  elective: group !== 'NON_ELECTIVE',
  nature: group === 'FEATURES' ? 'INNOVATION' : 'TUNE_UP',
  taxonomyVersion,
});

const VERSION_1: AllocationCategory[] = [
  category('incidents', 'Incidents', 'NON_ELECTIVE', 'Fires: outages, on-call, incident response and follow-ups that cannot wait.'),
  category('security', 'Security', 'NON_ELECTIVE', 'Vulnerabilities, patches, audits and compliance work that must be done.'),
  category('support', 'Support', 'NON_ELECTIVE', 'Customer escalations and questions from support and other teams.'),
  category('keep-the-lights-on', 'Keep the lights on', 'NON_ELECTIVE', 'Routine operations: upgrades, certificates, data fixes.'),
  category('new-features', 'New features', 'FEATURES', 'Product work that did not exist before: new products, features and experiments.'),
  category('existing-features', 'Existing features', 'FEATURES', 'Enhancing and iterating on features customers already use.'),
  category('productivity', 'Productivity', 'TUNE_UP', 'Developer and internal-staff productivity: automation, tooling, faster releases.'),
  category('tech-debt', 'Tech debt', 'TUNE_UP', 'Refactoring to keep components secure, scalable and easy to change.'),
  category('platform', 'Platform', 'TUNE_UP', 'Common building blocks and reusable components that product teams build on.'),
  category('reliability', 'Reliability', 'TUNE_UP', 'Chosen work on availability, latency, scale, and fast incident detection and response.'),
];

export const BUILT_IN_TAXONOMY: AllocationTaxonomy = {
  version: TAXONOMY_VERSION,
  effectiveFrom: null,
  categories: VERSION_1,
  breakdowns: builtInBreakdowns(VERSION_1),
  mapping: [],
  definedAt: null,
};

/** The versions before any is published: the built-in one. */
export const BUILT_IN_TAXONOMIES: readonly AllocationTaxonomy[] = [BUILT_IN_TAXONOMY];

/**
 * The version in force for an ISO week: the latest version whose `effectiveFrom` is that week or
 * earlier (version 1 for every week before version 2). `versions` are oldest first, as published.
 * The one answer to "which categories count for this week", for reports, targets, the importer and alerts.
 */
export function taxonomyInForce<T extends Pick<AllocationTaxonomy, 'effectiveFrom'>>(versions: readonly T[], week: string): T {
  for (let i = versions.length - 1; i > 0; i--) if (versions[i]!.effectiveFrom! <= week) return versions[i]!;
  return versions[0]!;
}

export const taxonomyVersionOf = (versions: readonly AllocationTaxonomy[], version: number): AllocationTaxonomy | undefined =>
  versions[version - 1];

export const categoryIn = (taxonomy: AllocationTaxonomy, key: string): AllocationCategory | undefined =>
  taxonomy.categories.find((c) => c.key === key);

export const breakdownIn = (taxonomy: AllocationTaxonomy, key: string): AllocationBreakdown | undefined =>
  taxonomy.breakdowns.find((b) => b.key === key);

/** A version the caller expected for `week` that is not the one in force then. */
export function versionErrors(expected: number | undefined, taxonomy: AllocationTaxonomy, field: string[], week: string): DomainError[] {
  if (expected === undefined || expected === taxonomy.version) return [];
  return [{ code: 'INVALID_INPUT', field, message: `${week} is under taxonomy version ${taxonomy.version}, not ${expected}` }];
}

/** Percents may be given with decimals; sums within this many points of 100 count as 100. */
export const SUM_TOLERANCE = 0.5;

/** Rounds a percentage to two decimals, so sums of decimals read as people expect (0.3, not 0.30000000000000004). */
export const roundPercent = (value: number): number => Math.round(value * 100) / 100;

export const sumOf = (entries: readonly Pick<AllocationEntry, 'percent'>[]): number =>
  roundPercent(entries.reduce((sum, e) => sum + e.percent, 0));

/** Unknown and repeated categories in a list of entries, at `entries.<i>.category`. */
export function categoryErrors(entries: readonly Pick<AllocationEntry, 'category'>[], taxonomy: AllocationTaxonomy): DomainError[] {
  const known = taxonomy.categories.map((c) => c.key);
  return entries.flatMap(({ category: key }, i): DomainError[] => {
    const field = ['entries', String(i), 'category'];
    if (!known.includes(key)) {
      const message = `"${key}" is not a category of taxonomy version ${taxonomy.version}; use one of ${known.join(', ')}`;
      return [{ code: 'INVALID_INPUT', field, message }];
    }
    if (entries.findIndex((e) => e.category === key) !== i) {
      return [{ code: 'INVALID_INPUT', field, message: `The category "${key}" appears more than once` }];
    }
    return [];
  });
}

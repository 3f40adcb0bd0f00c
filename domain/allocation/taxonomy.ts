import type { AllocationEntry } from './events.ts';
import type { DomainError } from '../decider.ts';

/**
 * The category taxonomy of time allocation, as versioned code. Every report and target event
 * stores the version its categories come from, so old records keep their meaning when a later
 * version renames, splits or adds categories. A new version is a new entry in TAXONOMIES (never an
 * edit of an old one) and TAXONOMY_VERSION moves to it.
 *
 * Two independent ways to split the week:
 * - elective or not (Dropbox's model, from the seeds): non-elective work must be done whatever the
 *   plan says (incidents, security, support, keeping the lights on); elective work is chosen.
 * - innovation or tune-up (the seeds' "speed of innovation"): innovation is product feature work,
 *   new or existing; tune-up is everything that keeps the business running and makes the next
 *   feature faster. The non-elective categories are "run the business" work, so they count as
 *   tune-up too: innovation + tune-up is always the whole week.
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

export const TAXONOMY_VERSION = 1;

const category = (key: string, name: string, group: CategoryGroup, description: string): AllocationCategory => ({
  key,
  name,
  description,
  group,
  elective: group !== 'NON_ELECTIVE',
  nature: group === 'FEATURES' ? 'INNOVATION' : 'TUNE_UP',
  taxonomyVersion: 1,
});

const VERSION_1: readonly AllocationCategory[] = [
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

export const TAXONOMIES: Readonly<Record<number, readonly AllocationCategory[]>> = { 1: VERSION_1 };

export function categoriesOf(version: number = TAXONOMY_VERSION): readonly AllocationCategory[] {
  const categories = TAXONOMIES[version];
  if (!categories) throw new RangeError(`No allocation taxonomy has version ${version}`);
  return categories;
}

export const categoryOf = (key: string, version: number = TAXONOMY_VERSION): AllocationCategory | undefined =>
  categoriesOf(version).find((c) => c.key === key);

/** Percents may be given with decimals; sums within this many points of 100 count as 100. */
export const SUM_TOLERANCE = 0.5;

/** Rounds a percentage to two decimals, so sums of decimals read as people expect (0.3, not 0.30000000000000004). */
export const roundPercent = (value: number): number => Math.round(value * 100) / 100;

export const sumOf = (entries: readonly Pick<AllocationEntry, 'percent'>[]): number =>
  roundPercent(entries.reduce((sum, e) => sum + e.percent, 0));

/** Unknown and repeated categories in a list of entries, at `entries.<i>.category`. */
export function categoryErrors(entries: readonly Pick<AllocationEntry, 'category'>[], version: number): DomainError[] {
  const known = categoriesOf(version).map((c) => c.key);
  return entries.flatMap(({ category: key }, i): DomainError[] => {
    const field = ['entries', String(i), 'category'];
    if (!known.includes(key)) {
      const message = `"${key}" is not a category of taxonomy version ${version}; use one of ${known.join(', ')}`;
      return [{ code: 'INVALID_INPUT', field, message }];
    }
    if (entries.findIndex((e) => e.category === key) !== i) {
      return [{ code: 'INVALID_INPUT', field, message: `The category "${key}" appears more than once` }];
    }
    return [];
  });
}

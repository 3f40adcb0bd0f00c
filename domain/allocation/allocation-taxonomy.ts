import { accept, refuse, type Decided, type DomainError, type RecordedEvent, recordKind } from '../decider.ts';
import {
  ALLOCATION_TAXONOMY_ID,
  ALLOCATION_TAXONOMY_STREAM,
  allocationTaxonomyEvents,
  type AllocationTaxonomyEvent,
  type TaxonomyDefinition,
} from './events.ts';
import {
  BUILT_IN_BREAKDOWNS,
  BUILT_IN_TAXONOMIES,
  builtInBreakdowns,
  category,
  roundPercent,
  SUM_TOLERANCE,
  type AllocationTaxonomy,
  type CategoryMapping,
} from './taxonomy.ts';

/** Every version of the organisation's taxonomy, oldest first: the built-in version 1, then those published. */
export interface AllocationTaxonomyState {
  id: string;
  /** Of the stream: 0 until a version is published (the taxonomy's own version is this + 1). */
  version: number;
  versions: readonly AllocationTaxonomy[];
  updatedAt: string | null;
}

/** `mapping` may leave out a category whose key the new version keeps: it maps to itself. */
export type AllocationTaxonomyCommand = { type: 'DefineAllocationTaxonomy' } & TaxonomyDefinition;

export const initialAllocationTaxonomyState = (id: string = ALLOCATION_TAXONOMY_ID): AllocationTaxonomyState => ({
  id,
  version: 0,
  versions: BUILT_IN_TAXONOMIES,
  updatedAt: null,
});

const invalid = (field: (string | number)[], message: string): DomainError => ({ code: 'INVALID_INPUT', field: field.map(String), message });

/** Keys given twice in a list, each at `<at>.<i>.key` after its first use. */
function repeatedKeys(items: readonly { key: string }[], at: (string | number)[], what: string): DomainError[] {
  return items.flatMap((item, i) =>
    items.findIndex((o) => o.key === item.key) !== i ? [invalid([...at, i, 'key'], `The ${what} key "${item.key}" is used more than once`)] : [],
  );
}

function groupingErrors(definition: TaxonomyDefinition, keys: ReadonlySet<string>): DomainError[] {
  const errors = repeatedKeys(definition.breakdowns, ['breakdowns'], 'breakdown');
  definition.breakdowns.forEach((breakdown, b) => {
    if ((BUILT_IN_BREAKDOWNS as readonly string[]).includes(breakdown.key)) {
      errors.push(invalid(['breakdowns', b, 'key'], `"${breakdown.key}" is a built-in breakdown every version has; choose another key`));
    }
    errors.push(...repeatedKeys(breakdown.groups, ['breakdowns', b, 'groups'], 'group'));
    const placed = new Map<string, string>();
    breakdown.groups.forEach((group, g) =>
      group.categories.forEach((key, c) => {
        const at = ['breakdowns', b, 'groups', g, 'categories', c];
        if (!keys.has(key)) errors.push(invalid(at, `"${key}" is not a category of this version`));
        else if (placed.has(key)) errors.push(invalid(at, `"${key}" is already in the group "${placed.get(key)}": a category is in one group of a breakdown`));
        else placed.set(key, group.key);
      }),
    );
    const left = [...keys].filter((key) => !placed.has(key));
    if (left.length) errors.push(invalid(['breakdowns', b, 'groups'], `Every category must be in a group of "${breakdown.key}"; not placed: ${left.join(', ')}`));
  });
  return errors;
}

/** The mapping from `previous` written out in full (kept keys map to themselves), or the errors that stop it. */
function fullMapping(definition: TaxonomyDefinition, previous: AllocationTaxonomy, keys: ReadonlySet<string>): { mapping: CategoryMapping[]; errors: DomainError[] } {
  const errors: DomainError[] = [];
  const oldKeys = previous.categories.map((c) => c.key);
  definition.mapping.forEach((entry, m) => {
    if (!oldKeys.includes(entry.from)) {
      errors.push(invalid(['mapping', m, 'from'], `"${entry.from}" is not a category of version ${previous.version}; map one of ${oldKeys.join(', ')}`));
    } else if (definition.mapping.findIndex((o) => o.from === entry.from) !== m) {
      errors.push(invalid(['mapping', m, 'from'], `"${entry.from}" is mapped more than once`));
    }
    entry.to.forEach((target, t) => {
      if (!keys.has(target.category)) errors.push(invalid(['mapping', m, 'to', t, 'category'], `"${target.category}" is not a category of this version`));
      else if (entry.to.findIndex((o) => o.category === target.category) !== t) {
        errors.push(invalid(['mapping', m, 'to', t, 'category'], `"${target.category}" is listed more than once`));
      }
    });
    const sum = roundPercent(entry.to.reduce((total, target) => total + target.share, 0));
    if (Math.abs(sum - 100) > SUM_TOLERANCE) {
      errors.push(invalid(['mapping', m, 'to'], `The shares of "${entry.from}" add up to ${sum}, not 100: all of its time goes somewhere`));
    }
  });
  const mapping = oldKeys.flatMap((from): CategoryMapping[] => {
    const given = definition.mapping.find((entry) => entry.from === from);
    if (given) return [{ from, to: given.to }];
    if (keys.has(from)) return [{ from, to: [{ category: from, share: 100 }] }];
    errors.push(invalid(['mapping'], `"${from}" of version ${previous.version} is not in this version: map it to one or more of its categories`));
    return [];
  });
  return { mapping, errors };
}

/**
 * Rules of a new version: it is the next number, in force from a week after the previous
 * version's first week, with unique categories, breakdowns that place every category in exactly
 * one group, and a mapping that takes every category of the previous version somewhere.
 */
function decide(command: AllocationTaxonomyCommand, state: AllocationTaxonomyState): Decided<AllocationTaxonomyEvent> {
  const { type: _type, ...definition } = command;
  const previous = state.versions[state.versions.length - 1]!;
  const errors: DomainError[] = [];
  if (definition.version !== previous.version + 1) {
    errors.push(invalid(['version'], `Version ${previous.version} is the latest: the next one to publish is ${previous.version + 1}`));
  }
  if (previous.effectiveFrom !== null && definition.effectiveFrom <= previous.effectiveFrom) {
    errors.push(invalid(['effectiveFrom'], `Version ${previous.version} is in force from ${previous.effectiveFrom}: a new version starts after it`));
  }
  errors.push(...repeatedKeys(definition.categories, ['categories'], 'category'));
  const keys = new Set(definition.categories.map((c) => c.key));
  errors.push(...groupingErrors(definition, keys));
  const { mapping, errors: mappingErrors } = fullMapping(definition, previous, keys);
  errors.push(...mappingErrors);
  if (errors.length) return refuse(...errors);
  return accept({ type: 'AllocationTaxonomyDefined', payload: { ...definition, mapping } });
}

/** A published version as the read side uses it: categories with their flags, the built-in breakdowns added. */
export function taxonomyOf(payload: TaxonomyDefinition, definedAt: string | null): AllocationTaxonomy {
  const categories = payload.categories.map((c) => category(c.key, c.name, c.group, c.description, payload.version));
  const own = payload.breakdowns.map((b) => ({ ...b, builtIn: false }));
  return { version: payload.version, effectiveFrom: payload.effectiveFrom, categories, breakdowns: [...builtInBreakdowns(categories), ...own], mapping: payload.mapping, definedAt };
}

function evolve(state: AllocationTaxonomyState, event: RecordedEvent<AllocationTaxonomyEvent>): AllocationTaxonomyState {
  return { ...state, version: event.version, versions: [...state.versions, taxonomyOf(event.payload, event.recordedAt)], updatedAt: event.recordedAt };
}

export const allocationTaxonomies = recordKind<AllocationTaxonomyCommand, AllocationTaxonomyState, AllocationTaxonomyEvent>(
  ALLOCATION_TAXONOMY_STREAM,
  allocationTaxonomyEvents,
  { initialState: initialAllocationTaxonomyState, decide, evolve },
);

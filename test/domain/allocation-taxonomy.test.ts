import { describe, expect, it } from 'vitest';
import { allocationTaxonomies, initialAllocationTaxonomyState, type AllocationTaxonomyCommand } from '../../domain/allocation/allocation-taxonomy.ts';
import { allocationReportDecider, initialAllocationReportState } from '../../domain/allocation/allocation-report.ts';
import { allocationTargetDecider, initialAllocationTargetState, type AllocationTargetCommand } from '../../domain/allocation/allocation-target.ts';
import { mapEntries, TaxonomyMappingError } from '../../domain/allocation/breakdown.ts';
import {
  ALLOCATION_REPORT_STREAM,
  ALLOCATION_TARGET_STREAM,
  ALLOCATION_TAXONOMY_ID,
  ALLOCATION_TAXONOMY_STREAM,
  type AllocationTaxonomyEvent,
  type TaxonomyDefinition,
} from '../../domain/allocation/events.ts';
import { DefineAllocationTaxonomyInput } from '../../domain/allocation/inputs.ts';
import { taxonomyInForce } from '../../domain/allocation/taxonomy.ts';
import { TEAM_STREAM } from '../../domain/teams/events.ts';
import { initialTeamState, teamDecider } from '../../domain/teams/team.ts';
import { deciderSpec } from '../support/decider-spec.ts';
import { taxonomyV2, WORK_TYPE } from '../support/taxonomy.ts';

const spec = deciderSpec(allocationTaxonomies.decider, () => initialAllocationTaxonomyState(), {
  stream: { kind: ALLOCATION_TAXONOMY_STREAM, id: ALLOCATION_TAXONOMY_ID },
});

const define = (definition: TaxonomyDefinition): AllocationTaxonomyCommand => ({ type: 'DefineAllocationTaxonomy', ...definition });

/** The event version 2 is published as: every category of version 1 mapped, in version 1's order. */
const v2Defined = (): AllocationTaxonomyEvent => ({
  type: 'AllocationTaxonomyDefined',
  payload: {
    ...taxonomyV2(),
    mapping: [
      { from: 'incidents', to: [{ category: 'ktlo-ops', share: 100 }] },
      { from: 'security', to: [{ category: 'security', share: 100 }] },
      { from: 'support', to: [{ category: 'ktlo-ops', share: 100 }] },
      { from: 'keep-the-lights-on', to: [{ category: 'ktlo-ops', share: 100 }] },
      { from: 'new-features', to: [{ category: 'new-products', share: 100 }] },
      { from: 'existing-features', to: [{ category: 'existing-features', share: 100 }] },
      { from: 'productivity', to: [{ category: 'platform', share: 50 }, { category: 'tech-debt', share: 50 }] },
      { from: 'tech-debt', to: [{ category: 'tech-debt', share: 100 }] },
      { from: 'platform', to: [{ category: 'platform', share: 100 }] },
      { from: 'reliability', to: [{ category: 'reliability', share: 100 }] },
    ],
  },
});

/** Version 3 from week 20: "reliability" is folded into "platform", the rest kept. */
const v3 = (over: Partial<TaxonomyDefinition> = {}): TaxonomyDefinition => {
  const v2 = taxonomyV2();
  return {
    ...v2,
    version: 3,
    effectiveFrom: '2026-W20',
    categories: v2.categories.filter((c) => c.key !== 'reliability'),
    breakdowns: [{ ...v2.breakdowns[0]!, groups: v2.breakdowns[0]!.groups.map((g) => ({ ...g, categories: g.categories.filter((c) => c !== 'reliability') })) }],
    mapping: [{ from: 'reliability', to: [{ category: 'platform', share: 100 }] }],
    ...over,
  };
};

describe('DefineAllocationTaxonomy', () => {
  it('publishes version 2 with the mapping written out in full (kept keys map to themselves)', () => {
    spec.given().when(define(taxonomyV2())).then([v2Defined()]);
  });

  it('folds into versions with flags from the groups and the built-in breakdowns first', () => {
    const state = spec.given([v2Defined()]).state();
    expect(state.version).toBe(1);
    expect(state.versions.map((v) => [v.version, v.effectiveFrom])).toEqual([[1, null], [2, '2026-W10']]);
    const v2 = state.versions[1]!;
    expect(v2.categories.find((c) => c.key === 'ktlo-ops')).toMatchObject({ elective: false, nature: 'TUNE_UP', group: 'NON_ELECTIVE', taxonomyVersion: 2 });
    expect(v2.breakdowns.map((b) => [b.key, b.builtIn])).toEqual([['elective', true], ['nature', true], [WORK_TYPE, false]]);
    expect(v2.breakdowns[0]!.groups.find((g) => g.key === 'non-elective')!.categories).toEqual(['ktlo-ops', 'security']);
  });

  it('puts each week under the latest version whose effectiveFrom is that week or earlier', () => {
    const versions = spec.given([v2Defined(), { type: 'AllocationTaxonomyDefined', payload: { ...v3(), mapping: [] } }]).state().versions;
    expect(['2020-W01', '2026-W09', '2026-W10', '2026-W19', '2026-W20', '2027-W01'].map((w) => taxonomyInForce(versions, w).version)).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('refuses a version number that is not the next one', () => {
    spec.given().when(define({ ...taxonomyV2(), version: 3 })).thenFails({ code: 'INVALID_INPUT', field: ['version'], message: /next one to publish is 2/ });
    spec.given([v2Defined()]).when(define(taxonomyV2())).thenFails(
      { code: 'INVALID_INPUT', field: ['version'], message: /next one to publish is 3/ },
      { code: 'INVALID_INPUT', field: ['effectiveFrom'] },
      // Version 2's mapping names categories of version 1, not of version 2.
      ...['incidents', 'support', 'keep-the-lights-on', 'new-features', 'productivity'].map((_, i) => ({ code: 'INVALID_INPUT' as const, field: ['mapping', String(i), 'from'] })),
    );
  });

  it('refuses a version in force no later than the previous one', () => {
    spec.given([v2Defined()]).when(define(v3({ effectiveFrom: '2026-W10' }))).thenFails({ code: 'INVALID_INPUT', field: ['effectiveFrom'], message: /in force from 2026-W10/ });
    spec.given([v2Defined()]).when(define(v3({ effectiveFrom: '2026-W03' }))).thenFails({ code: 'INVALID_INPUT', field: ['effectiveFrom'] });
  });

  it('refuses duplicate category keys, at the repeat', () => {
    const v2 = taxonomyV2();
    const categories = [...v2.categories, { ...v2.categories[0]!, name: 'Again' }];
    spec.given().when(define({ ...v2, categories })).thenFails({ code: 'INVALID_INPUT', field: ['categories', '7', 'key'], message: /"ktlo-ops" is used more than once/ });
  });

  it('refuses a breakdown that names an unknown category, places one twice or leaves one out', () => {
    const v2 = taxonomyV2();
    const [ktlo, work, debt] = v2.breakdowns[0]!.groups;
    const withGroups = (groups: typeof v2.breakdowns[0]['groups']) => ({ ...v2, breakdowns: [{ ...v2.breakdowns[0]!, groups }] });
    spec.given().when(define(withGroups([{ ...ktlo!, categories: [...ktlo!.categories, 'meetings'] }, work!, debt!]))).thenFails({
      code: 'INVALID_INPUT',
      field: ['breakdowns', '0', 'groups', '0', 'categories', '2'],
      message: /"meetings" is not a category/,
    });
    spec.given().when(define(withGroups([ktlo!, { ...work!, categories: [...work!.categories, 'security'] }, debt!]))).thenFails({
      code: 'INVALID_INPUT',
      field: ['breakdowns', '0', 'groups', '1', 'categories', '2'],
      message: /already in the group "ktlo"/,
    });
    spec.given().when(define(withGroups([ktlo!, work!, { ...debt!, categories: ['tech-debt'] }]))).thenFails({
      code: 'INVALID_INPUT',
      field: ['breakdowns', '0', 'groups'],
      message: /not placed: platform, reliability/,
    });
  });

  it('refuses a breakdown key that is built in, and repeated breakdown or group keys', () => {
    const v2 = taxonomyV2();
    const own = v2.breakdowns[0]!;
    spec.given().when(define({ ...v2, breakdowns: [{ ...own, key: 'elective' }] })).thenFails({ code: 'INVALID_INPUT', field: ['breakdowns', '0', 'key'], message: /built-in/ });
    spec.given().when(define({ ...v2, breakdowns: [own, own] })).thenFails({ code: 'INVALID_INPUT', field: ['breakdowns', '1', 'key'] });
    const sameGroup = { ...own, groups: [own.groups[0]!, { ...own.groups[1]!, key: 'ktlo' }, own.groups[2]!] };
    spec.given().when(define({ ...v2, breakdowns: [sameGroup] })).thenFails({ code: 'INVALID_INPUT', field: ['breakdowns', '0', 'groups', '1', 'key'] });
  });

  it('refuses a mapping that leaves an old category unmapped', () => {
    const v2 = taxonomyV2();
    spec.given().when(define({ ...v2, mapping: v2.mapping.filter((m) => m.from !== 'support') })).thenFails({
      code: 'INVALID_INPUT',
      field: ['mapping'],
      message: /"support" of version 1 is not in this version/,
    });
  });

  it('refuses a mapping to an unknown category, from an unknown one, twice, or with shares that do not add up to 100', () => {
    const v2 = taxonomyV2();
    const mapping = [...v2.mapping];
    mapping[4] = { from: 'productivity', to: [{ category: 'platform', share: 50 }, { category: 'tooling', share: 40 }] };
    spec.given().when(define({ ...v2, mapping })).thenFails(
      { code: 'INVALID_INPUT', field: ['mapping', '4', 'to', '1', 'category'], message: /"tooling" is not a category/ },
      { code: 'INVALID_INPUT', field: ['mapping', '4', 'to'], message: /add up to 90, not 100/ },
    );
    spec.given().when(define({ ...v2, mapping: [...v2.mapping, { from: 'meetings', to: [{ category: 'platform', share: 100 }] }, v2.mapping[0]!] })).thenFails(
      { code: 'INVALID_INPUT', field: ['mapping', '5', 'from'], message: /"meetings" is not a category of version 1/ },
      { code: 'INVALID_INPUT', field: ['mapping', '6', 'from'], message: /mapped more than once/ },
    );
  });

  it('validates inputs: keys, an ISO week, version 2 or later, at least one category', () => {
    const parse = (over: object) => DefineAllocationTaxonomyInput.safeParse({ ...taxonomyV2(), ...over }).error?.issues[0]?.path;
    expect(DefineAllocationTaxonomyInput.safeParse(taxonomyV2()).success).toBe(true);
    expect(parse({ effectiveFrom: '2026-10' })).toEqual(['effectiveFrom']);
    expect(parse({ version: 1 })).toEqual(['version']);
    expect(parse({ categories: [] })).toEqual(['categories']);
    expect(parse({ categories: [{ key: 'Has Space', name: 'x', group: 'TUNE_UP' }] })).toEqual(['categories', 0, 'key']);
  });
});

describe('reports and targets against the version in force for their week', () => {
  const versions = spec.given([v2Defined()]).state().versions;
  const team = deciderSpec(teamDecider, () => initialTeamState('payments'), { stream: { kind: TEAM_STREAM, id: 'payments' } }).stateAfter([
    { type: 'TeamDefined', payload: { name: 'Payments', kind: 'PRODUCT', headcount: 6, effectiveWeek: '2026-W01' } },
  ]);
  const reportSpec = (week: string) =>
    deciderSpec(allocationReportDecider, () => initialAllocationReportState(`payments.${week}`), { stream: { kind: ALLOCATION_REPORT_STREAM, id: `payments.${week}` } });
  const report = (week: string, entries: { category: string; percent: number }[]) =>
    ({ type: 'ReportAllocation', team, week, entries, reason: null, taxonomies: versions }) as const;

  it('records a week under version 2 with version 2, and a week before it with version 1', () => {
    const v2Entries = [{ category: 'ktlo-ops', percent: 30 }, { category: 'new-products', percent: 70 }];
    reportSpec('2026-W12').given().when(report('2026-W12', v2Entries)).then([
      { type: 'AllocationReported', payload: { team: 'payments', week: '2026-W12', taxonomyVersion: 2, entries: v2Entries } },
    ]);
    const v1Entries = [{ category: 'incidents', percent: 30 }, { category: 'new-features', percent: 70 }];
    reportSpec('2026-W09').given().when(report('2026-W09', v1Entries)).then([
      { type: 'AllocationReported', payload: { team: 'payments', week: '2026-W09', taxonomyVersion: 1, entries: v1Entries } },
    ]);
  });

  it('refuses a category of version 1 in a week under version 2, and an expected version that is not in force', () => {
    reportSpec('2026-W12').given().when(report('2026-W12', [{ category: 'incidents', percent: 100 }])).thenFails({
      code: 'INVALID_INPUT',
      field: ['entries', '0', 'category'],
      message: /"incidents" is not a category of taxonomy version 2/,
    });
    reportSpec('2026-W12').given().when({ ...report('2026-W12', [{ category: 'ktlo-ops', percent: 100 }]), taxonomyVersion: 1 }).thenFails({
      code: 'INVALID_INPUT',
      field: ['week'],
      message: /2026-W12 is under taxonomy version 2, not 1/,
    });
  });

  const targetSpec = deciderSpec(allocationTargetDecider, () => initialAllocationTargetState('t'), { stream: { kind: ALLOCATION_TARGET_STREAM, id: 't' } });
  const target = (groups: { breakdown: string; group: string; percent: number; tolerance: number }[]): AllocationTargetCommand => ({
    type: 'SetAllocationTarget',
    team: null,
    fromWeek: '2026-W10',
    entries: [],
    groups,
    decision: null,
    taxonomies: versions,
  });

  it('sets a target on groups of the org’s breakdown and of a built-in one', () => {
    const groups = [
      { breakdown: WORK_TYPE, group: 'ktlo', percent: 25, tolerance: 5 },
      { breakdown: 'elective', group: 'elective', percent: 70, tolerance: 10 },
    ];
    targetSpec.given().when(target(groups)).then([
      { type: 'AllocationTargetSet', payload: { team: null, fromWeek: '2026-W10', taxonomyVersion: 2, entries: [], groups, decision: null } },
    ]);
  });

  it('refuses an unknown breakdown or group, a group twice, and a breakdown over 100%', () => {
    targetSpec.given().when(target([{ breakdown: 'kind', group: 'ktlo', percent: 20, tolerance: 5 }])).thenFails({ code: 'INVALID_INPUT', field: ['groups', '0', 'breakdown'] });
    targetSpec.given().when(target([{ breakdown: WORK_TYPE, group: 'meetings', percent: 20, tolerance: 5 }])).thenFails({
      code: 'INVALID_INPUT',
      field: ['groups', '0', 'group'],
      message: /use one of ktlo, new-work, tech-debt/,
    });
    const ktlo = { breakdown: WORK_TYPE, group: 'ktlo', percent: 60, tolerance: 5 };
    targetSpec.given().when(target([ktlo, ktlo])).thenFails(
      { code: 'INVALID_INPUT', field: ['groups', '1', 'group'], message: /more than once/ },
      { code: 'INVALID_INPUT', field: ['groups'], message: /add up to 120/ },
    );
  });
});

describe('carrying figures across versions', () => {
  const versions = spec.given([v2Defined()]).state().versions;

  it('splits an old category by its shares and merges those mapped together, in the new version’s order', () => {
    const v1 = [
      { category: 'incidents', percent: 10 },
      { category: 'support', percent: 10 },
      { category: 'new-features', percent: 40 },
      { category: 'productivity', percent: 25 },
      { category: 'tech-debt', percent: 15 },
    ];
    expect(mapEntries(v1, versions, 1, 2)).toEqual([
      { category: 'ktlo-ops', percent: 20 },
      { category: 'new-products', percent: 40 },
      { category: 'tech-debt', percent: 27.5 },
      { category: 'platform', percent: 12.5 },
    ]);
  });

  it('never carries figures back to an earlier version', () => {
    expect(() => mapEntries([{ category: 'ktlo-ops', percent: 100 }], versions, 2, 1)).toThrow(TaxonomyMappingError);
  });
});

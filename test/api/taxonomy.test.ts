import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { mutations, type ExpectedUserError } from '../support/mutations.ts';
import { taxonomyV2, WORK_TYPE } from '../support/taxonomy.ts';

/**
 * Issue 17 item 1 over HTTP on DynamoDB Local: the org's allocation taxonomy as events. A
 * taxonomy change mid-quarter (version 2 from 2026-W10), reports before and after it, trends and
 * drift across it, a target on the org's own breakdown, and bad input refused with nothing written.
 */

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('taxonomy');
  for (const [key, headcount] of [['payments', 6], ['platform', 2]] as const) {
    const result = await mutate('defineTeam', 'team { key }', { key, name: key, kind: 'PRODUCT', headcount, effectiveWeek: '2026-W01' });
    expect(result.userErrors).toEqual([]);
  }
});
afterAll(() => api.close());

const ERRORS = 'userErrors { code field message }';
const { mutate, refused: refusedWith, logSize } = mutations(() => api);
/** A mutation that must be refused with these errors (in this order) and append nothing. */
const refused = (name: string, input: Record<string, unknown>, ...errors: ExpectedUserError[]) => refusedWith(name, '__typename', input, ...errors);

const TAXONOMY = 'version effectiveFrom categories { key elective nature taxonomyVersion } breakdowns { key builtIn groups { key categories } } mapping { from to { category share } }';
const PUBLISH = `taxonomies { latest { version effectiveFrom } versions { version } }`;

async function report(team: string, week: string, entries: Record<string, number>) {
  const input = { team, week, entries: Object.entries(entries).map(([category, percent]) => ({ category, percent })) };
  const result = await mutate('reportAllocation', 'report { week taxonomyVersion }', input);
  expect(result.userErrors).toEqual([]);
  expect(result.report.week).toBe(week);
  return result.report;
}

const WEEK_ROW = `week taxonomyVersion entries { category { key taxonomyVersion } percent } splits { elective nonElective }
  breakdown(key: "${WORK_TYPE}") { groups { group { key } percent } }
  drift { category { key } actual target drift outside } groupDrift { breakdown { key } group { key } actual target drift outside } driftFlagged`;

const trend = (args: string) => api.gql(`{ allocationTrend(${args}) { ${WEEK_ROW} } }`);

describe('a taxonomy change mid-quarter', () => {
  let publishedAt = '';

  it('starts with the built-in version 1 and its two breakdowns', async () => {
    const { data } = await api.gql(`{ allocationTaxonomy { ${TAXONOMY} } allocationTaxonomies { version versions { version } } }`);
    expect(data.allocationTaxonomy).toMatchObject({ version: 1, effectiveFrom: null, mapping: [] });
    expect(data.allocationTaxonomy.categories).toHaveLength(10);
    expect(data.allocationTaxonomy.breakdowns.map((b: { key: string }) => b.key)).toEqual(['elective', 'nature']);
    expect(data.allocationTaxonomies).toEqual({ version: 0, versions: [{ version: 1 }] });
  });

  it('records reports and an org target under version 1 before the change', async () => {
    await report('payments', '2026-W08', { incidents: 10, support: 10, 'new-features': 50, productivity: 20, 'tech-debt': 10 });
    await report('platform', '2026-W08', { 'keep-the-lights-on': 20, platform: 60, productivity: 20 });
    await report('payments', '2026-W09', { incidents: 20, support: 10, 'new-features': 40, productivity: 20, 'tech-debt': 10 });
    const target = await mutate('setAllocationTarget', 'target { taxonomyVersion }', {
      fromWeek: '2026-W08',
      reason: 'At most a tenth on incidents',
      entries: [{ category: 'incidents', percent: 10, tolerance: 5 }],
    });
    expect(target).toEqual({ target: { taxonomyVersion: 1 }, userErrors: [] });
  });

  it('refuses bad versions with their field paths, writing nothing', async () => {
    const v2 = taxonomyV2();
    await refused('defineAllocationTaxonomy', { ...v2, mapping: v2.mapping.filter((m) => m.from !== 'support') }, {
      code: 'INVALID_INPUT',
      field: ['input', 'mapping'],
      message: /"support" of version 1/,
    });
    await refused('defineAllocationTaxonomy', { ...v2, categories: [...v2.categories, v2.categories[1]] }, {
      code: 'INVALID_INPUT',
      field: ['input', 'categories', '7', 'key'],
    });
    const groups = v2.breakdowns[0]!.groups.map((g, i) => (i === 0 ? { ...g, categories: [...g.categories, 'meetings'] } : g));
    await refused('defineAllocationTaxonomy', { ...v2, breakdowns: [{ ...v2.breakdowns[0], groups }] }, {
      code: 'INVALID_INPUT',
      field: ['input', 'breakdowns', '0', 'groups', '0', 'categories', '2'],
    });
    await refused('defineAllocationTaxonomy', { ...v2, version: 5 }, { code: 'INVALID_INPUT', field: ['input', 'version'], message: /next one to publish is 2/ });
    await refused('defineAllocationTaxonomy', { ...v2, effectiveFrom: '2026-W54' }, { code: 'INVALID_INPUT', field: ['input', 'effectiveFrom'] });
    const shares = v2.mapping.map((m) => (m.from === 'productivity' ? { ...m, to: [{ category: 'platform', share: 50 }] } : m));
    await refused('defineAllocationTaxonomy', { ...v2, mapping: shares }, { code: 'INVALID_INPUT', field: ['input', 'mapping', '4', 'to'], message: /add up to 50/ });
  });

  it('is published by an ADMIN only', async () => {
    const before = await logSize();
    const asLead = await api.as({ sub: 'lead-1', roles: ['LEAD'] })(`mutation($input: DefineAllocationTaxonomyInput!) { defineAllocationTaxonomy(input: $input) { ${ERRORS} } }`, {
      input: taxonomyV2(),
    });
    expect(asLead.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await logSize()).toBe(before);
  });

  it('publishes version 2 from 2026-W10 with the org’s third breakdown', async () => {
    const result = await mutate('defineAllocationTaxonomy', PUBLISH, { ...taxonomyV2('2026-W10'), reason: 'We plan in KTLO / new work / tech debt now' });
    expect(result).toEqual({ taxonomies: { latest: { version: 2, effectiveFrom: '2026-W10' }, versions: [{ version: 1 }, { version: 2 }] }, userErrors: [] });
    const { data } = await api.gql(`{ w9: allocationTaxonomy(week: "2026-W09") { version } w10: allocationTaxonomy(week: "2026-W10") { ${TAXONOMY} }
      taxonomies: allocationTaxonomies { version updatedAt history { edges { node { type reason } } } } }`);
    publishedAt = data.taxonomies.updatedAt;
    expect(data.w9.version).toBe(1);
    expect(data.w10.breakdowns.map((b: { key: string; builtIn: boolean }) => [b.key, b.builtIn])).toEqual([['elective', true], ['nature', true], [WORK_TYPE, false]]);
    expect(data.w10.mapping).toContainEqual({ from: 'productivity', to: [{ category: 'platform', share: 50 }, { category: 'tech-debt', share: 50 }] });
    expect(data.w10.mapping).toContainEqual({ from: 'security', to: [{ category: 'security', share: 100 }] });
    expect(data.taxonomies.history.edges).toEqual([{ node: { type: 'AllocationTaxonomyDefined', reason: 'We plan in KTLO / new work / tech debt now' } }]);
    // As the ledger stood before the publication, only version 1 existed.
    const before = await api.gql(`query($asOf: DateTime!) { allocationTaxonomies(asOf: $asOf) { versions { version } } }`, {
      asOf: new Date(Date.parse(publishedAt) - 1).toISOString(),
    });
    expect(before.data.allocationTaxonomies.versions).toEqual([{ version: 1 }]);
  });

  it('validates each report against the version in force for its week, and keeps it', async () => {
    await refused('reportAllocation', { team: 'payments', week: '2026-W11', entries: [{ category: 'incidents', percent: 100 }] }, {
      code: 'INVALID_INPUT',
      field: ['input', 'entries', '0', 'category'],
      message: /"incidents" is not a category of taxonomy version 2/,
    });
    expect(await report('payments', '2026-W10', { 'ktlo-ops': 30, 'new-products': 40, platform: 10, 'tech-debt': 20 })).toMatchObject({ taxonomyVersion: 2 });
    expect(await report('payments', '2026-W11', { 'ktlo-ops': 15, 'new-products': 55, platform: 10, 'tech-debt': 20 })).toMatchObject({ taxonomyVersion: 2 });
    // A week before the change is still under version 1, categories and all.
    const correction = await mutate('reportAllocation', 'report { taxonomyVersion corrections }', {
      team: 'platform',
      week: '2026-W09',
      entries: [{ category: 'keep-the-lights-on', percent: 30 }, { category: 'platform', percent: 70 }],
    });
    expect(correction).toEqual({ report: { taxonomyVersion: 1, corrections: 0 }, userErrors: [] });
    const old = await api.gql(`{ allocationReport(team: "payments", week: "2026-W08") { taxonomyVersion entries { category { key taxonomyVersion } }
      breakdown(key: "${WORK_TYPE}") { groups { percent } } elective: breakdown(key: "elective") { groups { group { key } percent } } } }`);
    expect(old.data.allocationReport).toMatchObject({ taxonomyVersion: 1, breakdown: null });
    expect(old.data.allocationReport.entries[0]).toEqual({ category: { key: 'incidents', taxonomyVersion: 1 } });
    expect(old.data.allocationReport.elective.groups).toEqual([
      { group: { key: 'elective' }, percent: 80 },
      { group: { key: 'non-elective' }, percent: 20 },
    ]);
  });

  it('sets a target on the org’s own breakdown; a breakdown the version in force lacks is refused', async () => {
    await refused(
      'setAllocationTarget',
      { fromWeek: '2026-W09', reason: 'Too early', entries: [], groups: [{ breakdown: WORK_TYPE, group: 'ktlo', percent: 20 }] },
      { code: 'INVALID_INPUT', field: ['input', 'groups', '0', 'breakdown'], message: /not a breakdown of taxonomy version 1/ },
    );
    await refused('setAllocationTarget', { fromWeek: '2026-W10', reason: 'Nothing', entries: [] }, { code: 'INVALID_INPUT', field: ['input', 'entries'] });
    const result = await mutate('setAllocationTarget', 'target { taxonomyVersion groups { breakdown group percent tolerance } }', {
      fromWeek: '2026-W10',
      reason: 'KTLO at a fifth of the week',
      entries: [],
      groups: [{ breakdown: WORK_TYPE, group: 'ktlo', percent: 20 }],
    });
    expect(result).toEqual({ target: { taxonomyVersion: 2, groups: [{ breakdown: WORK_TYPE, group: 'ktlo', percent: 20, tolerance: 5 }] }, userErrors: [] });
  });

  it('reads a team trend across the change in version 2, with drift against both targets', async () => {
    const { data, errors } = await trend(`team: "payments", fromWeek: "2026-W08", toWeek: "2026-W11", taxonomyVersion: 2`);
    expect(errors).toBeUndefined();
    const rows = data.allocationTrend;
    expect(rows.map((r: { taxonomyVersion: number }) => r.taxonomyVersion)).toEqual([2, 2, 2, 2]);
    // W08 under version 1: incidents 10 + support 10 -> ktlo-ops 20; productivity 20 -> platform 10 + tech-debt 10.
    expect(rows[0].entries).toEqual([
      { category: { key: 'ktlo-ops', taxonomyVersion: 2 }, percent: 20 },
      { category: { key: 'new-products', taxonomyVersion: 2 }, percent: 50 },
      { category: { key: 'tech-debt', taxonomyVersion: 2 }, percent: 20 },
      { category: { key: 'platform', taxonomyVersion: 2 }, percent: 10 },
    ]);
    const ktlo = (row: { breakdown: { groups: { group: { key: string }; percent: number }[] } }) => row.breakdown.groups.find((g) => g.group.key === 'ktlo')!.percent;
    expect(rows.map(ktlo)).toEqual([20, 30, 30, 15]);
    // Before W10 the version-1 target (incidents 10%) is in force, carried into version 2 as ktlo-ops.
    expect(rows[1].drift).toEqual([{ category: { key: 'ktlo-ops' }, actual: 30, target: 10, drift: 20, outside: true }]);
    expect(rows[1].groupDrift).toEqual([]);
    // From W10 the target on the org's KTLO group.
    expect(rows[2].groupDrift).toEqual([{ breakdown: { key: WORK_TYPE }, group: { key: 'ktlo' }, actual: 30, target: 20, drift: 10, outside: true }]);
    expect(rows[3].groupDrift).toEqual([{ breakdown: { key: WORK_TYPE }, group: { key: 'ktlo' }, actual: 15, target: 20, drift: -5, outside: false }]);
    expect(rows.map((r: { driftFlagged: boolean }) => r.driftFlagged)).toEqual([true, true, true, false]);
  });

  it('reads each week in its own version by default, and org-wide rows weighted by headcount', async () => {
    const own = (await trend(`team: "payments", fromWeek: "2026-W09", toWeek: "2026-W10"`)).data.allocationTrend;
    expect(own.map((r: { taxonomyVersion: number; breakdown: unknown }) => [r.taxonomyVersion, r.breakdown === null])).toEqual([[1, true], [2, false]]);
    expect(own[0].entries[0]).toEqual({ category: { key: 'incidents', taxonomyVersion: 1 }, percent: 20 });
    // W08 org-wide: payments (6) ktlo 20, platform (2) keep-the-lights-on 20 -> ktlo 20.
    const org = (await trend(`fromWeek: "2026-W08", toWeek: "2026-W08", taxonomyVersion: 2`)).data.allocationTrend[0];
    expect(org.breakdown.groups.map((g: { group: { key: string }; percent: number }) => [g.group.key, g.percent])).toEqual([
      ['ktlo', 20],
      ['new-work', 37.5],
      ['tech-debt', 42.5],
    ]);
  });

  it('refuses to carry a version-2 week back into version 1', async () => {
    const result = await trend(`team: "payments", fromWeek: "2026-W09", toWeek: "2026-W10", taxonomyVersion: 1`);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await trend(`fromWeek: "2026-W09", toWeek: "2026-W10", taxonomyVersion: 7`)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a version 3 that starts before version 2', async () => {
    await refused('defineAllocationTaxonomy', { ...taxonomyV2('2026-W09'), version: 3, mapping: [] }, {
      code: 'INVALID_INPUT',
      field: ['input', 'effectiveFrom'],
      message: /Version 2 is in force from 2026-W10/,
    });
  });
});

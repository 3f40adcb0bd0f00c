import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { AUDIT_TRAIL, RECORD } from '../support/decision-ops.ts';

const BREAKDOWN = `entries { category { key } percent } splits { elective nonElective innovation tuneUp }
  drift { category { key } actual target tolerance drift outside } driftFlagged target { id fromWeek }`;
const REPORT_FIELDS = `id week startsOn taxonomyVersion version corrections team { key } ${BREAKDOWN}`;
const REPORT = `mutation($input: ReportAllocationInput!) {
  reportAllocation(input: $input) { report { ${REPORT_FIELDS} } userErrors { code field message } }
}`;
const SET_TARGET = `mutation($input: SetAllocationTargetInput!) {
  setAllocationTarget(input: $input) {
    target { id fromWeek reason version team { key } decision { id } entries { category { key } percent tolerance } }
    userErrors { code field message }
  }
}`;
const DEFINE_TEAM = `mutation($input: DefineTeamInput!) { defineTeam(input: $input) { userErrors { message } } }`;

let api: TestServer;
let decisionId: string;
beforeAll(async () => {
  api = await startTestServer('allocation');
  for (const [key, kind, headcount] of [['payments', 'PRODUCT', 6], ['platform', 'PLATFORM', 2]] as const) {
    const result = await api.gql(DEFINE_TEAM, { input: { key, name: key, kind, headcount, effectiveWeek: '2026-W40' } });
    expect(result.data.defineTeam.userErrors).toEqual([]);
  }
  decisionId = (await api.gql(RECORD, { input: { title: 'Invest in tune-ups', rationale: 'Speed of innovation' } })).data.recordDecision.decision.id;
});
afterAll(() => api.close());

const report = async (input: Record<string, unknown>) => (await api.gql(REPORT, { input })).data!.reportAllocation;
const setTarget = async (input: Record<string, unknown>) => (await api.gql(SET_TARGET, { input })).data!.setAllocationTarget;
const logSize = async () => (await api.gql(AUDIT_TRAIL, { first: 1 })).data!.auditTrail.totalCount as number;

const WEEK = '2026-W47';
const entries = [
  { category: 'new-features', percent: 60 },
  { category: 'tech-debt', percent: 10 },
  { category: 'incidents', percent: 30 },
];

describe('allocation categories over HTTP', () => {
  it('lists the current taxonomy with its splits', async () => {
    const { data } = await api.gql(`{ allocationCategories { key name elective nature group taxonomyVersion } }`);
    expect(data.allocationCategories).toHaveLength(10);
    expect(data.allocationCategories).toContainEqual({ key: 'incidents', name: 'Incidents', elective: false, nature: 'TUNE_UP', group: 'NON_ELECTIVE', taxonomyVersion: 1 });
    expect(data.allocationCategories).toContainEqual(expect.objectContaining({ key: 'new-features', elective: true, nature: 'INNOVATION', group: 'FEATURES' }));
    expect((await api.gql(`{ allocationCategories(taxonomyVersion: 9) { key } }`)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('setAllocationTarget over HTTP', () => {
  it('sets an org-wide target linked to a decision, and a team target', async () => {
    const org = await setTarget({ fromWeek: '2026-W40', reason: 'Quarter plan', decision: decisionId, entries: [{ category: 'new-features', percent: 50, tolerance: 10 }] });
    expect(org.userErrors).toEqual([]);
    expect(org.target).toMatchObject({ team: null, fromWeek: '2026-W40', reason: 'Quarter plan', version: 1, decision: { id: decisionId } });
    expect(org.target.entries).toEqual([{ category: { key: 'new-features' }, percent: 50, tolerance: 10 }]);

    const team = await setTarget({
      team: 'payments',
      fromWeek: '2026-W45',
      reason: 'Pay down debt',
      entries: [
        { category: 'new-features', percent: 50 },
        { category: 'tech-debt', percent: 20 },
      ],
    });
    expect(team.userErrors).toEqual([]);
    expect(team.target).toMatchObject({ team: { key: 'payments' }, decision: null });
    expect(team.target.entries[1]).toEqual({ category: { key: 'tech-debt' }, percent: 20, tolerance: 5 });

    const targets = await api.gql(`{ org: allocationTargets { id reason } team: allocationTargets(team: "payments") { id fromWeek } }`);
    expect(targets.data.org).toEqual([{ id: org.target.id, reason: 'Quarter plan' }]);
    expect(targets.data.team).toEqual([{ id: team.target.id, fromWeek: '2026-W45' }]);
  });

  it('refuses bad targets, writing nothing', async () => {
    const before = await logSize();
    const base = { fromWeek: '2026-W40', reason: 'r', entries: [{ category: 'tech-debt', percent: 20 }] };
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ ...base, team: 'nope' }, 'NOT_FOUND', ['input', 'team']],
      [{ ...base, decision: Buffer.from('Decision:missing').toString('base64') }, 'NOT_FOUND', ['input', 'decision']],
      [{ ...base, decision: 'garbage' }, 'INVALID_INPUT', ['input', 'decision']],
      [{ ...base, reason: '' }, 'INVALID_INPUT', ['input', 'reason']],
      [{ ...base, fromWeek: '2026-W54' }, 'INVALID_INPUT', ['input', 'fromWeek']],
      [{ ...base, entries: [{ category: 'golf', percent: 20 }] }, 'INVALID_INPUT', ['input', 'entries', '0', 'category']],
      [{ ...base, entries: [{ category: 'tech-debt', percent: 70 }, { category: 'support', percent: 40 }] }, 'INVALID_INPUT', ['input', 'entries']],
    ];
    for (const [input, code, field] of cases) {
      const result = await setTarget(input);
      expect(result.target, JSON.stringify(input)).toBeNull();
      expect(result.userErrors, JSON.stringify(input)).toEqual([expect.objectContaining({ code, field })]);
    }
    expect(await logSize()).toBe(before);
  });
});

describe('reportAllocation over HTTP', () => {
  it('records a week with its splits and drift against the target in force, then corrects it with a reason', async () => {
    const first = await report({ team: 'payments', week: WEEK, entries });
    expect(first.userErrors).toEqual([]);
    expect(first.report).toMatchObject({
      week: WEEK,
      startsOn: '2026-11-16',
      taxonomyVersion: 1,
      version: 1,
      corrections: 0,
      team: { key: 'payments' },
      splits: { elective: 70, nonElective: 30, innovation: 60, tuneUp: 40 },
      driftFlagged: true,
    });
    expect(first.report.drift).toEqual([
      { category: { key: 'new-features' }, actual: 60, target: 50, tolerance: 5, drift: 10, outside: true },
      { category: { key: 'tech-debt' }, actual: 10, target: 20, tolerance: 5, drift: -10, outside: true },
    ]);
    const id = first.report.id;

    const before = await logSize();
    const noReason = await report({ team: 'payments', week: WEEK, entries: [{ category: 'new-features', percent: 100 }] });
    expect(noReason.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'reason'] })]);
    const stale = await report({ team: 'payments', week: WEEK, entries: [{ category: 'new-features', percent: 100 }], reason: 'x', expectedVersion: 2 });
    expect(stale.userErrors).toEqual([expect.objectContaining({ code: 'VERSION_CONFLICT', field: ['input', 'expectedVersion'] })]);
    expect(await logSize()).toBe(before);

    const fixed = [
      { category: 'new-features', percent: 52 },
      { category: 'tech-debt', percent: 18 },
      { category: 'incidents', percent: 30 },
    ];
    const corrected = await report({ team: 'payments', week: WEEK, entries: fixed, reason: 'Miscounted the spike', expectedVersion: 1 });
    expect(corrected.userErrors).toEqual([]);
    expect(corrected.report).toMatchObject({ id, version: 2, corrections: 1, driftFlagged: false });

    const read = await api.gql(
      `query($id: ID!) {
        node(id: $id) { ... on AllocationReport { week history { totalCount edges { node { type reason subjectId payload } } } } }
      }`,
      { id },
    );
    expect(read.data.node.history.edges.map((e: any) => [e.node.type, e.node.reason, e.node.subjectId, e.node.payload.entries[0].percent])).toEqual([
      ['AllocationReported', null, id, 60],
      ['AllocationReportCorrected', 'Miscounted the spike', id, 52],
    ]);
    expect(read.data.node.history.edges[0].node.payload.taxonomyVersion).toBe(1);
  });

  it('refuses bad reports, writing nothing', async () => {
    const before = await logSize();
    const base = { team: 'platform', week: '2026-W46', entries };
    const cases: [Record<string, unknown>, string, string[], RegExp?][] = [
      [{ ...base, team: 'nope' }, 'NOT_FOUND', ['input', 'team']],
      [{ ...base, team: 'Not A Key' }, 'INVALID_INPUT', ['input', 'team']],
      [{ ...base, week: '2025-W53' }, 'INVALID_INPUT', ['input', 'week']],
      [{ ...base, week: '2026-W39' }, 'INVALID_INPUT', ['input', 'week'], /exists from 2026-W40/],
      [{ ...base, entries: [entries[0], { category: 'meetings', percent: 40 }] }, 'INVALID_INPUT', ['input', 'entries', '1', 'category']],
      [{ ...base, entries: [{ category: 'support', percent: 50 }, { category: 'support', percent: 50 }] }, 'INVALID_INPUT', ['input', 'entries', '1', 'category'], /more than once/],
      [{ ...base, entries: [{ category: 'tech-debt', percent: 90 }] }, 'INVALID_INPUT', ['input', 'entries'], /add up to 90/],
      [{ ...base, entries: [{ category: 'tech-debt', percent: 120 }] }, 'INVALID_INPUT', ['input', 'entries', '0', 'percent']],
    ];
    for (const [input, code, field, message] of cases) {
      const result = await report(input);
      expect(result.report, JSON.stringify(input)).toBeNull();
      expect(result.userErrors, JSON.stringify(input)).toEqual([expect.objectContaining({ code, field, ...(message && { message: expect.stringMatching(message) }) })]);
    }
    expect(await logSize()).toBe(before);
  });

  it('answers a retried report with the first result', async () => {
    const input = { team: 'platform', week: '2026-W45', entries: [{ category: 'platform', percent: 100 }], idempotencyKey: 'alloc-platform-w45' };
    const first = await report(input);
    expect(first.userErrors).toEqual([]);
    const size = await logSize();
    expect(await report(input)).toEqual(first);
    expect(await logSize()).toBe(size);
  });
});

describe('allocation reads over HTTP', () => {
  beforeAll(async () => {
    await report({ team: 'payments', week: '2026-W45', entries: [{ category: 'new-features', percent: 100 }] });
    await report({ team: 'platform', week: '2026-W47', entries: [{ category: 'platform', percent: 80 }, { category: 'support', percent: 20 }] });
  });

  it('finds one report by team and week, and lists a team\'s reports by week', async () => {
    const { data } = await api.gql(`{
      one: allocationReport(team: "payments", week: "2026-W47") { week version }
      none: allocationReport(team: "payments", week: "2026-W46") { week }
      all: allocationReports(team: "payments") { totalCount edges { node { week } } }
      from: allocationReports(team: "payments", fromWeek: "2026-W46", first: 1) { totalCount pageInfo { hasNextPage } edges { node { week } } }
    }`);
    expect(data.one).toEqual({ week: '2026-W47', version: 2 });
    expect(data.none).toBeNull();
    expect(data.all.edges.map((e: any) => e.node.week)).toEqual(['2026-W45', '2026-W47']);
    expect(data.from).toEqual({ totalCount: 1, pageInfo: { hasNextPage: false }, edges: [{ node: { week: '2026-W47' } }] });
  });

  it("trends a team's weeks, and the org-wide rollup weighted by headcount", async () => {
    const { data } = await api.gql(`{
      team: allocationTrend(team: "payments", fromWeek: "2026-W45", toWeek: "2026-W47") { week teamsReported headcount report { version } splits { innovation } }
      org: allocationTrend(fromWeek: "2026-W47", toWeek: "2026-W47") { week team { key } teamsReported headcount ${BREAKDOWN} }
    }`);
    expect(data.team).toEqual([
      { week: '2026-W45', teamsReported: 1, headcount: 6, report: { version: 1 }, splits: { innovation: 100 } },
      { week: '2026-W46', teamsReported: 0, headcount: 6, report: null, splits: null },
      { week: '2026-W47', teamsReported: 1, headcount: 6, report: { version: 2 }, splits: { innovation: 52 } },
    ]);
    const [org] = data.org;
    // payments (6 people): 52 new-features, 18 tech-debt, 30 incidents; platform (2 people): 80 platform, 20 support.
    expect(org).toMatchObject({ week: '2026-W47', team: null, teamsReported: 2, headcount: 8, splits: { innovation: 39, tuneUp: 61, nonElective: 27.5 } });
    expect(org.entries).toEqual([
      { category: { key: 'new-features' }, percent: 39 },
      { category: { key: 'tech-debt' }, percent: 13.5 },
      { category: { key: 'incidents' }, percent: 22.5 },
      { category: { key: 'platform' }, percent: 20 },
      { category: { key: 'support' }, percent: 5 },
    ]);
    expect(org.drift).toEqual([{ category: { key: 'new-features' }, actual: 39, target: 50, tolerance: 10, drift: -11, outside: true }]);
  });

  it('balances staffing and reported time by team kind', async () => {
    const { data } = await api.gql(`{
      staffingBalance(fromWeek: "2026-W47", toWeek: "2026-W47") {
        week headcount reportedHeadcount kinds { kind teams headcount headcountPercent reportedPercent splits { tuneUp } }
      }
    }`);
    expect(data.staffingBalance).toEqual([
      {
        week: '2026-W47',
        headcount: 8,
        reportedHeadcount: 8,
        kinds: [
          { kind: 'PRODUCT', teams: 1, headcount: 6, headcountPercent: 75, reportedPercent: 75, splits: { tuneUp: 48 } },
          { kind: 'PLATFORM', teams: 1, headcount: 2, headcountPercent: 25, reportedPercent: 25, splits: { tuneUp: 100 } },
          { kind: 'INFRASTRUCTURE', teams: 0, headcount: 0, headcountPercent: 0, reportedPercent: 0, splits: null },
        ],
      },
    ]);
  });

  it('refuses bad query arguments with a coded error', async () => {
    const codes = async (query: string) => (await api.gql(query)).errors?.map((e) => e.extensions?.code);
    expect(await codes(`{ allocationTrend(fromWeek: "2026-W50", toWeek: "2026-W40") { week } }`)).toEqual(['BAD_USER_INPUT']);
    expect(await codes(`{ allocationTrend(fromWeek: "2020-W01", toWeek: "2026-W40") { week } }`)).toEqual(['BAD_USER_INPUT']);
    expect(await codes(`{ staffingBalance(fromWeek: "2026-W60", toWeek: "2026-W40") { week } }`)).toEqual(['BAD_USER_INPUT']);
    expect(await codes(`{ allocationTrend(team: "nope", fromWeek: "2026-W40", toWeek: "2026-W41") { week } }`)).toEqual(['NOT_FOUND']);
    expect(await codes(`{ allocationReport(team: "payments", week: "47") { week } }`)).toEqual(['BAD_USER_INPUT']);
  });
});

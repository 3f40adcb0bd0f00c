import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessClient, type GraphQLClient } from '../../demo/client.ts';
import { StoryClock } from '../../demo/story-clock.ts';
import { OKRS } from '../../demo/data/okrs.ts';
import { PERSONAS, TEAMS } from '../../demo/data/people.ts';
import { TRY_QUERIES } from '../../demo/data/try-queries.ts';
import { compareQuery, seedLedger, type SeedReport } from '../../demo/seed-ledger.ts';
import { configFromEnv } from '../../api/config.ts';
import { weekRange } from '../../domain/allocation/iso-week.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';

/**
 * The demo seed, run through the in-process API (tokens included) against a fresh table: what it
 * writes, read back through GraphQL; that a second run appends nothing; that a run in the next
 * quarter keeps the first run's quarters and only adds the weeks that ended since.
 *
 * "Today" is fixed in the past so the quarters are known: 2026-Q2 in full, 2026-Q3 up to
 * Thursday 24 September (12 of its 13 weeks). The API itself checks dates against the real clock.
 */
const TODAY = '2026-09-24';
const NEXT_QUARTER = '2026-10-07';
const SEEDED = 10 * 60_000;

const priya = PERSONAS.priya;
let dataDir: string;
let client: GraphQLClient;
let clock: StoryClock;
let table: TestTable;
let close: () => void;
let evaluateAlerts: () => Promise<unknown>;
let first: SeedReport;
let seedStarted: string;

async function ledger(label: string) {
  const table = await createTestTable(label);
  const config = configFromEnv({ DYNAMODB_ENDPOINT: table.endpoint, EVENTS_TABLE: table.tableName, DATA_DIR: dataDir });
  return { table, ...inProcessClient(config) };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'seed-test-'));
  ({ client, clock, close, table, evaluateAlerts } = await ledger('seed'));
});
afterAll(async () => {
  close?.();
  await rm(dataDir, { recursive: true, force: true });
});

const query = (document: string, variables?: Record<string, unknown>) => client(priya, document, variables);
/** The README's GraphQL example that contains `text`, as written. */
const readmeExample = (text: string): string | undefined =>
  [...readFileSync(new URL('../../README.md', import.meta.url), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!).find((block) => block.includes(text));
const nodes = <T>(connection: { edges: { node: T }[] }): T[] => connection.edges.map((e) => e.node);

describe('npm run seed', () => {
  it('fills an empty ledger with a quarter and a half, every mutation one event', async () => {
    seedStarted = new Date().toISOString();
    first = await seedLedger(client, { today: TODAY, clock, evaluateAlerts });
    expect(first.plan.previous).toMatchObject({ cycle: '2026-Q2' });
    expect(first.plan.previous.elapsed).toHaveLength(13);
    expect(first.plan).toMatchObject({ asOf: TODAY, current: { cycle: '2026-Q3' } });
    expect(first.plan.current.weeks.map((w) => w.week)).toEqual(weekRange('2026-W27', '2026-W39'));
    expect(first.plan.current.elapsed).toHaveLength(12);
    // Every mutation one event, after the clock's own (LedgerClockSet), and the alerts the ledger raised and resolved itself.
    const log = await table.store.readAll(0, 10_000);
    const byLedger = log.filter((e) => e.actor.id === 'decision-ledger');
    expect(byLedger.length).toBeGreaterThan(0);
    expect(first.appended).toBe(first.operations + 1 + byLedger.length);
    expect(first.events).toBe(first.appended);

    // Every key result checks in on each of its weeks (NRR every fourth); one of them is a typo,
    // whose correction counts apart.
    const weekly = (quarter: 'previous' | 'current', weeks: number) =>
      OKRS[quarter].flatMap((o) => o.keyResults).reduce((sum, kr) => sum + Math.floor(weeks / (kr.every ?? 1)), 0);
    expect(first.counts).toMatchObject({
      teams: 3,
      decisions: 8,
      'decisions superseded': 1,
      objectives: 10,
      'key results': 18,
      'check-ins': weekly('previous', 13) + weekly('current', 12),
      'check-in corrections': 1,
      'allocation reports': TEAMS.length * 25,
      'allocation corrections': 1,
      'allocation targets': 6,
      'cycle definitions': 1,
      'taxonomy versions': 1,
      tradeoffs: 4,
      'tradeoff revisits': 1,
      initiatives: 6,
      'priority changes': 14,
      'key results graded': 9,
      'objectives closed': 4,
      'headcount changes': 2,
      people: 9,
      'team memberships': 9,
      'memberships ended': 1,
      cadence: 1,
      'alert rules': 4,
      'alerts acknowledged': 1,
    });
  }, SEEDED);

  it('records the story at the times it happens, after the clock fact as the first event', async () => {
    expect(first.clock).toEqual({ storyStartsAt: '2026-04-01T09:00:00.000Z', seededAt: expect.any(String) });
    expect(first.clock!.seededAt >= seedStarted).toBe(true);
    const log = await table.store.readAll(0, 10_000);
    expect(log[0]).toMatchObject({
      position: 1,
      type: 'LedgerClockSet',
      stream: { kind: 'ledger', id: 'clock' },
      recordedAt: '2026-04-01T09:00:00.000Z',
      actor: { id: 'demo-seed', kind: 'SERVICE' },
      payload: { storyStartsAt: '2026-04-01T09:00:00.000Z', seededAt: first.clock!.seededAt },
    });
    // recordedAt follows the positions, and the whole story lies before the real time it was seeded.
    for (let i = 1; i < log.length; i += 1) expect(log[i]!.recordedAt > log[i - 1]!.recordedAt).toBe(true);
    expect(log.at(-1)!.recordedAt < seedStarted).toBe(true);
    // Each week's check-ins at 15:00 on its Friday, the business date they report on.
    const conversion = log.filter((e) => e.type === 'KeyResultCheckedIn' && (e.payload as any).reportedFor === first.plan.previous.weeks[2]!.friday);
    expect(conversion.length).toBeGreaterThan(0);
    for (const event of conversion) expect(event.recordedAt.startsWith(`${first.plan.previous.weeks[2]!.friday}T15:00:00`)).toBe(true);
    // The quarter in progress up to the last Friday before "today".
    expect(log.at(-1)!.recordedAt.startsWith(first.plan.current.elapsed.at(-1)!.friday)).toBe(true);
  });

  it('answers asOf with the ledger as the story stood then: the priorities and OKRs of the first month differ from now', async () => {
    const [planned, month] = first.moments;
    expect(planned).toEqual({ label: expect.stringMatching(/2026-Q2 planned/), asOf: '2026-04-01T10:00:00.000Z' });
    expect(month).toEqual({ label: expect.stringMatching(/first month/), asOf: `${first.plan.previous.weeks[3]!.friday}T16:00:00.000Z` });
    const data = await query(compareQuery(first.moments));
    const titles = (list: any) => list.entries.map((e: any) => e.initiative.title);
    expect(titles(data.planned)).toEqual(['One-click checkout', 'In-app insights panel', 'Deploys in under an hour', 'Shared payments SDK', 'Payment retry hardening']);
    expect(titles(data.firstMonth)).toEqual(['One-click checkout', 'Insights email digest', 'Deploys in under an hour', 'Shared payments SDK', 'In-app insights panel', 'Payment retry hardening']);
    expect(titles(data.now)).toEqual(['One-click checkout', 'In-app insights panel', 'Shared payments SDK', 'Insights email digest', 'Deploys in under an hour']);
    const cycles = (objectives: any) => [...new Set(nodes<any>(objectives).map((o) => `${o.cycle} ${o.status}`))];
    expect(cycles(data.objectivesThen)).toEqual(['2026-Q2 ACTIVE']);
    expect(cycles(data.objectivesNow)).toEqual(['2026-Q2 CLOSED', '2026-Q3 ACTIVE', '2026-FY ACTIVE', '2026-FQ3 ACTIVE']);
    const progress = (objectives: any) => nodes<any>(objectives).find((o) => o.cycle === '2026-Q2').progress;
    expect(progress(data.objectivesThen)).toBeLessThan(progress(data.objectivesNow));
    // The README's example, exactly as written: log positions are the same in every seeded ledger.
    const example = readmeExample('firstMonth: priorities(atPosition:');
    expect(example).toBeDefined();
    const written = await query(example!);
    expect(written.planned).toEqual(data.planned);
    expect(written.firstMonth).toEqual(data.firstMonth);
    expect(titles(written.now)).toEqual(titles(data.now));
    // Before the story, the ledger was empty.
    const before = await query('{ priorities(asOf: "2026-04-01T08:00:00Z") { version entries { rank } } }');
    expect(before.priorities).toEqual({ version: 0, entries: [] });
  });

  it("answers the README's search example, as written, with the story's checkout decisions and tradeoffs", async () => {
    const example = readmeExample('search(query:');
    expect(example).toBeDefined();
    const { search } = await query(example!);
    const hits = nodes<any>(search);
    expect(search.totalCount).toBe(hits.length);
    expect(new Set(hits.map((hit) => hit.kind))).toEqual(new Set(['DECISION', 'TRADEOFF']));
    for (const hit of hits) expect(hit.highlights.some((h: any) => /checkout/i.test(h.snippet))).toBe(true);
  });

  it('records teams with their headcount history, by the personas of the story', async () => {
    const data = await query(`{
      teams { edges { node { key kind headcount headcountHistory { fromWeek headcount } history(first: 1) { edges { node { actor { id name } } } } } } }
    }`);
    const teams = nodes<any>(data.teams);
    expect(teams.map((t) => [t.key, t.kind, t.headcount])).toEqual([
      ['checkout', 'PRODUCT', 6],
      ['insights', 'PRODUCT', 6],
      ['platform', 'PLATFORM', 7],
    ]);
    const start = first.plan.previous.weeks[0]!.week;
    const seventh = first.plan.previous.weeks[6]!.week;
    expect(teams[2].headcountHistory).toEqual([
      { fromWeek: start, headcount: 5 },
      { fromWeek: seventh, headcount: 7 },
    ]);
    expect(teams[0].history.edges[0].node.actor).toEqual({ id: 'priya', name: 'Priya Raman' });
  });

  it('records decisions, one superseded by the experiment that replaced it', async () => {
    const data = await query(`{ decisions(first: 20) { totalCount edges { node { title status recordedBy { name } supersededBy { title } } } } }`);
    expect(data.decisions.totalCount).toBe(8);
    const superseded = nodes<any>(data.decisions).filter((d) => d.status === 'SUPERSEDED');
    expect(superseded).toEqual([
      {
        title: 'Build insights as an in-app panel',
        status: 'SUPERSEDED',
        recordedBy: { name: 'Amara Okafor' },
        supersededBy: { title: 'Validate insights by email before building them in the app' },
      },
    ]);
  });

  it('keeps weekly check-ins: last quarter graded and closed, this quarter in progress with some at risk', async () => {
    const OBJECTIVES = `query($cycle: String) { objectives(cycle: $cycle) { edges { node {
      title status outcome progress
      keyResults { title grade progress status checkIns { reportedFor } checkInHistory { value } targetHistory { previousTarget target decision { title } } }
    } } } }`;
    const previous = nodes<any>((await query(OBJECTIVES, { cycle: '2026-Q2' })).objectives);
    expect(previous.map((o) => [o.status, o.outcome])).toEqual([
      ['CLOSED', 'PARTIALLY_ACHIEVED'],
      ['CLOSED', 'PARTIALLY_ACHIEVED'],
      ['CLOSED', 'ACHIEVED'],
      ['CLOSED', 'ACHIEVED'],
    ]);
    const krs = previous.flatMap((o) => o.keyResults);
    expect(krs.every((kr) => typeof kr.grade === 'number')).toBe(true);
    const conversion = krs.find((kr) => kr.title === 'Checkout conversion');
    expect(conversion.checkIns).toHaveLength(13);
    expect(conversion.checkIns.map((c: any) => c.reportedFor)).toEqual(first.plan.previous.weeks.map((w) => w.friday));
    const wau = krs.find((kr) => kr.title === 'Weekly active users of insights');
    const history = wau.checkInHistory.map((c: any) => c.value);
    expect(history[3]).toBe(history[4] * 10); // the typo of week 4, then its correction
    expect(wau.checkIns).toHaveLength(13);
    expect(wau.targetHistory).toEqual([
      { previousTarget: 1500, target: 2000, decision: { title: 'Validate insights by email before building them in the app' } },
    ]);

    const current = nodes<any>((await query(OBJECTIVES, { cycle: '2026-Q3' })).objectives);
    expect(current).toHaveLength(4);
    for (const objective of current) {
      expect(objective.status).toBe('ACTIVE');
      expect(objective.progress).toBeGreaterThan(0);
    }
    const atRisk = (await query(`{ atRiskKeyResults(cycle: "2026-Q3") { status keyResult { title } checkIn { reportedFor } } }`)).atRiskKeyResults;
    expect(atRisk.length).toBeGreaterThan(0);
    expect(atRisk.map((r: any) => r.keyResult.title)).toContain('Paying insights customers');
  });

  it('flags the allocation drift of the outage weeks against the team target', async () => {
    const week = first.plan.previous.weeks[5]!.week;
    const data = await query(
      `query($week: String!) { allocationReport(team: "checkout", week: $week) {
        driftFlagged splits { nonElective } drift { category { key } target actual outside } target { reason }
      } }`,
      { week },
    );
    const report = data.allocationReport;
    expect(report.driftFlagged).toBe(true);
    expect(report.drift.filter((d: any) => d.outside).map((d: any) => [d.category.key, d.target, d.actual])).toEqual([
      ['new-features', 40, 20],
      ['incidents', 5, 24],
    ]);
    expect(report.splits.nonElective).toBeGreaterThan(40);
  });

  it('plans the current quarter in the org’s own model: its cycles, taxonomy version 2 with a third breakdown, links to the tracker', async () => {
    const start = first.plan.current.weeks[0]!.week;
    const data = await query(`{
      cycles { cycles { key cadence start end } }
      fy: objectives(cycle: "2026-FY") { edges { node { title level keyResults { checkIns { reportedFor links { kind } } } } } }
      fq: objectives(cycle: "2026-FQ3") { edges { node { title ownerTeam { key } } } }
      allocationTaxonomies { versions { version effectiveFrom definedAt breakdowns { key builtIn } } }
      allocationTargets { fromWeek taxonomyVersion groups { breakdown group percent } }
      decisions(first: 20) { edges { node { title links { kind url } } } }
      initiatives(first: 20) { edges { node { title links { kind } } } }
    }`);
    expect(data.cycles.cycles).toEqual([
      { key: '2026-FY', cadence: 'ANNUAL', start: '2026-01-01', end: '2026-12-31' },
      { key: '2026-FQ2', cadence: 'QUARTERLY', start: '2026-04-01', end: '2026-06-30' },
      { key: '2026-FQ3', cadence: 'QUARTERLY', start: '2026-07-01', end: '2026-09-30' },
    ]);
    expect(nodes<any>(data.fy).map((o) => [o.title, o.level])).toEqual([['Spend less of the year keeping the lights on', 'COMPANY']]);
    expect(nodes<any>(data.fq).map((o) => [o.title, o.ownerTeam.key])).toEqual([['Every team reports in the org’s model', 'platform']]);
    const annualCheckIns = nodes<any>(data.fy)[0].keyResults[0].checkIns;
    expect(annualCheckIns).toHaveLength(3);
    expect(annualCheckIns.flatMap((c: any) => c.links)).toEqual([{ kind: 'JIRA' }]);

    const [v1, v2] = data.allocationTaxonomies.versions;
    expect(v1).toMatchObject({ version: 1, effectiveFrom: null });
    expect(v2).toMatchObject({ version: 2, effectiveFrom: start });
    expect(v2.breakdowns.map((b: any) => [b.key, b.builtIn])).toEqual([['elective', true], ['nature', true], ['work-type', false]]);
    // Published at the quarter's planning, before the first week's reports.
    expect(v2.definedAt < `${first.plan.current.weeks[0]!.friday}T00:00:00.000Z`).toBe(true);
    expect(data.allocationTargets.at(-1)).toEqual({
      fromWeek: start,
      taxonomyVersion: 2,
      groups: [
        { breakdown: 'work-type', group: 'ktlo', percent: 25 },
        { breakdown: 'work-type', group: 'new-work', percent: 50 },
      ],
    });
    const decisionLinks = nodes<any>(data.decisions).flatMap((d) => d.links.map((l: any) => l.kind));
    expect(decisionLinks.sort()).toEqual(['GITHUB', 'JIRA']);
    expect(nodes<any>(data.initiatives).flatMap((i) => i.links.map((l: any) => l.kind)).sort()).toEqual(['GITHUB', 'JIRA']);

    // Reports keep the version in force for their week: 1 last quarter, 2 this one; the trend reads across in version 2.
    const last = first.plan.previous.weeks.at(-1)!.week;
    const trend = await query(`{ allocationTrend(fromWeek: "${last}", toWeek: "${start}", taxonomyVersion: 2) {
      week taxonomyVersion report { taxonomyVersion } breakdown(key: "work-type") { groups { group { key } percent } } groupDrift { group { key } outside } } }`);
    expect(trend.allocationTrend.map((w: any) => w.taxonomyVersion)).toEqual([2, 2]);
    const own = await query(`{ a: allocationReport(team: "checkout", week: "${last}") { taxonomyVersion } b: allocationReport(team: "checkout", week: "${start}") { taxonomyVersion } }`);
    expect([own.a.taxonomyVersion, own.b.taxonomyVersion]).toEqual([1, 2]);
    const [before, after] = trend.allocationTrend;
    expect(before.breakdown.groups.reduce((sum: number, g: any) => sum + g.percent, 0)).toBeCloseTo(100, 1);
    expect(before.groupDrift).toEqual([]);
    expect(after.groupDrift.map((d: any) => d.group.key)).toEqual(['ktlo', 'new-work']);

    // The README's query of the org's model, exactly as written.
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!).find((block) => block.includes('# The org’s own model'));
    expect(example).toBeDefined();
    const written = await query(example!);
    expect(written.allocationTaxonomy.version).toBe(2);
    const reports = nodes<any>(written.allocationReports);
    expect(reports.at(-1)).toMatchObject({ taxonomyVersion: 2, breakdown: { groups: [{ group: { key: 'ktlo' } }, { group: { key: 'new-work' } }, { group: { key: 'tech-debt' } }] } });
    expect(reports[0]).toMatchObject({ taxonomyVersion: 1, breakdown: null });

    // The README's version 3, exactly as written: three categories folded into one, productivity split.
    const publish = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!).find((block) => block.includes('defineAllocationTaxonomy(input:'));
    const published = (await query(publish!)).defineAllocationTaxonomy;
    expect(published.userErrors).toEqual([]);
    expect(published.taxonomies.latest).toMatchObject({ version: 3, effectiveFrom: '2027-W01' });
    expect(published.taxonomies.latest.mapping).toContainEqual({ from: 'productivity', to: [{ category: 'platform', share: 60 }, { category: 'tech-debt', share: 40 }] });
  });

  it('changes priorities for a reason, with the evidence resolved to its records', async () => {
    const data = await query(`{
      priorities { version entries { rank initiative { title status } } }
      priorityChanges(first: 20) { totalCount edges { node {
        kind fromRank toRank reason actor { name } initiative { title }
        evidence { __typename ... on AllocationReport { week driftFlagged } ... on KeyResultCheckIn { status keyResult { title } } }
      } } }
    }`);
    expect(data.priorities.version).toBe(14);
    expect(data.priorities.entries.map((e: any) => e.initiative.title)).toEqual([
      'One-click checkout',
      'In-app insights panel',
      'Shared payments SDK',
      'Insights email digest',
      'Deploys in under an hour',
    ]);
    expect(data.priorityChanges.totalCount).toBe(14);
    const outage = nodes<any>(data.priorityChanges).find((c) => c.initiative.title === 'Payment retry hardening' && c.toRank === 1);
    expect(outage).toMatchObject({ kind: 'MOVED_UP', fromRank: 6, actor: { name: 'Priya Raman' } });
    expect(outage.evidence.map((e: any) => e.__typename)).toEqual(['AllocationReport', 'KeyResultCheckIn', 'KeyResultCheckIn', 'Decision', 'Tradeoff']);
    expect(outage.evidence[0]).toEqual({ __typename: 'AllocationReport', week: first.plan.previous.weeks[5]!.week, driftFlagged: true });
    expect(outage.evidence[1]).toEqual({ __typename: 'KeyResultCheckIn', status: 'OFF_TRACK', keyResult: { title: 'Payment failure rate' } });

    const why = (await query(`{ initiatives(status: [DONE]) { edges { node { title why { kind reason } } } } }`)).initiatives;
    expect(nodes<any>(why)).toEqual([
      {
        title: 'Payment retry hardening',
        why: [
          { kind: 'ADDED', reason: expect.stringMatching(/Quarter planning/) },
          { kind: 'MOVED_UP', reason: expect.stringMatching(/outages/) },
          { kind: 'REMOVED', reason: expect.stringMatching(/Retries shipped/) },
        ],
      },
    ]);
  });

  it('has people, team members over time, a cadence, rules, and alerts raised and resolved by the story at its times', async () => {
    const data = await query(`{
      people(first: 20) { totalCount }
      platform: team(key: "platform") { members { edges { node { person { subject } } } } }
      checkout: team(key: "checkout") { members(includePast: true) { edges { node { person { subject } until } } } }
      cadence { timeZone reportDeadline { weekday time } }
      alertRules { edges { node { name kind team { key } owner { subject } } } }
      alerts(first: 50) { totalCount edges { node { kind status period raisedAt resolvedAt note acknowledgedBy { id }
        subject { kind id name } evidence { kind id position } resolvedBy { kind id position } recipients { person { subject } } } } }
    }`);
    expect(data.people.totalCount).toBe(9);
    expect(nodes<any>(data.platform.members).map((m) => m.person.subject)).toEqual(['jun', 'ben', 'mei', 'tom']);
    // Tom moved from Checkout to Platform in week 7 of the previous quarter, for a reason kept in the log.
    const tom = nodes<any>(data.checkout.members).find((m) => m.person.subject === 'tom');
    expect(tom.until.startsWith(first.plan.previous.weeks[6]!.friday)).toBe(true);
    expect(data.cadence).toEqual({ timeZone: 'Europe/London', reportDeadline: { weekday: 'FRIDAY', time: '17:00' } });
    expect(nodes<any>(data.alertRules).map((r) => r.kind)).toEqual(['REPORT_LATE', 'KEY_RESULT_OFF_TRACK', 'CONFIDENCE_BELOW', 'ALLOCATION_DRIFT']);
    const alerts = nodes<any>(data.alerts);
    // Every alert raised by the story carries the story's time.
    for (const alert of alerts) expect(alert.raisedAt < first.clock!.seededAt).toBe(true);

    // Insights' report of week 3 came a week late: raised the evening of its deadline, resolved citing the report.
    const late = alerts.filter((a) => a.kind === 'REPORT_LATE');
    const week3 = first.plan.previous.weeks[2]!;
    expect(late).toEqual([
      expect.objectContaining({ status: 'RESOLVED', period: week3.week, subject: { kind: 'team', id: 'insights', name: 'Insights' }, raisedAt: expect.stringMatching(new RegExp(`^${week3.friday}T21:00:00`)) }),
    ]);
    expect(late[0].resolvedBy).toMatchObject({ kind: 'allocation-report', id: `insights.${week3.week}` });
    expect(late[0].resolvedAt > `${first.plan.previous.weeks[3]!.friday}T15:00:00.000Z`).toBe(true);

    // The payment failure rate went off track in the outage, Marco acknowledged it with a note, and it recovered.
    const offTrack = alerts.filter((a) => a.kind === 'KEY_RESULT_OFF_TRACK' && a.subject.name === 'Payment failure rate');
    expect(offTrack[0]).toMatchObject({ status: 'RESOLVED', evidence: { kind: 'check-in' }, resolvedBy: { kind: 'check-in' }, acknowledgedBy: { id: 'marco' } });
    expect(offTrack[0].note).toMatch(/Retry hardening/);
    expect(offTrack[0].recipients.map((r: any) => r.person.subject)).toEqual(expect.arrayContaining(['marco', 'lucia']));

    // The outage weeks' fire-fighting drifted from Checkout's target two weeks in a row, then came back.
    const drift = alerts.filter((a) => a.kind === 'ALLOCATION_DRIFT');
    expect(drift.length).toBeGreaterThan(0);
    expect(drift[0]).toMatchObject({ status: 'RESOLVED', subject: { id: 'checkout' }, evidence: { kind: 'allocation-report' }, resolvedBy: { kind: 'allocation-report' } });
    // The click-through key result started the quarter with a confidence under Insights' 0.5, and rose.
    expect(alerts.filter((a) => a.kind === 'CONFIDENCE_BELOW')).toContainEqual(expect.objectContaining({ status: 'RESOLVED', subject: expect.objectContaining({ name: 'Insight email click-through rate' }) }));

    // The README's query of them, exactly as written.
    const written = await query(readmeExample('alertRules { edges')!);
    expect(written.alerts.totalCount).toBe(data.alerts.totalCount);
    expect(nodes<any>(written.people).map((p) => p.subject)).toContain('tom');

    // Who was warned, and when: as the story stood the evening the report was late, the alert was open.
    const then = await query(`query($at: DateTime) { alerts(asOf: $at, status: [OPEN]) { edges { node { kind subject { id } } } } }`, { at: `${week3.friday}T21:00:01.000Z` });
    expect(nodes<any>(then.alerts)).toContainEqual({ kind: 'REPORT_LATE', subject: { id: 'insights' } });
  });

  it('answers every query the README suggests', async () => {
    for (const { query: document } of TRY_QUERIES) await expect(query(document)).resolves.toBeDefined();
  });

  it('appends nothing when run again', async () => {
    const again = await seedLedger(client, { today: TODAY });
    expect(again.appended).toBe(0);
    expect(again.operations).toBe(first.operations);
    expect(again.counts).toEqual(first.counts);
  }, SEEDED);

  it('run in the next quarter, keeps the seeded quarters and adds only the week that ended since', async () => {
    const later = await seedLedger(client, { today: NEXT_QUARTER });
    expect(later.plan.previous.cycle).toBe('2026-Q2');
    expect(later.plan.current.elapsed).toHaveLength(13);
    const thirteenth = OKRS.current.flatMap((o) => o.keyResults).filter((kr) => 13 % (kr.every ?? 1) === 0).length;
    expect(later.appended).toBe(thirteenth + TEAMS.length);
    expect(later.operations).toBe(first.operations + later.appended);
  }, SEEDED);

  it('records what comes after the story at the real time, later than every seeded event', async () => {
    const before = new Date().toISOString();
    const recorded = await query(`mutation { recordDecision(input: { title: "A live decision", rationale: "After the demo" }) { decision { createdAt } userErrors { message } } }`);
    expect(recorded.recordDecision.userErrors).toEqual([]);
    expect(recorded.recordDecision.decision.createdAt >= before).toBe(true);
    const log = await table.store.readAll(0, 10_000);
    const seeded = log.filter((e) => e.position <= first.events);
    expect(seeded.every((e) => e.recordedAt < first.clock!.seededAt)).toBe(true);
    // The next quarter's run (a ledger seeded before: no clock) and the live write carry the real clock.
    expect(log.filter((e) => e.position > first.events).every((e) => e.recordedAt >= first.clock!.seededAt)).toBe(true);
    expect(clock.running).toBe(false);
  });

  it('sets the clock only in development and only on an empty ledger, and writes nothing when refused', async () => {
    const empty = await createTestTable('seed-clock');
    await expect(new StoryClock(empty.store, { production: true }).start('2026-04-01T09:00:00Z', 'test')).rejects.toThrow(/NODE_ENV=production/);
    expect((await empty.store.head()).position).toBe(0);
    await expect(clock.start('2026-04-01T09:00:00Z', 'test')).rejects.toThrow(/only set on an empty ledger; this one holds \d+ events/);
    await expect(new StoryClock(empty.store).start(new Date(Date.now() + 60_000).toISOString(), 'test')).rejects.toThrow(/must start before now/);
    expect((await empty.store.head()).position).toBe(0);
    expect(clock.running).toBe(false);
  });

  it('refuses a ledger that holds records it did not write', async () => {
    const other = await ledger('seed-refused');
    try {
      const recorded = await other.client(
        priya,
        `mutation { recordDecision(input: { title: "Ours", rationale: "Real data" }) { decision { id } userErrors { message } } }`,
      );
      expect(recorded.recordDecision.userErrors).toEqual([]);
      await expect(seedLedger(other.client, { today: TODAY })).rejects.toThrow(/already holds 1 event the seed did not write/);
    } finally {
      other.close();
    }
  });
});

import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleEnd, cycleOf, cycleStart, isoDateOf } from '../../domain/okrs/cycle.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { AUDIT_TRAIL, RECORD } from '../support/decision-ops.ts';

const ERRORS = 'userErrors { code field message }';
const OBJECTIVE_FIELDS = `id version title description cycle cycleStart cycleEnd level ownerTeamKey ownerTeam { key name } owner
  status outcome closingNote progress alignedTo { __typename ... on Objective { id } ... on KeyResult { id } }`;
const KEY_RESULT_FIELDS = `id version title kind baseline target unit direction progress status grade
  objective { id } latestCheckIn { id value }`;
const CHECK_IN_FIELDS = `id version value done confidence status statusDerived progress note reportedFor recordedAt
  recordedBy { id } corrects { id } correctedBy { id }`;

const SET = `mutation($input: SetObjectiveInput!) { setObjective(input: $input) { objective { ${OBJECTIVE_FIELDS} } ${ERRORS} } }`;
const REVISE = `mutation($input: ReviseObjectiveInput!) { reviseObjective(input: $input) { objective { ${OBJECTIVE_FIELDS} } ${ERRORS} } }`;
const CLOSE = `mutation($input: CloseObjectiveInput!) { closeObjective(input: $input) { objective { ${OBJECTIVE_FIELDS} } ${ERRORS} } }`;
const DEFINE = `mutation($input: DefineKeyResultInput!) { defineKeyResult(input: $input) { keyResult { ${KEY_RESULT_FIELDS} } ${ERRORS} } }`;
const REVISE_TARGET = `mutation($input: ReviseKeyResultTargetInput!) {
  reviseKeyResultTarget(input: $input) { keyResult { ${KEY_RESULT_FIELDS} } ${ERRORS} } }`;
const GRADE = `mutation($input: GradeKeyResultInput!) { gradeKeyResult(input: $input) { keyResult { ${KEY_RESULT_FIELDS} } ${ERRORS} } }`;
const CHECK_IN = `mutation($input: CheckInKeyResultInput!) {
  checkInKeyResult(input: $input) { keyResult { ${KEY_RESULT_FIELDS} } checkIn { ${CHECK_IN_FIELDS} } ${ERRORS} } }`;
const DEFINE_TEAM = `mutation($input: DefineTeamInput!) { defineTeam(input: $input) { team { key } userErrors { code } } }`;

type UserError = { code: string; field: string[]; message: string };

let api: TestServer;
let decisionId: string;

/** 2025-Q1 is past (every date in it may be reported) and has 90 days: on 2025-02-15 half of it has passed. */
const PAST = '2025-Q1';
const MIDWAY = '2025-02-15';

async function mutate(doc: string, input: Record<string, unknown>) {
  const response = await api.gql(doc, { input });
  expect(response.errors).toBeUndefined();
  return Object.values(response.data as object)[0] as Record<string, any> & { userErrors: UserError[] };
}
const logSize = async () => (await api.gql(AUDIT_TRAIL, { first: 1 })).data!.auditTrail.totalCount as number;

const invalid = (field: string) => ({ code: 'INVALID_INPUT', field: ['input', field] });
const notFound = (field: string) => ({ code: 'NOT_FOUND', field: ['input', field] });
const badTransition = (field: string) => ({ code: 'INVALID_TRANSITION', field: ['input', field] });
const versionConflict = { code: 'VERSION_CONFLICT', field: ['input', 'expectedVersion'] };

/** Runs a mutation that must be refused with exactly these errors, and checks that nothing was appended. */
async function refusedWith(doc: string, input: Record<string, unknown>, ...expected: Partial<UserError>[]) {
  const before = await logSize();
  const result = await mutate(doc, input);
  expect(result.userErrors).toEqual(expected.map((e) => expect.objectContaining(e)));
  for (const [key, value] of Object.entries(result)) if (key !== 'userErrors') expect(value).toBeNull();
  expect(await logSize()).toBe(before);
  return result.userErrors;
}

const setObjective = async (input: Record<string, unknown>) => {
  const result = await mutate(SET, { cycle: PAST, level: 'TEAM', ownerTeam: 'insights', ...input });
  expect(result.userErrors).toEqual([]);
  return result.objective;
};
const defineMetric = async (objective: string, input: Record<string, unknown> = {}) => {
  const result = await mutate(DEFINE, { objective, title: 'Weekly active teams', kind: 'METRIC', baseline: 10, target: 40, unit: '%', ...input });
  expect(result.userErrors).toEqual([]);
  return result.keyResult;
};
const checkIn = async (keyResult: string, input: Record<string, unknown>) => {
  const result = await mutate(CHECK_IN, { keyResult, confidence: 0.7, reportedFor: MIDWAY, ...input });
  expect(result.userErrors).toEqual([]);
  return result.checkIn;
};

beforeAll(async () => {
  api = await startTestServer('okrs');
  for (const [key, kind] of [
    ['insights', 'PRODUCT'],
    ['platform', 'PLATFORM'],
  ]) {
    const team = await api.gql(DEFINE_TEAM, { input: { key, name: key, kind, headcount: 6 } });
    expect(team.data.defineTeam.userErrors).toEqual([]);
  }
  decisionId = (await api.gql(RECORD, { input: { title: 'Lower the adoption target', rationale: 'Sales cycle is longer' } })).data
    .recordDecision.decision.id;
});
afterAll(() => api.close());

describe('objectives over HTTP', () => {
  it('sets, revises and closes objectives, aligned to each other, with their history', async () => {
    const company = await setObjective({ title: 'Customers adopt insights', level: 'COMPANY', ownerTeam: null });
    expect(company).toMatchObject({ version: 1, cycle: PAST, cycleStart: '2025-01-01', cycleEnd: '2025-03-31', status: 'ACTIVE', progress: null });
    const team = await setObjective({ title: 'Insights by email', description: 'Validate before building', alignedTo: company.id, owner: 'ana' });
    expect(team).toMatchObject({
      level: 'TEAM',
      ownerTeamKey: 'insights',
      ownerTeam: { key: 'insights', name: 'insights' },
      alignedTo: { __typename: 'Objective', id: company.id },
    });

    const reason = 'Platform owns the pipeline';
    const revised = await mutate(REVISE, { id: team.id, expectedVersion: 1, reason, ownerTeam: 'platform', description: null });
    expect(revised.userErrors).toEqual([]);
    expect(revised.objective).toMatchObject({ version: 2, ownerTeamKey: 'platform', description: null, title: 'Insights by email' });

    const closed = await mutate(CLOSE, { id: team.id, expectedVersion: 2, outcome: 'PARTIALLY_ACHIEVED', note: 'Click-through proved demand' });
    expect(closed.objective).toMatchObject({
      version: 3,
      status: 'CLOSED',
      outcome: 'PARTIALLY_ACHIEVED',
      closingNote: 'Click-through proved demand',
    });

    const read = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on Objective {
        children { id }
        history { totalCount edges { node { type version reason subjectId } } } } } }`,
      { id: company.id },
    );
    expect(read.data.node.children).toEqual([{ id: team.id }]);
    expect(read.data.node.history.totalCount).toBe(1);
    const teamHistory = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on Objective { history { edges { node { type reason subjectId } } } } } }`,
      { id: team.id },
    );
    expect(teamHistory.data.node.history.edges.map((e: any) => [e.node.type, e.node.reason, e.node.subjectId])).toEqual([
      ['ObjectiveSet', null, team.id],
      ['ObjectiveRevised', reason, team.id],
      ['ObjectiveClosed', null, team.id],
    ]);
  });

  it('defaults the cycle to the current quarter', async () => {
    const objective = await setObjective({ title: 'This quarter', cycle: null });
    expect(objective.cycle).toBe(cycleOf(new Date()));
  });

  it('lists objectives by cycle, team, level and status, with totalCount and stable cursors', async () => {
    const cycle = '2024-Q3';
    const ids: string[] = [];
    for (const [title, ownerTeam, level] of [
      ['A', 'insights', 'TEAM'],
      ['B', 'platform', 'TEAM'],
      ['C', 'insights', 'TEAM'],
      ['D', null, 'COMPANY'],
    ] as const) {
      ids.push((await setObjective({ title, cycle, ownerTeam, level })).id);
    }
    const list = async (args: string) =>
      (await api.gql(`{ objectives(${args}) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`)).data.objectives;
    const insights = await list(`cycle: "${cycle}", team: "insights", first: 1`);
    expect(insights.totalCount).toBe(2);
    expect(insights.edges.map((e: any) => e.node.id)).toEqual([ids[0]]);
    expect(insights.pageInfo.hasNextPage).toBe(true);
    const next = await list(`cycle: "${cycle}", team: "insights", first: 1, after: "${insights.pageInfo.endCursor}"`);
    expect(next.edges.map((e: any) => e.node.id)).toEqual([ids[2]]);
    expect((await list(`cycle: "${cycle}", level: COMPANY`)).edges.map((e: any) => e.node.id)).toEqual([ids[3]]);
    expect((await list(`cycle: "${cycle}", status: CLOSED`)).totalCount).toBe(0);

    // A cycle may be a defined cycle's key, so only a malformed one is refused (an unknown key lists nothing).
    const bad = await api.gql(`{ objectives(cycle: "2024 Q3") { totalCount } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses bad objective input with typed user errors and appends nothing', async () => {
    const parent = await setObjective({ title: 'Parent' });
    const child = await setObjective({ title: 'Child', alignedTo: parent.id });
    const base = { title: 'x', cycle: PAST, level: 'TEAM', ownerTeam: 'insights' };

    await refusedWith(SET, { ...base, ownerTeam: 'nobody' }, notFound('ownerTeam'));
    await refusedWith(SET, { ...base, ownerTeam: null }, invalid('ownerTeam'));
    await refusedWith(SET, { ...base, level: 'INDIVIDUAL' }, invalid('owner'));
    await refusedWith(SET, { ...base, cycle: '2025-Q5', title: ' ' }, invalid('title'), invalid('cycle'));
    await refusedWith(SET, { ...base, alignedTo: encodeGlobalID('Objective', 'missing') }, notFound('alignedTo'));
    await refusedWith(SET, { ...base, alignedTo: decisionId }, invalid('alignedTo'));

    const revise = { id: parent.id, expectedVersion: 1, reason: 'r' };
    await refusedWith(REVISE, { ...revise, alignedTo: child.id }, { ...invalid('alignedTo'), message: expect.stringMatching(/cycle/) });
    await refusedWith(REVISE, { ...revise, alignedTo: parent.id }, invalid('alignedTo'));
    await refusedWith(REVISE, { ...revise, title: 'Parent' }, { code: 'INVALID_INPUT', field: ['input'] });
    await refusedWith(REVISE, { ...revise, expectedVersion: 4, title: 'New' }, versionConflict);
    await refusedWith(REVISE, { ...revise, reason: '', title: 'New' }, invalid('reason'));
    await refusedWith(REVISE, { ...revise, id: decisionId, title: 'New' }, invalid('id'));

    await refusedWith(CLOSE, { id: parent.id, expectedVersion: 1, outcome: 'MISSED', note: '  ' }, invalid('note'));
    await mutate(CLOSE, { id: parent.id, expectedVersion: 1, outcome: 'DROPPED', note: 'Replaced' });
    await refusedWith(CLOSE, { id: parent.id, expectedVersion: 2, outcome: 'MISSED', note: 'again' }, badTransition('id'));
    await refusedWith(REVISE, { ...revise, expectedVersion: 2, title: 'New' }, badTransition('id'));
  });
});

describe('key results and check-ins over HTTP', () => {
  it('defines key results, checks in and corrects, revises the target, grades, and computes progress', async () => {
    const objective = await setObjective({ title: 'Adoption' });
    const metric = await defineMetric(objective.id);
    expect(metric).toMatchObject({ version: 1, kind: 'METRIC', baseline: 10, target: 40, unit: '%', direction: 'INCREASE' });
    expect(metric).toMatchObject({ progress: 0, status: null, latestCheckIn: null });
    const milestone = (await mutate(DEFINE, { objective: objective.id, title: 'Email insights shipped', kind: 'MILESTONE' })).keyResult;
    expect(milestone).toMatchObject({ kind: 'MILESTONE', baseline: null, target: null, direction: null });

    const week1 = await checkIn(metric.id, { value: 14, reportedFor: '2025-01-06', status: 'AT_RISK', note: 'Slow start' });
    expect(decodeGlobalID(week1.id)).toEqual({ typename: 'KeyResultCheckIn', id: `${decodeGlobalID(metric.id).id}:2` });
    expect(week1).toMatchObject({ version: 2, status: 'AT_RISK', statusDerived: false, note: 'Slow start' });
    const typo = await checkIn(metric.id, { value: 40 }); // derived: progress 1 at midway
    expect(typo).toMatchObject({ version: 3, status: 'ON_TRACK', statusDerived: true, progress: 1, reportedFor: MIDWAY, recordedBy: { id: 'dev' } });
    const fixed = await checkIn(metric.id, { value: 20, corrects: typo.id, reason: 'typo' }); // 1/3 at midway: AT_RISK
    expect(fixed).toMatchObject({ version: 4, value: 20, status: 'AT_RISK', statusDerived: true, corrects: { id: typo.id }, correctedBy: null });
    const done = await checkIn(milestone.id, { done: true });
    expect(done).toMatchObject({ value: 1, done: true, progress: 1, status: 'ON_TRACK' });

    const why = 'Longer sales cycle';
    const revised = await mutate(REVISE_TARGET, { id: metric.id, expectedVersion: 4, target: 30, reason: why, decision: decisionId });
    expect(revised.userErrors).toEqual([]);
    expect(revised.keyResult).toMatchObject({ version: 5, target: 30, progress: 0.5 });
    const graded = await mutate(GRADE, { id: metric.id, expectedVersion: 5, grade: 0.6 });
    expect(graded.keyResult).toMatchObject({ version: 6, grade: 0.6 });

    const aligned = await setObjective({ title: 'Onboarding emails', alignedTo: metric.id });
    expect(aligned.alignedTo).toEqual({ __typename: 'KeyResult', id: metric.id });

    const read = await api.gql(
      `query($o: ID!, $k: ID!, $c: ID!) {
        objective: node(id: $o) { ... on Objective { progress keyResults { id } children { id } } }
        keyResult: node(id: $k) { ... on KeyResult { alignedObjectives { id }
          checkIns { id value reportedFor } checkInHistory { id correctedBy { id } }
          targetHistory { previousTarget target reason decision { id } recordedBy { id } recordedAt version }
          history { totalCount edges { node { type version reason } } } } }
        checkIn: node(id: $c) { ... on KeyResultCheckIn { value correctedBy { id } keyResult { id } } }
      }`,
      { o: objective.id, k: metric.id, c: typo.id },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data.objective).toEqual({ progress: 0.75, keyResults: [{ id: metric.id }, { id: milestone.id }], children: [{ id: aligned.id }] });
    const kr = read.data.keyResult;
    expect(kr.alignedObjectives).toEqual([{ id: aligned.id }]);
    expect(kr.checkIns).toEqual([
      { id: week1.id, value: 14, reportedFor: '2025-01-06' },
      { id: fixed.id, value: 20, reportedFor: MIDWAY },
    ]);
    expect(kr.checkInHistory).toEqual([
      { id: week1.id, correctedBy: null },
      { id: typo.id, correctedBy: { id: fixed.id } },
      { id: fixed.id, correctedBy: null },
    ]);
    expect(kr.targetHistory).toEqual([
      {
        previousTarget: 40,
        target: 30,
        reason: why,
        decision: { id: decisionId },
        recordedBy: { id: 'dev' },
        recordedAt: expect.any(String),
        version: 5,
      },
    ]);
    expect(kr.history.totalCount).toBe(6);
    expect(kr.history.edges.map((e: any) => e.node.type)).toEqual([
      'KeyResultDefined',
      'KeyResultCheckedIn',
      'KeyResultCheckedIn',
      'KeyResultCheckedIn',
      'KeyResultTargetRevised',
      'KeyResultGraded',
    ]);
    expect(kr.history.edges[3].node.reason).toBe('typo');
    expect(read.data.checkIn).toEqual({ value: 40, correctedBy: { id: fixed.id }, keyResult: { id: metric.id } });
  });

  it('lists at-risk key results by cycle and team, worst first, with objective and team', async () => {
    const cycle = '2024-Q4';
    const insights = await setObjective({ title: 'Insights risk', cycle });
    const platform = await setObjective({ title: 'Platform risk', cycle, ownerTeam: 'platform' });
    const atRisk = await defineMetric(insights.id);
    const offTrack = await defineMetric(platform.id);
    const fine = await defineMetric(platform.id);
    await checkIn(atRisk.id, { value: 12, reportedFor: '2024-11-01', status: 'AT_RISK' });
    await checkIn(offTrack.id, { value: 11, reportedFor: '2024-11-01' }); // derived: far behind
    await checkIn(fine.id, { value: 39, reportedFor: '2024-11-01' });

    const query = `query($cycle: String, $team: String) { atRiskKeyResults(cycle: $cycle, team: $team) {
      status keyResult { id } objective { id } team { key } checkIn { value statusDerived } } }`;
    const all = (await api.gql(query, { cycle })).data.atRiskKeyResults;
    const row = (status: string, keyResult: string, objective: string, team: string, value: number, statusDerived: boolean) => ({
      status,
      keyResult: { id: keyResult },
      objective: { id: objective },
      team: { key: team },
      checkIn: { value, statusDerived },
    });
    expect(all).toEqual([
      row('OFF_TRACK', offTrack.id, platform.id, 'platform', 11, true),
      row('AT_RISK', atRisk.id, insights.id, 'insights', 12, false),
    ]);
    expect((await api.gql(query, { cycle, team: 'insights' })).data.atRiskKeyResults.map((r: any) => r.keyResult.id)).toEqual([atRisk.id]);
  });

  it('refuses bad key result input with typed user errors and appends nothing', async () => {
    const objective = await setObjective({ title: 'Bad input' });
    const metric = await defineMetric(objective.id);
    const define = { objective: objective.id, title: 'KR', kind: 'METRIC', baseline: 10, target: 40, unit: '%' };

    await refusedWith(DEFINE, { ...define, direction: 'DECREASE' }, invalid('target'));
    await refusedWith(DEFINE, { ...define, baseline: null }, invalid('baseline'));
    await refusedWith(DEFINE, { ...define, kind: 'MILESTONE' }, invalid('baseline'), invalid('target'), invalid('unit'));
    await refusedWith(DEFINE, { ...define, objective: encodeGlobalID('Objective', 'missing') }, notFound('objective'));
    await refusedWith(DEFINE, { ...define, objective: decisionId }, invalid('objective'));

    const revise = { id: metric.id, expectedVersion: 1, target: 50, reason: 'More ambition' };
    await refusedWith(REVISE_TARGET, { ...revise, decision: encodeGlobalID('Decision', 'missing') }, notFound('decision'));
    await refusedWith(REVISE_TARGET, { ...revise, decision: objective.id }, invalid('decision'));
    await refusedWith(REVISE_TARGET, { ...revise, reason: ' ' }, invalid('reason'));
    await refusedWith(REVISE_TARGET, { ...revise, target: 40 }, invalid('target'));
    await refusedWith(REVISE_TARGET, { ...revise, target: 5 }, invalid('target'));

    await refusedWith(GRADE, { id: metric.id, expectedVersion: 1, grade: 1.5 }, invalid('grade'));
    await refusedWith(GRADE, { id: metric.id, expectedVersion: 2, grade: 0.5 }, versionConflict);

    const first = await checkIn(metric.id, { value: 15 });
    const correction = await checkIn(metric.id, { value: 16, corrects: first.id });
    const other = await defineMetric(objective.id);
    const otherCheckIn = await checkIn(other.id, { value: 12 });
    const base = { keyResult: metric.id, value: 20, confidence: 0.5, reportedFor: MIDWAY };
    await refusedWith(CHECK_IN, { ...base, reportedFor: '2025-04-01' }, invalid('reportedFor'));
    await refusedWith(CHECK_IN, { ...base, reportedFor: '2025-02-29' }, invalid('reportedFor'));
    await refusedWith(CHECK_IN, { ...base, confidence: 1.2 }, invalid('confidence'));
    await refusedWith(CHECK_IN, { ...base, value: null }, invalid('value'));
    await refusedWith(CHECK_IN, { ...base, corrects: first.id }, badTransition('corrects'));
    await refusedWith(CHECK_IN, { ...base, corrects: otherCheckIn.id }, invalid('corrects'));
    await refusedWith(CHECK_IN, { ...base, corrects: encodeGlobalID('KeyResultCheckIn', `${decodeGlobalID(metric.id).id}:1`) }, notFound('corrects'));
    await refusedWith(CHECK_IN, { ...base, keyResult: encodeGlobalID('KeyResult', 'missing') }, notFound('keyResult'));
    await refusedWith(CHECK_IN, { ...base, expectedVersion: 1 }, versionConflict);
    expect(correction.corrects).toEqual({ id: first.id });

    const milestone = (await mutate(DEFINE, { objective: objective.id, title: 'Ship', kind: 'MILESTONE' })).keyResult;
    await refusedWith(CHECK_IN, { ...base, keyResult: milestone.id, value: 0.5 }, invalid('value'));

    await mutate(CLOSE, { id: objective.id, expectedVersion: 1, outcome: 'MISSED', note: 'n' });
    await refusedWith(DEFINE, define, badTransition('objective'));
    await refusedWith(REVISE_TARGET, { ...revise, expectedVersion: 3 }, badTransition('id'));
  });

  it('checks in on the current quarter, refuses the future, and replays an idempotent retry', async () => {
    const objective = await setObjective({ title: 'Now', cycle: null });
    const metric = await defineMetric(objective.id);
    const today = isoDateOf(new Date());
    const input = { keyResult: metric.id, value: 10, confidence: 0.9, reportedFor: cycleStart(objective.cycle), idempotencyKey: 'week-1' };
    const first = await mutate(CHECK_IN, input);
    expect(first.checkIn).toMatchObject({ status: 'ON_TRACK', statusDerived: true }); // first day of the cycle: nothing expected yet
    const size = await logSize();
    expect(await mutate(CHECK_IN, input)).toEqual(first);
    expect(await logSize()).toBe(size);

    const inThreeDays = isoDateOf(new Date(Date.parse(`${today}T00:00:00Z`) + 3 * 86_400_000));
    const future = { ...input, idempotencyKey: null, reportedFor: inThreeDays };
    const refused = await refusedWith(CHECK_IN, future, invalid('reportedFor'));
    expect(refused[0]!.message).toMatch(inThreeDays <= cycleEnd(objective.cycle) ? /future/ : /inside/);
  });
});

import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ALERT_CATCH_UP_MS, createApp, type App } from '../../api/app.ts';
import { configFromEnv } from '../../api/config.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { TEST_AUTH_ENV } from '../support/auth.ts';
import { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import { createEventRegistry } from '../../domain/registry.ts';

// The weekly loop over HTTP on DynamoDB Local with an injected clock: a missed report deadline and
// an off-track key result become alerts (events by the ledger's SERVICE actor), raised once however
// often and by however many evaluators, acknowledged by a person, resolved citing what cleared them.

const ERRORS = 'userErrors { code field message }';
const ALERT_FIELDS = `id status kind period summary version ruleVersion subject { kind id name }
  evidence { kind id position summary } recipients { name email person { subject } }
  note acknowledgedBy { id } resolvedBy { kind id position summary } resolution raisedAt resolvedAt`;

// Wednesday 2 December 2026 is in ISO week 2026-W49; its Friday 17:00 Berlin (CET) is 16:00Z.
let now = new Date('2026-12-02T10:00:00Z');
const clock = () => now;

let api: TestServer;
let second: App;
const mutate = async (name: string, type: string, input: Record<string, unknown>, fields: string, as = api.gql) => {
  const response = await as(`mutation($input: ${type}!) { ${name}(input: $input) { ${fields} ${ERRORS} } }`, { input });
  expect(response.errors).toBeUndefined();
  return response.data[name];
};
const ok = async (...args: Parameters<typeof mutate>) => {
  const result = await mutate(...args);
  expect(result.userErrors).toEqual([]);
  return result;
};
const alertEvents = async () => (await api.table.store.readAll(0)).filter((e) => e.stream.kind === 'alert');
const alertsNow = async (args = '') => (await api.gql(`{ alerts${args} { totalCount edges { node { ${ALERT_FIELDS} } } } }`)).data.alerts;
const logSize = async () => (await api.table.store.readAll(0)).length;

const maria = { roles: ['CONTRIBUTOR' as const], sub: 'maria', name: 'María Ruiz' };

beforeAll(async () => {
  api = await startTestServer('alerts', {}, { clock, registerPeople: true });
  // Another process on the same table with the same clock: a second evaluator.
  const config = configFromEnv({ DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), EVENTS_TABLE: api.table.tableName, ...TEST_AUTH_ENV });
  second = createApp(config, { clock, store: new DynamoEventStore({ client: api.table.client, tableName: api.table.tableName, registry: createEventRegistry(), now: clock }) });
  await ok('setCadence', 'SetCadenceInput', { timeZone: 'Europe/Berlin', reportDeadline: { weekday: 'FRIDAY', time: '17:00' } }, 'cadence { version timeZone }');
  await ok('defineTeam', 'DefineTeamInput', { key: 'payments', name: 'Payments', kind: 'PRODUCT', headcount: 5 }, 'team { key }');
  await ok('definePerson', 'DefinePersonInput', { subject: 'maria', name: 'María Ruiz', email: 'maria@example.org', aliases: ['M. Ruiz'] }, 'person { id }');
  await ok('addTeamMember', 'AddTeamMemberInput', { team: 'payments', person: 'maria', reason: 'Joined the team' }, 'team { members { totalCount } }');
  // A second team whose key result exists long before the check-in reminders are tested.
  await ok('defineTeam', 'DefineTeamInput', { key: 'growth', name: 'Growth', kind: 'PRODUCT', headcount: 3 }, 'team { key }');
  const objective = await ok('setObjective', 'SetObjectiveInput', { title: 'More signups', level: 'TEAM', ownerTeam: 'growth', owner: 'maria' }, 'objective { id }');
  await ok('defineKeyResult', 'DefineKeyResultInput', { objective: objective.objective.id, title: 'Weekly signups', kind: 'METRIC', baseline: 100, target: 200, unit: 'signups' }, 'keyResult { id }');
});
afterAll(async () => {
  await api.app.alerts.idle();
  await api.close();
});

describe('REPORT_LATE: a team misses Friday’s deadline', () => {
  let ruleId: string;
  let raisedAt: string;

  it('is raised once, after the deadline and its grace hours, however many evaluators run', async () => {
    const rule = await ok(
      'setAlertRule',
      'SetAlertRuleInput',
      { name: 'Report late', kind: 'REPORT_LATE', team: 'payments', hours: 2, owner: 'maria', recipientTeams: ['payments'] },
      'rule { id version kind hours recipientTeams { key } owner { subject } }',
    );
    ruleId = rule.rule.id;
    expect(rule.rule).toMatchObject({ kind: 'REPORT_LATE', hours: 2, recipientTeams: [{ key: 'payments' }], owner: { subject: 'maria' } });

    now = new Date('2026-12-04T17:59:00Z'); // 18:59 Berlin: the deadline passed, the two hours not yet
    expect(await api.app.alerts.run()).toMatchObject({ raised: 0 });

    now = new Date('2026-12-04T18:30:00Z');
    const runs = [await api.app.alerts.run(), await api.app.alerts.run(), await api.app.alerts.run()];
    const together = await Promise.all([api.app.alerts.run(), second.alerts.run(), second.alerts.run()]);
    expect([...runs, ...together].reduce((n, r) => n + r.raised, 0)).toBe(1);
    const events = await alertEvents();
    expect(events.map((e) => [e.type, e.actor])).toEqual([['AlertRaised', { id: 'decision-ledger', name: 'decision-ledger alerts', kind: 'SERVICE' }]]);
    raisedAt = events[0]!.recordedAt;

    const [alert] = (await alertsNow('(status: [OPEN])')).edges.map((e: any) => e.node);
    expect(alert).toMatchObject({
      status: 'OPEN',
      kind: 'REPORT_LATE',
      period: '2026-W49',
      ruleVersion: 1,
      subject: { kind: 'team', id: 'payments', name: 'Payments' },
      evidence: { kind: 'team', id: 'payments', position: null },
      recipients: [{ name: 'María Ruiz', email: 'maria@example.org', person: { subject: 'maria' } }],
    });
    expect(alert.summary).toMatch(/Payments has not reported allocation for 2026-W49: due Fri 4 Dec 2026 17:00 \+01:00/);
  });

  it('is resolved, citing the report, when the report arrives (the runner runs after the append)', async () => {
    now = new Date('2026-12-04T19:00:00Z');
    const report = await ok(
      'reportAllocation',
      'ReportAllocationInput',
      { team: 'payments', week: '2026-W49', entries: [{ category: 'new-features', percent: 70 }, { category: 'incidents', percent: 30 }] },
      'report { id }',
      api.as(maria),
    );
    await vi.waitFor(async () => expect((await alertEvents()).map((e) => e.type)).toEqual(['AlertRaised', 'AlertResolved']), { interval: 20, timeout: 5000 });
    const resolved = (await alertEvents())[1]!;
    const reportEvent = (await api.table.store.readAll(0)).find((e) => e.type === 'AllocationReported')!;
    expect(resolved.payload).toMatchObject({ evidence: { kind: 'allocation-report', position: reportEvent.position } });
    expect(resolved.actor.kind).toBe('SERVICE');
    const [alert] = (await alertsNow()).edges.map((e: any) => e.node);
    expect(alert).toMatchObject({ status: 'RESOLVED', resolvedBy: { kind: 'allocation-report', position: reportEvent.position }, resolution: 'payments reported 2026-W49' });
    expect(report.report.id).toBeTruthy();

    // Re-running raises nothing again for this rule, team and week.
    expect(await second.alerts.run()).toEqual({ raised: 0, resolved: 0, skipped: 0 });
    expect(await alertEvents()).toHaveLength(2);

    // Afterwards: open at the time it was raised, resolved now; the audit trail shows both.
    const atRaise = await api.gql(`query($at: DateTime) { alerts(asOf: $at, status: [OPEN]) { totalCount } }`, { at: raisedAt });
    expect(atRaise.data.alerts.totalCount).toBe(1);
    const before = await api.gql(`query($at: DateTime) { alerts(asOf: $at) { totalCount } }`, { at: new Date(Date.parse(raisedAt) - 1).toISOString() });
    expect(before.data.alerts.totalCount).toBe(0);
    const trail = await api.gql(`{ auditTrail(filter: { actorId: "decision-ledger" }) { edges { node { type subjectId } } } }`);
    expect(trail.errors).toBeUndefined();
    expect(trail.data.auditTrail.edges.map((e: any) => e.node.type)).toEqual(['AlertRaised', 'AlertResolved']);
    const byRule = await api.gql(`query($rule: ID) { alerts(rule: $rule) { totalCount } }`, { rule: ruleId });
    expect(byRule.data.alerts.totalCount).toBe(1);
  });
});

describe('KEY_RESULT_OFF_TRACK: a key result goes off track', () => {
  it('raises with the check-in as evidence, is acknowledged with a note, and resolves when back on track', async () => {
    await ok('setAlertRule', 'SetAlertRuleInput', { name: 'Off track', kind: 'KEY_RESULT_OFF_TRACK', team: 'payments' }, 'rule { id }');
    const objective = await ok('setObjective', 'SetObjectiveInput', { title: 'Checkout converts', level: 'TEAM', ownerTeam: 'payments', owner: 'M. Ruiz' }, 'objective { id }');
    const kr = await ok(
      'defineKeyResult',
      'DefineKeyResultInput',
      { objective: objective.objective.id, title: 'Conversion to 4%', kind: 'METRIC', baseline: 2, target: 4, unit: '%' },
      'keyResult { id }',
    );
    const krId = kr.keyResult.id;
    const checkIn = `mutation($input: CheckInKeyResultInput!) { checkInKeyResult(input: $input) { checkIn { id } ${ERRORS} } }`;
    now = new Date('2026-12-05T09:00:00Z');
    const off = await api.as(maria)(checkIn, { input: { keyResult: krId, value: 2, confidence: 0.2, status: 'OFF_TRACK', reportedFor: '2026-12-01' } });
    expect(off.data.checkInKeyResult.userErrors).toEqual([]);

    await vi.waitFor(async () => expect((await alertsNow('(status: [OPEN])')).totalCount).toBe(1), { interval: 20, timeout: 5000 });
    const read = await api.gql(`query($id: ID!) { node(id: $id) { ... on KeyResult { alerts { edges { node { ${ALERT_FIELDS} } } } } } }`, { id: krId });
    const alert = read.data.node.alerts.edges[0].node;
    expect(alert).toMatchObject({ kind: 'KEY_RESULT_OFF_TRACK', status: 'OPEN', evidence: { kind: 'check-in' }, recipients: [{ name: 'María Ruiz' }] });
    expect(alert.evidence.summary).toMatch(/2026-12-01: OFF_TRACK, confidence 0.2/);

    // A READER may not acknowledge; a contributor who is neither member nor recipient may not either.
    const size = await logSize();
    const reader = await api.as({ roles: ['READER'], sub: 'rita' })(`mutation { acknowledgeAlert(input: { id: "${alert.id}", note: "x" }) { ${ERRORS} } }`);
    expect(reader.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stranger = await mutate('acknowledgeAlert', 'AcknowledgeAlertInput', { id: alert.id, note: 'mine?' }, 'alert { id }', api.as({ roles: ['CONTRIBUTOR'], sub: 'sam' }));
    expect(stranger.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'id'] });
    expect(await logSize()).toBe(size);

    now = new Date('2026-12-05T10:00:00Z');
    const acked = await ok('acknowledgeAlert', 'AcknowledgeAlertInput', { id: alert.id, note: 'Fixing the payment form' }, 'alert { status note acknowledgedBy { id } }', api.as(maria));
    expect(acked.alert).toEqual({ status: 'ACKNOWLEDGED', note: 'Fixing the payment form', acknowledgedBy: { id: 'maria' } });

    now = new Date('2026-12-05T11:00:00Z');
    const back = await api.as(maria)(checkIn, { input: { keyResult: krId, value: 3.5, confidence: 0.8, status: 'ON_TRACK', reportedFor: '2026-12-02' } });
    expect(back.data.checkInKeyResult.userErrors).toEqual([]);
    await vi.waitFor(async () => expect((await alertsNow('(status: [RESOLVED])')).totalCount).toBe(2), { interval: 20, timeout: 5000 });
    const history = await api.gql(`query($id: ID!) { node(id: $id) { ... on Alert { status resolvedBy { kind id } history { edges { node { type actor { id kind } } } } } } }`, { id: alert.id });
    expect(history.data.node.status).toBe('RESOLVED');
    expect(history.data.node.resolvedBy.id).toMatch(/:3$/);
    expect(history.data.node.history.edges.map((e: any) => [e.node.type, e.node.actor.id])).toEqual([
      ['AlertRaised', 'decision-ledger'],
      ['AlertAcknowledged', 'maria'],
      ['AlertResolved', 'decision-ledger'],
    ]);
    const team = await api.gql(`{ team(key: "payments") { alerts { totalCount } members { edges { node { person { subject } } } } } }`);
    expect(team.data.team.alerts.totalCount).toBe(2);

    // Afterwards, every step as it stood: raised (OPEN) after the off-track check-in, ACKNOWLEDGED
    // with the note after 10:00, RESOLVED after the check-in back on track.
    const at = async (instant: string) =>
      (await api.gql(`query($id: String, $at: DateTime) { alerts(asOf: $at, subject: $id) { edges { node { status note resolvedBy { id } } } } }`, { id: alert.subject.id, at: instant })).data.alerts.edges.map((e: any) => e.node);
    expect(await at('2026-12-05T08:59:00Z')).toEqual([]);
    expect(await at('2026-12-05T09:30:00Z')).toEqual([{ status: 'OPEN', note: null, resolvedBy: null }]);
    expect(await at('2026-12-05T10:30:00Z')).toEqual([{ status: 'ACKNOWLEDGED', note: 'Fixing the payment form', resolvedBy: null }]);
    expect(await at('2026-12-05T11:30:00Z')).toEqual([{ status: 'RESOLVED', note: 'Fixing the payment form', resolvedBy: { id: expect.stringMatching(/:3$/) } }]);
    // The audit trail has each step with its actor: the check-ins and the acknowledgement by María, the alert's by the ledger.
    const trail = await api.gql(`{ auditTrail(filter: { recordedFrom: "2026-12-05T08:00:00Z" }) { edges { node { type actor { id kind } recordedAt } } } }`);
    expect(trail.errors).toBeUndefined();
    expect(trail.data.auditTrail.edges.map((e: any) => [e.node.type, e.node.actor.id, e.node.recordedAt])).toEqual([
      ['KeyResultCheckedIn', 'maria', '2026-12-05T09:00:00.000Z'],
      ['AlertRaised', 'decision-ledger', '2026-12-05T09:00:00.000Z'],
      ['AlertAcknowledged', 'maria', '2026-12-05T10:00:00.000Z'],
      ['KeyResultCheckedIn', 'maria', '2026-12-05T11:00:00.000Z'],
      ['AlertResolved', 'decision-ledger', '2026-12-05T11:00:00.000Z'],
    ]);
  });
});

describe('bad input: typed userErrors, nothing written', () => {
  it.each([
    ['an unknown time zone', 'setCadence', 'SetCadenceInput', { timeZone: 'Mars/Olympus', reportDeadline: { weekday: 'FRIDAY', time: '17:00' } }, ['input', 'timeZone']],
    ['a deadline the clocks skip', 'setCadence', 'SetCadenceInput', { timeZone: 'Europe/Berlin', reportDeadline: { weekday: 'SUNDAY', time: '02:30' } }, ['input', 'reportDeadline', 'time']],
    ['a time that is not HH:MM', 'setCadence', 'SetCadenceInput', { timeZone: 'UTC', reportDeadline: { weekday: 'FRIDAY', time: '25:00' } }, ['input', 'reportDeadline', 'time']],
    ['a threshold out of range', 'setAlertRule', 'SetAlertRuleInput', { name: 'x', kind: 'CONFIDENCE_BELOW', team: 'payments', threshold: 1.5 }, ['input', 'threshold']],
    ['a recipient who is not a person', 'setAlertRule', 'SetAlertRuleInput', { name: 'x', kind: 'REPORT_LATE', team: 'payments', recipientPeople: ['nobody'] }, ['input', 'recipientPeople', '0']],
    ['a recipient team that does not exist', 'setAlertRule', 'SetAlertRuleInput', { name: 'x', kind: 'REPORT_LATE', team: 'payments', recipientTeams: ['ghosts'] }, ['input', 'recipientTeams', '0']],
    ['a member who is not a person', 'addTeamMember', 'AddTeamMemberInput', { team: 'payments', person: 'nobody', reason: 'r' }, ['input', 'person']],
  ])('%s', async (_label, name, type, input, field) => {
    const size = await logSize();
    const result = await mutate(name, type, input, '__typename');
    expect(result.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field });
    expect(await logSize()).toBe(size);
  });

  it('an org-wide rule needs ADMIN', async () => {
    const result = await mutate('setAlertRule', 'SetAlertRuleInput', { name: 'x', kind: 'REPORT_LATE' }, 'rule { id }', api.as({ roles: ['LEAD'], sub: 'lee' }));
    expect(result.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'team'] });
  });
});

describe('dueWork', () => {
  it("shows each team's report and check-ins for a week against the deadline, with the people responsible", async () => {
    now = new Date('2026-12-04T10:00:00Z'); // Friday morning of 2026-W49, before its deadline
    const query = `query($week: String) { dueWork(week: $week, team: "payments") { week deadline reportStatus responsible { subject }
      checkIns { status keyResult { title } responsible { subject } } } }`;
    const w49 = (await api.gql(query, { week: '2026-W49' })).data.dueWork[0];
    expect(w49).toMatchObject({ week: '2026-W49', deadline: '2026-12-04T16:00:00.000Z', reportStatus: 'DONE', responsible: [{ subject: 'maria' }] });
    expect(w49.checkIns).toEqual([{ status: 'DONE', keyResult: { title: 'Conversion to 4%' }, responsible: [{ subject: 'maria' }] }]);
    // The year's last week: not reported, its deadline (Friday 1 January 2027) ahead of the clock.
    const w53 = (await api.gql(query, { week: '2026-W53' })).data.dueWork[0];
    expect(w53).toMatchObject({ deadline: '2027-01-01T16:00:00.000Z', reportStatus: 'DUE' });
    expect(w53.checkIns[0].status).toBe('DUE');
    const w48 = (await api.gql(query, { week: '2026-W48' })).data.dueWork[0];
    expect(w48.reportStatus).toBe('LATE');
    const w47 = (await api.gql(query, { week: '2026-W47' })).data.dueWork[0];
    expect(w47.reportStatus).toBe('MISSING');
    // A free-text owner written as "M. Ruiz" reads as the person with that alias; the text stays.
    const owners = await api.gql(`{ objectives(team: "payments") { edges { node { owner ownerPerson { subject } } } } }`);
    expect(owners.data.objectives.edges[0].node).toEqual({ owner: 'M. Ruiz', ownerPerson: { subject: 'maria' } });
    const bad = await api.gql(`{ dueWork(week: "2026-W60") { week } }`);
    expect(bad.errors?.[0]?.message).toMatch(/not an ISO week/);
  });
});

describe('the other kinds over HTTP: CHECK_IN_DUE, ALLOCATION_DRIFT, TRADEOFF_REVISIT_DUE, PRIORITY_CHANGED_WITHOUT_EVIDENCE', () => {
  const lead = { roles: ['LEAD' as const], sub: 'lee', name: 'Lee Lead' };
  const ofRule = async (rule: string, fields = ALERT_FIELDS) =>
    (await api.gql(`query($rule: ID) { alerts(rule: $rule) { edges { node { ${fields} } } } }`, { rule })).data.alerts.edges.map((e: any) => e.node);

  it.each([
    ['an unknown category', { kind: 'ALLOCATION_DRIFT', team: 'payments', category: 'meetings', tolerance: 10 }, ['input', 'category']],
    ['no category', { kind: 'ALLOCATION_DRIFT', team: 'payments', tolerance: 10 }, ['input', 'category']],
    ['no tolerance', { kind: 'ALLOCATION_DRIFT', team: 'payments', category: 'incidents' }, ['input', 'tolerance']],
    ['a tolerance over 100 points', { kind: 'ALLOCATION_DRIFT', team: 'payments', category: 'incidents', tolerance: 150 }, ['input', 'tolerance']],
    ['N < 1 weeks', { kind: 'ALLOCATION_DRIFT', team: 'payments', category: 'incidents', tolerance: 10, weeks: 0 }, ['input', 'weeks']],
    ['a threshold on a drift rule', { kind: 'ALLOCATION_DRIFT', team: 'payments', category: 'incidents', tolerance: 10, threshold: 0.5 }, ['input', 'threshold']],
    ['hours on a revisit rule', { kind: 'TRADEOFF_REVISIT_DUE', team: 'payments', hours: 3 }, ['input', 'hours']],
    ['a team on the priority-list rule', { kind: 'PRIORITY_CHANGED_WITHOUT_EVIDENCE', team: 'payments' }, ['input', 'team']],
    ['CHECK_IN_DUE more than two weeks ahead', { kind: 'CHECK_IN_DUE', team: 'payments', hours: 400 }, ['input', 'hours']],
  ])('refuses %s with a typed error and writes nothing', async (_label, input, field) => {
    const size = await logSize();
    const result = await mutate('setAlertRule', 'SetAlertRuleInput', { name: 'x', ...input }, 'rule { id }');
    expect(result.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field });
    expect(await logSize()).toBe(size);
  });

  it('scopes like the other kinds: a LEAD sets a rule for a team, only an ADMIN the org-wide priority-list rule', async () => {
    const size = await logSize();
    const org = await mutate('setAlertRule', 'SetAlertRuleInput', { name: 'x', kind: 'PRIORITY_CHANGED_WITHOUT_EVIDENCE' }, 'rule { id }', api.as(lead));
    expect(org.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'team'] });
    const drift = await mutate('setAlertRule', 'SetAlertRuleInput', { name: 'x', kind: 'TRADEOFF_REVISIT_DUE' }, 'rule { id }', api.as(lead));
    expect(drift.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'team'] });
    expect(await logSize()).toBe(size);
  });

  it('CHECK_IN_DUE reminds the owner before the deadline and resolves with the check-in', async () => {
    // Thursday 10 December 2026, 18:00Z: within 24 hours of 2026-W50's deadline (Friday 16:00Z).
    now = new Date('2026-12-10T18:00:00Z');
    const rule = (await ok('setAlertRule', 'SetAlertRuleInput', { name: 'Check in soon', kind: 'CHECK_IN_DUE', team: 'growth' }, 'rule { id hours }')).rule;
    expect(rule.hours).toBeNull();
    await api.app.alerts.run();
    const [due] = await ofRule(rule.id);
    expect(due).toMatchObject({ kind: 'CHECK_IN_DUE', status: 'OPEN', period: '2026-W50', subject: { kind: 'key-result', name: 'Weekly signups' }, recipients: [{ name: 'María Ruiz' }] });
    expect(due.summary).toMatch(/the check-in for 2026-W50 is due Fri 11 Dec 2026 17:00 \+01:00/);
    const krs = (await api.gql(`{ objectives(team: "growth") { edges { node { keyResults { id } } } } }`)).data.objectives.edges[0].node.keyResults;
    // The API takes no check-in for a date after the real today (Monday 7 December 2026 or later), which is in W50 too.
    const checkIn = await mutate('checkInKeyResult', 'CheckInKeyResultInput', { keyResult: krs[0].id, value: 130, confidence: 0.8, reportedFor: '2026-12-07' }, 'checkIn { id }', api.as(maria));
    expect(checkIn.userErrors).toEqual([]);
    await vi.waitFor(async () => expect((await ofRule(rule.id))[0]).toMatchObject({ status: 'RESOLVED', resolvedBy: { kind: 'check-in', id: expect.stringMatching(/:2$/) } }), { interval: 20, timeout: 5000 });
  });

  it('ALLOCATION_DRIFT raises after N weeks off target, citing the report that made it N, and resolves on a week back within tolerance', async () => {
    now = new Date('2026-12-18T18:00:00Z');
    await ok('setAllocationTarget', 'SetAllocationTargetInput', { team: 'payments', fromWeek: '2026-W49', entries: [{ category: 'incidents', percent: 10, tolerance: 5 }], reason: 'Fewer fires' }, 'target { id }');
    const rule = (
      await ok(
        'setAlertRule',
        'SetAlertRuleInput',
        { name: 'Incidents drift', kind: 'ALLOCATION_DRIFT', team: 'payments', category: 'incidents', tolerance: 10, weeks: 2 },
        'rule { id category { key name } tolerance weeks }',
        api.as(lead),
      )
    ).rule;
    expect(rule).toMatchObject({ category: { key: 'incidents', name: 'Incidents' }, tolerance: 10, weeks: 2 });
    const report = (week: string, incidents: number) =>
      ok('reportAllocation', 'ReportAllocationInput', { team: 'payments', week, entries: [{ category: 'incidents', percent: incidents }, { category: 'new-features', percent: 100 - incidents }] }, 'report { id }', api.as(maria));
    // 2026-W49 was reported with 30% incidents: one week off (20 points); W50 makes it two.
    await report('2026-W50', 25);
    await api.app.alerts.idle();
    await vi.waitFor(async () => expect(await ofRule(rule.id)).toHaveLength(1), { interval: 20, timeout: 5000 });
    const reported = (await api.table.store.readAll(0)).filter((e) => e.type === 'AllocationReported').at(-1)!;
    const [drift] = await ofRule(rule.id);
    expect(drift).toMatchObject({ status: 'OPEN', period: '2026-W49', subject: { kind: 'team', id: 'payments' }, evidence: { kind: 'allocation-report', id: 'payments.2026-W50', position: reported.position } });
    expect(drift.summary).toMatch(/Incidents is more than 10 points off its target for 2 reported week\(s\) in a row since 2026-W49/);

    now = new Date('2026-12-25T18:00:00Z');
    await report('2026-W51', 12);
    await vi.waitFor(async () => expect((await ofRule(rule.id))[0]).toMatchObject({ status: 'RESOLVED', resolvedBy: { kind: 'allocation-report', id: 'payments.2026-W51' } }), { interval: 20, timeout: 5000 });
  });

  it('TRADEOFF_REVISIT_DUE raises on the revisit date (also in dueWork) and resolves when the tradeoff is revisited', async () => {
    now = new Date('2026-12-26T10:00:00Z');
    const krs = (await api.gql(`{ objectives(team: "payments") { edges { node { keyResults { id } } } } }`)).data.objectives.edges[0].node.keyResults;
    const tradeoff = (
      await ok('noteTradeoff', 'NoteTradeoffInput', { title: 'Form before upsell', chose: 'Fix the form', over: 'Upsell banner', rationale: 'Conversion first', relatedTo: [krs[0].id], revisitBy: '2026-12-28' }, 'tradeoff { id version }', api.as(lead))
    ).tradeoff;
    const rule = (await ok('setAlertRule', 'SetAlertRuleInput', { name: 'Revisit', kind: 'TRADEOFF_REVISIT_DUE', team: 'payments', recipientTeams: ['payments'] }, 'rule { id }', api.as(lead))).rule;
    await api.app.alerts.run();
    expect(await ofRule(rule.id)).toEqual([]);

    now = new Date('2026-12-28T07:00:00Z'); // 08:00 in Berlin: the revisit date has come
    await api.app.alerts.run();
    const [due] = await ofRule(rule.id);
    expect(due).toMatchObject({ kind: 'TRADEOFF_REVISIT_DUE', status: 'OPEN', period: '2026-12-28', subject: { kind: 'tradeoff', name: 'Form before upsell' } });
    const work = await api.gql(`{ dueWork(team: "payments") { tradeoffsToRevisit { revisitBy daysOverdue tradeoff { title } responsible { subject } } }
      orgDueWork { date tradeoffsToRevisit { tradeoff { title } } } }`);
    expect(work.data.dueWork[0].tradeoffsToRevisit).toEqual([{ revisitBy: '2026-12-28', daysOverdue: 0, tradeoff: { title: 'Form before upsell' }, responsible: [{ subject: 'lee' }] }]);
    expect(work.data.orgDueWork).toEqual({ date: '2026-12-28', tradeoffsToRevisit: [{ tradeoff: { title: 'Form before upsell' } }] });

    now = new Date('2026-12-28T09:00:00Z');
    await ok('revisitTradeoff', 'RevisitTradeoffInput', { id: tradeoff.id, expectedVersion: tradeoff.version, outcome: 'UPHELD', reason: 'Still right', nextRevisitBy: '2027-03-01' }, 'tradeoff { id }', api.as(lead));
    await vi.waitFor(async () => expect((await ofRule(rule.id))[0]).toMatchObject({ status: 'RESOLVED', resolvedBy: { kind: 'tradeoff-revisit' } }), { interval: 20, timeout: 5000 });
  });

  it('PRIORITY_CHANGED_WITHOUT_EVIDENCE raises on a change without evidence, is acknowledged, and resolves on a later change with evidence', async () => {
    now = new Date('2026-12-29T09:00:00Z');
    const rule = (await ok('setAlertRule', 'SetAlertRuleInput', { name: 'Evidence please', kind: 'PRIORITY_CHANGED_WITHOUT_EVIDENCE', recipientPeople: ['maria'] }, 'rule { id team { key } }')).rule;
    expect(rule.team).toBeNull();
    const initiative = (await ok('createInitiative', 'CreateInitiativeInput', { title: 'Faster payouts', owner: 'M. Ruiz', kind: 'INNOVATION', status: 'ACTIVE' }, 'initiative { id }')).initiative;
    const list = async () => (await api.gql('{ priorities { version } }')).data.priorities.version;
    await ok('reprioritize', 'ReprioritizeInput', { initiativeId: initiative.id, expectedVersion: await list(), toRank: 1, reason: 'Gut feeling' }, 'priorities { version }');
    await vi.waitFor(async () => expect(await ofRule(rule.id)).toHaveLength(1), { interval: 20, timeout: 5000 });
    const [alert] = await ofRule(rule.id);
    const change = (await api.table.store.readAll(0)).filter((e) => e.type === 'InitiativeReprioritized').at(-1)!;
    expect(alert).toMatchObject({ status: 'OPEN', subject: { kind: 'initiative', name: 'Faster payouts' }, evidence: { kind: 'priority-change', position: change.position } });
    // The rule's recipient (also the initiative's owner, "M. Ruiz"), and who made the change.
    expect(alert.recipients.map((r: any) => r.person.subject)).toEqual(['maria', 'dev']);
    await ok('acknowledgeAlert', 'AcknowledgeAlertInput', { id: alert.id, note: 'Asking for the data' }, 'alert { status }', api.as(maria));

    now = new Date('2026-12-29T11:00:00Z');
    const decision = (await ok('recordDecision', 'RecordDecisionInput', { title: 'Payouts first', rationale: 'Churn data', deciders: ['maria', 'Somebody Else'] }, 'decision { id deciders { name person { subject } } }')).decision;
    expect(decision.deciders).toEqual([{ name: 'maria', person: { subject: 'maria' } }, { name: 'Somebody Else', person: null }]);
    await ok('removeFromPriorities', 'RemoveFromPrioritiesInput', { initiativeId: initiative.id, expectedVersion: await list(), reason: 'Not before the data says so', evidence: [decision.id] }, 'priorities { version }');
    await vi.waitFor(async () => expect((await ofRule(rule.id))[0]).toMatchObject({ status: 'RESOLVED', note: 'Asking for the data', resolvedBy: { kind: 'priority-change' } }), { interval: 20, timeout: 5000 });
  });

  it('orgDueWork lists decisions PROPOSED longer than the cadence allows, with their owner and deciders as people', async () => {
    // "Payouts first" was recorded PROPOSED on 29 December; the default allows 14 days.
    const query = `query($at: DateTime) { orgDueWork(asOf: $at) { proposedDecisions { decision { title } dueAt daysProposed responsible { subject } } } }`;
    const before = await api.gql(query, { at: '2027-01-12T10:00:00Z' });
    expect(before.data.orgDueWork.proposedDecisions).toEqual([]);
    const after = await api.gql(query, { at: '2027-01-13T12:00:00Z' });
    expect(after.data.orgDueWork.proposedDecisions).toEqual([{ decision: { title: 'Payouts first' }, dueAt: '2027-01-12T11:00:00.000Z', daysProposed: 15, responsible: [{ subject: 'maria' }] }]);
  });
});

describe('an append made while another process appended (the read models cannot take it in order)', () => {
  it('is still evaluated: by one catch-up within ALERT_CATCH_UP_MS instead of a feed query per append', async () => {
    const lateW01 = async () =>
      (await alertsNow()).edges.map((e: any) => e.node).find((a: any) => a.kind === 'REPORT_LATE' && a.period === '2027-W01');
    // Another process appends: its evaluator raises Payments' 2027-W01 report as late.
    now = new Date('2027-01-13T12:00:00Z');
    expect((await second.alerts.run()).raised).toBeGreaterThan(0);
    expect(api.app.readModels.log.position).toBeLessThan((await api.table.store.head()).position);
    expect(await lateW01()).toMatchObject({ status: 'OPEN' });

    await ok('reportAllocation', 'ReportAllocationInput', { team: 'payments', week: '2027-W01', entries: [{ category: 'new-features', percent: 100 }] }, 'report { id }', api.as(maria));
    await vi.waitFor(async () => expect(await lateW01()).toMatchObject({ status: 'RESOLVED' }), { interval: 50, timeout: ALERT_CATCH_UP_MS + 5000 });
  });
});

describe('an append no alert rule reads (a decision)', () => {
  it('starts no evaluation, not even a catch-up; an append a rule reads does', async () => {
    const schedule = vi.spyOn(api.app.alerts, 'schedule');
    try {
      await ok('recordDecision', 'RecordDecisionInput', { title: 'Quarterly planning in January', rationale: 'Holidays' }, 'decision { id }');
      // Past the catch-up timer an append made while another process appended would start.
      await new Promise((resolve) => setTimeout(resolve, ALERT_CATCH_UP_MS + 300));
      expect(schedule).not.toHaveBeenCalled();

      await ok('reportAllocation', 'ReportAllocationInput', { team: 'payments', week: '2027-W02', entries: [{ category: 'new-features', percent: 100 }] }, 'report { id }', api.as(maria));
      await vi.waitFor(() => expect(schedule).toHaveBeenCalled(), { interval: 50, timeout: ALERT_CATCH_UP_MS + 5000 });
    } finally {
      schedule.mockRestore();
    }
  });
});

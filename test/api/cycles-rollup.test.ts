import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { mutations } from '../support/mutations.ts';

/**
 * Issue 17 items 2 and 3 over HTTP on DynamoDB Local: the org's cycles (defineCycles, objectives
 * naming a cycle key, carryOverObjective) and roll-up through alignment (weights, a versioned
 * progress formula, a derived status with its history).
 */

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('cycles-rollup');
});
afterAll(() => api.close());

const ERRORS = 'userErrors { code field message }';
const { mutate, refused, logSize } = mutations(() => api);

const OBJECTIVE = `objective { id version cycle cycleStart cycleEnd status progress
  carriedOverFrom { id } carriedOverTo { id }
  keyResults { id title progress baseline target carriedOverFrom { keyResult { id } value } } }`;
const CYCLES = 'cycles { version cycles { key name cadence start end } }';

const cycle = (key: string, cadence: string, start: string, end: string) => ({ key, name: key, cadence, start, end });
const DEFINED = [
  cycle('FY2025', 'ANNUAL', '2025-01-01', '2025-12-31'),
  cycle('H1-2025', 'HALF', '2025-01-01', '2025-06-30'),
  cycle('H2-2025', 'HALF', '2025-07-01', '2025-12-31'),
];

async function setObjective(input: Record<string, unknown>) {
  const result = await mutate('setObjective', OBJECTIVE, { level: 'COMPANY', ...input });
  expect(result.userErrors).toEqual([]);
  return result.objective;
}

async function metric(objective: string, title: string, target = 100) {
  const result = await mutate('defineKeyResult', 'keyResult { id }', { objective, title, kind: 'METRIC', baseline: 0, target, unit: '%' });
  expect(result.userErrors).toEqual([]);
  return result.keyResult.id as string;
}

async function checkIn(keyResult: string, value: number, reportedFor: string, status?: string) {
  const result = await mutate('checkInKeyResult', 'checkIn { status }', { keyResult, value, reportedFor, confidence: 0.8, ...(status ? { status } : {}) });
  expect(result.userErrors).toEqual([]);
  return result.checkIn;
}

const objective = async (id: string, selection: string) => (await api.gql(`query($id: ID!) { node(id: $id) { ... on Objective { ${selection} } } }`, { id })).data!.node;

describe('the org’s cycles', () => {
  it('defines cycles of two cadences; objectives name them or a calendar quarter; bad definitions are refused', async () => {
    expect((await api.gql(`{ ${CYCLES} }`)).data!.cycles).toEqual({ version: 0, cycles: [] });

    await refused('defineCycles', CYCLES, { expectedVersion: 0, cycles: [...DEFINED, cycle('FY2025b', 'ANNUAL', '2025-06-01', '2026-05-31')] }, {
      code: 'INVALID_INPUT',
      field: ['input', 'cycles', '3', 'start'],
    });
    await refused('defineCycles', CYCLES, { expectedVersion: 0, cycles: [cycle('2025-Q1', 'QUARTERLY', '2025-01-01', '2025-03-31')] }, {
      code: 'INVALID_INPUT',
      field: ['input', 'cycles', '0', 'key'],
    });
    await refused('defineCycles', CYCLES, { expectedVersion: 0, cycles: [cycle('X', 'ANNUAL', '2025-12-31', '2025-01-01'), cycle('X', 'HALF', '2025-01-01', '2025-02-01')] },
      { code: 'INVALID_INPUT', field: ['input', 'cycles', '0', 'end'] },
      { code: 'INVALID_INPUT', field: ['input', 'cycles', '1', 'key'] },
    );
    await refused('defineCycles', CYCLES, { expectedVersion: 0, cycles: [cycle('bad key', 'ANNUAL', '2025-02-30', '2025-12-31')] },
      { code: 'INVALID_INPUT', field: ['input', 'cycles', '0', 'key'] },
      { code: 'INVALID_INPUT', field: ['input', 'cycles', '0', 'start'] },
    );
    const lead = api.as({ sub: 'lead-1', roles: ['LEAD'] });
    const byLead = await lead(`mutation($input: DefineCyclesInput!) { defineCycles(input: $input) { ${ERRORS} } }`, { input: { expectedVersion: 0, cycles: DEFINED } });
    expect(byLead.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const defined = await mutate('defineCycles', CYCLES, { expectedVersion: 0, cycles: DEFINED, reason: 'Annual plan with halves' });
    expect(defined).toMatchObject({ userErrors: [], cycles: { version: 1, cycles: DEFINED } });
    await refused('defineCycles', CYCLES, { expectedVersion: 0, cycles: DEFINED }, { code: 'VERSION_CONFLICT' });

    const annual = await setObjective({ title: 'Become the default ledger', cycle: 'FY2025' });
    expect(annual).toMatchObject({ cycle: 'FY2025', cycleStart: '2025-01-01', cycleEnd: '2025-12-31' });
    const quarter = await setObjective({ title: 'A quarter still means a quarter', cycle: '2025-Q2' });
    expect(quarter).toMatchObject({ cycle: '2025-Q2', cycleStart: '2025-04-01', cycleEnd: '2025-06-30' });
    await refused('setObjective', OBJECTIVE, { title: 'x', level: 'COMPANY', cycle: 'FY2031' }, { code: 'NOT_FOUND', field: ['input', 'cycle'] });
    await refused('setObjective', OBJECTIVE, { title: 'x', level: 'COMPANY', cycle: '2025-Q7' }, { code: 'INVALID_INPUT', field: ['input', 'cycle'] });

    const half = await setObjective({ title: 'Ship the importer', cycle: 'H1-2025' });
    const kr = await metric(half.id, 'Rows imported per second', 100);
    const outside = await mutate('checkInKeyResult', 'checkIn { status }', { keyResult: kr, value: 10, reportedFor: '2025-07-01', confidence: 0.5 });
    expect(outside.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'reportedFor'] })]);
    // 2025-04-01 is day 90 of the 181 days of H1-2025: 40% progress at ~50% elapsed is AT_RISK (ratio 0.8).
    expect(await checkIn(kr, 40, '2025-04-01')).toEqual({ status: 'AT_RISK' });

    // A redefinition moves the half; the objective keeps the dates its cycle had when it was set.
    const moved = DEFINED.map((c) => (c.key === 'H1-2025' ? { ...c, end: '2025-05-31' } : c.key === 'H2-2025' ? { ...c, start: '2025-06-01' } : c));
    expect((await mutate('defineCycles', CYCLES, { expectedVersion: 1, cycles: moved })).cycles.version).toBe(2);
    expect(await objective(half.id, 'cycleStart cycleEnd')).toEqual({ cycleStart: '2025-01-01', cycleEnd: '2025-06-30' });
    const history = await api.gql(`{ cycles { history { totalCount } } asOf: cycles(atPosition: 1) { version } }`);
    expect(history.data!.cycles.history.totalCount).toBe(2);
    await mutate('defineCycles', CYCLES, { expectedVersion: 2, cycles: DEFINED });
  });

  it('carries a closed objective over into a later cycle with its key results’ last values and targets', async () => {
    const from = await setObjective({ title: 'Self-serve onboarding', cycle: 'H1-2025' });
    const signups = await metric(from.id, 'Self-serve signups', 200);
    const nps = await metric(from.id, 'Onboarding NPS', 50);
    await checkIn(signups, 80, '2025-03-01');
    await checkIn(signups, 120, '2025-06-15');
    await mutate('reviseKeyResultTarget', 'keyResult { id }', { id: signups, expectedVersion: 3, target: 240, reason: 'Sales asked for more' });

    const carry = { id: from.id, toCycle: 'H2-2025', reason: 'Not done; continues next half', idempotencyKey: 'carry-onboarding' };
    await refused('carryOverObjective', OBJECTIVE, carry, { code: 'INVALID_TRANSITION', field: ['input', 'id'] });
    const closed = await mutate('closeObjective', 'objective { version }', { id: from.id, expectedVersion: 1, outcome: 'PARTIALLY_ACHIEVED', note: 'Half way' });
    expect(closed.userErrors).toEqual([]);
    await refused('carryOverObjective', OBJECTIVE, { ...carry, toCycle: 'H3-2025' }, { code: 'NOT_FOUND', field: ['input', 'toCycle'] });
    await refused('carryOverObjective', OBJECTIVE, { ...carry, toCycle: '2025-Q1' }, { code: 'INVALID_INPUT', field: ['input', 'toCycle'] });
    await refused('carryOverObjective', OBJECTIVE, { ...carry, reason: ' ' }, { code: 'INVALID_INPUT', field: ['input', 'reason'] });

    const before = await logSize();
    const carried = await mutate('carryOverObjective', OBJECTIVE, carry);
    expect(carried.userErrors).toEqual([]);
    expect(await logSize()).toBe(before + 3); // the objective and its two key results
    const next = carried.objective;
    expect(next).toMatchObject({ cycle: 'H2-2025', cycleStart: '2025-07-01', cycleEnd: '2025-12-31', status: 'ACTIVE', carriedOverFrom: { id: from.id } });
    const fromKeyResults = [signups, nps];
    expect(next.keyResults.map((k: any) => [k.title, k.baseline, k.target, k.carriedOverFrom])).toEqual([
      ['Self-serve signups', 0, 240, { keyResult: { id: fromKeyResults[0] }, value: 120 }],
      ['Onboarding NPS', 0, 50, { keyResult: { id: fromKeyResults[1] }, value: 0 }],
    ]);
    // Carried with the last value: 120 of 240 before any check-in in the new cycle; NPS never checked in.
    expect(next.keyResults.map((k: any) => k.progress)).toEqual([0.5, 0]);
    const krs = await api.gql(`query($id: ID!) { node(id: $id) { ... on KeyResult { id checkIns { value } } } }`, { id: next.keyResults[0].id });
    expect(krs.data!.node.checkIns).toEqual([]);

    // Both histories stay: the old objective is unchanged and points at its successor.
    expect(await objective(from.id, 'status version carriedOverTo { id } keyResults { progress } history { totalCount }')).toEqual({
      status: 'CLOSED',
      version: 2,
      carriedOverTo: { id: next.id },
      keyResults: [{ progress: 0.5 }, { progress: 0 }],
      history: { totalCount: 2 },
    });

    // The same request again replays every step and writes nothing; another one is refused.
    const again = await mutate('carryOverObjective', OBJECTIVE, carry);
    expect(again).toMatchObject({ userErrors: [], objective: { id: next.id } });
    expect(await logSize()).toBe(before + 3);
    await refused('carryOverObjective', OBJECTIVE, { ...carry, idempotencyKey: 'carry-twice' }, { code: 'INVALID_TRANSITION', field: ['input', 'id'] });

    // Without a key, the same call again replays the first one too (its steps' keys come from what is carried where).
    const other = await setObjective({ title: 'Pricing page', cycle: 'H1-2025' });
    await metric(other.id, 'Conversion', 10);
    await mutate('closeObjective', 'objective { version }', { id: other.id, expectedVersion: 1, outcome: 'MISSED', note: 'Not started' });
    const keyless = { id: other.id, toCycle: 'H2-2025', reason: 'Next half' };
    const first = await mutate('carryOverObjective', OBJECTIVE, keyless);
    const size = await logSize();
    expect(await mutate('carryOverObjective', OBJECTIVE, keyless)).toMatchObject({ userErrors: [], objective: { id: first.objective.id } });
    expect(await logSize()).toBe(size);
  });
});

const FORMULA = 'progress progressFormula { version progress inputs { kind id weight progress contributor { ... on Objective { id } ... on KeyResult { id } } } }';

/** What version 2 gives for the inputs an objective shows: the figure recomputed from them. */
const recompute = (inputs: { weight: number; progress: number | null }[]) => {
  const counted = inputs.filter((i) => i.progress !== null);
  return counted.reduce((sum, i) => sum + i.weight * i.progress!, 0) / counted.reduce((sum, i) => sum + i.weight, 0);
};

describe('roll-up through alignment', () => {
  it('rolls progress up two levels, with equal weights, then set weights, then a formula change; past figures stay', async () => {
    const top = await setObjective({ title: 'Grow the business', cycle: '2025-Q1' });
    const revenue = await metric(top.id, 'Revenue', 100);
    const middle = await setObjective({ title: 'Win enterprise', cycle: '2025-Q1', alignedTo: top.id });
    const deals = await metric(middle.id, 'Enterprise deals', 10);
    const bottom = await setObjective({ title: 'Pass security reviews', cycle: '2025-Q1', alignedTo: middle.id });
    const reviews = await metric(bottom.id, 'Reviews passed', 4);

    await checkIn(revenue, 40, '2025-02-01', 'ON_TRACK');
    await checkIn(deals, 6, '2025-02-01', 'ON_TRACK');
    await checkIn(reviews, 1, '2025-02-01', 'ON_TRACK');
    // bottom 0.25; middle = (0.6 + 0.25) / 2 = 0.425; top = (0.4 + 0.425) / 2 = 0.4125
    expect((await objective(bottom.id, 'progress')).progress).toBeCloseTo(0.25, 12);
    expect((await objective(middle.id, 'progress')).progress).toBeCloseTo(0.425, 12);
    const equal = await objective(top.id, FORMULA);
    expect(equal.progressFormula.version).toBe(2);
    expect(equal.progressFormula.inputs.map((i: any) => [i.kind, i.contributor.id, i.weight])).toEqual([
      ['key-result', revenue, 1],
      ['objective', middle.id, 1],
    ]);
    expect(equal.progress).toBeCloseTo(0.4125, 12);
    expect(equal.progress).toBe(recompute(equal.progressFormula.inputs));
    const atEqual = await logSize();

    const weights = (w: [string, number][]) => w.map(([contributor, weight]) => ({ contributor, weight }));
    await refused('setObjectiveProgressWeights', 'objective { id }', { id: top.id, expectedVersion: 1, reason: 'try', weights: weights([[revenue, 30], [middle.id, 60]]) }, {
      code: 'INVALID_INPUT',
      field: ['input', 'weights'],
    });
    await refused('setObjectiveProgressWeights', 'objective { id }', { id: top.id, expectedVersion: 1, reason: 'try', weights: weights([[revenue, 100]]) }, {
      code: 'INVALID_INPUT',
      field: ['input', 'weights'],
    });
    await refused('setObjectiveProgressWeights', 'objective { id }', { id: top.id, expectedVersion: 1, reason: 'try', weights: weights([[revenue, 50], [middle.id, 25], [bottom.id, 25]]) }, {
      code: 'INVALID_INPUT',
      field: ['input', 'weights', '2', 'contributor'],
    });
    await refused('setObjectiveProgressWeights', 'objective { id }', { id: top.id, expectedVersion: 1, reason: 'try', weights: weights([[revenue, -10], [middle.id, 110]]) },
      { code: 'INVALID_INPUT', field: ['input', 'weights', '0', 'weight'] },
      { code: 'INVALID_INPUT', field: ['input', 'weights', '1', 'weight'] },
    );
    await refused('setObjectiveProgressWeights', 'objective { id }', { id: top.id, expectedVersion: 1, reason: 'try', weights: weights([[revenue, 25], [middle.id, 75]]), progressFormulaVersion: 9 }, {
      code: 'INVALID_INPUT',
      field: ['input', 'progressFormulaVersion'],
    });

    const weighted = await mutate('setObjectiveProgressWeights', `objective { ${FORMULA} }`, {
      id: top.id,
      expectedVersion: 1,
      weights: weights([[revenue, 25], [middle.id, 75]]),
      reason: 'Enterprise is the bet this quarter',
    });
    expect(weighted.userErrors).toEqual([]);
    // 0.25 × 0.4 + 0.75 × 0.425 = 0.41875
    expect(weighted.objective.progress).toBeCloseTo(0.41875, 12);
    expect(weighted.objective.progress).toBe(recompute(weighted.objective.progressFormula.inputs));

    // A formula change: version 1 counts its own key results only.
    const v1 = await mutate('setObjectiveProgressWeights', `objective { ${FORMULA} }`, {
      id: top.id,
      expectedVersion: 2,
      weights: weights([[revenue, 25], [middle.id, 75]]),
      progressFormulaVersion: 1,
      reason: 'Report the top line on revenue alone',
    });
    expect(v1.objective.progressFormula).toMatchObject({ version: 1, progress: 0.4 });
    expect(v1.objective.progressFormula.inputs.map((i: any) => i.kind)).toEqual(['key-result']);

    // The figure before the change, recomputed from what the ledger showed at that point.
    const past = await api.gql(`query($id: ID!) { ledger(atPosition: ${atEqual}) { node(id: $id) { ... on Objective { ${FORMULA} } } } }`, { id: top.id });
    expect(past.data!.ledger.node.progressFormula.version).toBe(2);
    expect(past.data!.ledger.node.progress).toBeCloseTo(0.4125, 12);
  });

  it('derives an objective’s status from its key results by the worst of them, with its history', async () => {
    const goal = await setObjective({ title: 'Reliable platform', cycle: '2025-Q1' });
    const uptime = await metric(goal.id, 'Uptime', 100);
    const latency = await metric(goal.id, 'Latency budget kept', 100);
    const STATUS = 'trackStatus trackStatusHistory { status position keyResult { id } }';
    expect(await objective(goal.id, STATUS)).toEqual({ trackStatus: null, trackStatusHistory: [] });

    await checkIn(uptime, 90, '2025-02-01', 'ON_TRACK');
    await checkIn(latency, 40, '2025-02-02', 'AT_RISK');
    await checkIn(latency, 20, '2025-02-09', 'OFF_TRACK');
    await checkIn(uptime, 95, '2025-02-10', 'ON_TRACK'); // no change: latency is still OFF_TRACK
    await checkIn(latency, 80, '2025-02-16', 'ON_TRACK');
    const now = await objective(goal.id, STATUS);
    expect(now.trackStatus).toBe('ON_TRACK');
    expect(now.trackStatusHistory.map((c: any) => [c.status, c.keyResult.id])).toEqual([
      ['ON_TRACK', uptime],
      ['AT_RISK', latency],
      ['OFF_TRACK', latency],
      ['ON_TRACK', latency],
    ]);
    const atOffTrack = now.trackStatusHistory[2].position;
    const then = await api.gql(`query($id: ID!) { ledger(atPosition: ${atOffTrack}) { node(id: $id) { ... on Objective { trackStatus } } } }`, { id: goal.id });
    expect(then.data!.ledger.node.trackStatus).toBe('OFF_TRACK');
  });
});

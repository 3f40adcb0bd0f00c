import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { AUDIT_TRAIL, RECORD } from '../support/decision-ops.ts';

const ERRORS = 'userErrors { code field message }';
const INITIATIVE_FIELDS = 'id version title description owner kind status rank score { score formulaVersion effort } scores { score reason }';
const initiativePayload = `{ initiative { ${INITIATIVE_FIELDS} } ${ERRORS} }`;
const CREATE = `mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) ${initiativePayload} }`;
const REVISE = `mutation($input: ReviseInitiativeInput!) { reviseInitiative(input: $input) ${initiativePayload} }`;
const SCORE = `mutation($input: ScoreInitiativeInput!) { scoreInitiative(input: $input) ${initiativePayload} }`;
const STATUS = `mutation($input: ChangeInitiativeStatusInput!) { changeInitiativeStatus(input: $input) ${initiativePayload} }`;

const CHANGE_FIELDS = `kind fromRank toRank reason listVersion recordedAt actor { id name }
  initiative { id title } shifted { initiative { title } fromRank toRank }
  evidence { id __typename ... on Decision { title } ... on Tradeoff { title } }`;
const listPayload = `{ priorities { id version entries { rank initiative { title } } } change { ${CHANGE_FIELDS} } ${ERRORS} }`;
const REPRIORITIZE = `mutation($input: ReprioritizeInput!) { reprioritize(input: $input) ${listPayload} }`;
const REMOVE = `mutation($input: RemoveFromPrioritiesInput!) { removeFromPriorities(input: $input) ${listPayload} }`;
const PRIORITIES = `query($asOf: DateTime) { priorities(asOf: $asOf) { id version updatedAt asOf entries { rank since initiative { title } score { score } } } }`;

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('priorities');
});
afterAll(() => api.close());

type Errors = { code: string; field: string[]; message: string }[];

async function mutate(doc: string, input: Record<string, unknown>) {
  const response = await api.gql(doc, { input });
  expect(response.errors).toBeUndefined();
  return Object.values(response.data as object)[0] as Record<string, any> & { userErrors: Errors };
}

const logSize = async () => (await api.gql(AUDIT_TRAIL, { first: 1 })).data!.auditTrail.totalCount as number;
const listVersion = async () => (await api.gql(PRIORITIES)).data.priorities.version as number;
const titles = async () => ((await api.gql(PRIORITIES)).data.priorities.entries as { initiative: { title: string } }[]).map((e) => e.initiative.title);

const createInitiative = async (title: string, input: Record<string, unknown> = {}) =>
  (await mutate(CREATE, { title, owner: 'platform', kind: 'TUNE_UP', ...input })).initiative as { id: string; version: number };

const reprioritize = async (initiativeId: string, toRank: number, input: Record<string, unknown> = {}) =>
  mutate(REPRIORITIZE, { initiativeId, toRank, expectedVersion: await listVersion(), reason: `rank ${toRank}`, ...input });

/** Runs a refused mutation and checks it appended nothing. */
async function refusedWith(doc: string, input: Record<string, unknown>, expected: { code: string; field: string[]; message?: RegExp }) {
  const before = await logSize();
  const result = await mutate(doc, input);
  expect(result.userErrors).toEqual([
    expect.objectContaining({ code: expected.code, field: expected.field, message: expected.message ? expect.stringMatching(expected.message) : expect.any(String) }),
  ]);
  expect(await logSize()).toBe(before);
  return result;
}

describe('initiatives over HTTP', () => {
  it('creates, revises, scores and moves an initiative through its statuses', async () => {
    const created = await mutate(CREATE, { title: 'Self-serve onboarding', owner: 'growth', kind: 'INNOVATION', description: 'No call needed' });
    expect(created.userErrors).toEqual([]);
    expect(created.initiative).toMatchObject({ version: 1, status: 'PROPOSED', kind: 'INNOVATION', rank: null, score: null, scores: [] });
    const id = created.initiative.id;

    const revised = await mutate(REVISE, { id, expectedVersion: 1, reason: 'Handed over', owner: 'onboarding', description: null });
    expect(revised.initiative).toMatchObject({ version: 2, owner: 'onboarding', description: null, title: 'Self-serve onboarding' });

    const scoring = { id, customerImpact: 4, businessImpact: 3, operationalEfficiency: 5, effort: 6, confidence: 0.8 };
    const scored = await mutate(SCORE, { ...scoring, expectedVersion: 2, reason: 'Sized with the team' });
    expect(scored.userErrors).toEqual([]);
    expect(scored.initiative).toMatchObject({ version: 3, score: { score: 1.6, formulaVersion: 1, effort: 6 } });
    const rescored = await mutate(SCORE, { ...scoring, effort: 3, expectedVersion: 3, reason: 'Reuses the importer' });
    expect(rescored.initiative.scores).toEqual([
      { score: 1.6, reason: 'Sized with the team' },
      { score: 3.2, reason: 'Reuses the importer' },
    ]);

    const started = await mutate(STATUS, { id, expectedVersion: 4, status: 'ACTIVE', reason: 'Staffed' });
    expect(started.initiative).toMatchObject({ version: 5, status: 'ACTIVE' });

    const read = await api.gql(
      `query($id: ID!) {
        node(id: $id) { ... on Initiative { scores { customerImpact businessImpact operationalEfficiency confidence scoredBy { id } version } history { totalCount } } }
        initiatives(first: 100, status: [ACTIVE], kind: [INNOVATION]) { totalCount edges { node { id } } }
      }`,
      { id },
    );
    expect(read.data.node.scores[0]).toEqual({ customerImpact: 4, businessImpact: 3, operationalEfficiency: 5, confidence: 0.8, scoredBy: { id: 'dev' }, version: 3 });
    expect(read.data.node.history.totalCount).toBe(5);
    expect(read.data.initiatives.edges.map((e: any) => e.node.id)).toContain(id);
  });

  describe('bad input', () => {
    const unknown = encodeGlobalID('Initiative', 'nope');
    const score = { customerImpact: 3, businessImpact: 3, operationalEfficiency: 3, effort: 2, confidence: 0.5, reason: 'r', expectedVersion: 1 };

    it.each([
      ['blank owner', CREATE, { title: 't', owner: ' ', kind: 'TUNE_UP' }, 'INVALID_INPUT', ['input', 'owner']],
      ['DONE as initial status', CREATE, { title: 't', owner: 'o', kind: 'TUNE_UP', status: 'DONE' }, 'INVALID_INPUT', ['input', 'status']],
      ['revise an unknown initiative', REVISE, { id: unknown, expectedVersion: 1, reason: 'r', title: 'x' }, 'NOT_FOUND', ['input', 'id']],
      ['score out of range', SCORE, { ...score, id: unknown, customerImpact: 6 }, 'INVALID_INPUT', ['input', 'customerImpact']],
      ['zero effort', SCORE, { ...score, id: unknown, effort: 0 }, 'INVALID_INPUT', ['input', 'effort']],
      ['score an unknown initiative', SCORE, { ...score, id: unknown }, 'NOT_FOUND', ['input', 'id']],
      ['status without reason', STATUS, { id: unknown, expectedVersion: 1, status: 'ACTIVE', reason: '' }, 'INVALID_INPUT', ['input', 'reason']],
    ] as const)('%s', async (_name, doc, input, code, field) => {
      await refusedWith(doc, input, { code, field: [...field] });
    });

    it('a revision that changes nothing, a stale version, an invalid transition', async () => {
      const { id } = await createInitiative('Refusals');
      await refusedWith(REVISE, { id, expectedVersion: 1, reason: 'r', title: 'Refusals' }, { code: 'INVALID_INPUT', field: ['input'], message: /changes nothing/ });
      await refusedWith(REVISE, { id, expectedVersion: 2, reason: 'r', title: 'x' }, { code: 'VERSION_CONFLICT', field: ['input', 'expectedVersion'] });
      await refusedWith(STATUS, { id, expectedVersion: 1, status: 'DONE', reason: 'r' }, { code: 'INVALID_TRANSITION', field: ['input', 'status'], message: /PROPOSED initiative cannot become DONE/ });
    });
  });
});

describe('the priority list over HTTP', () => {
  it('ranks, moves and removes initiatives, and tells why each changed, with the evidence', async () => {
    // Nothing ranked yet: the list is at version 0, and only 0 is a current version.
    expect((await api.gql(PRIORITIES)).data.priorities).toMatchObject({ id: encodeGlobalID('PriorityList', 'org'), version: 0, entries: [], updatedAt: null });
    const [a, b, c] = [await createInitiative('Alpha'), await createInitiative('Beta'), await createInitiative('Gamma')];
    await refusedWith(REPRIORITIZE, { initiativeId: a.id, toRank: 1, expectedVersion: 3, reason: 'r' }, { code: 'VERSION_CONFLICT', field: ['input', 'expectedVersion'], message: /version 0/ });

    const first = await reprioritize(a.id, 1, { expectedVersion: 0, reason: 'Drawing up the list' });
    expect(first.userErrors).toEqual([]);
    expect(first.priorities).toMatchObject({ version: 1, entries: [{ rank: 1, initiative: { title: 'Alpha' } }] });
    expect(first.change).toMatchObject({ kind: 'ADDED', fromRank: null, toRank: 1, evidence: [], shifted: [], actor: { id: 'dev' } });
    await reprioritize(b.id, 2);
    await reprioritize(c.id, 3);
    const before = (await api.gql(PRIORITIES)).data.priorities;
    expect(await titles()).toEqual(['Alpha', 'Beta', 'Gamma']);

    const decision = (await api.gql(RECORD, { input: { title: 'Reliability first this quarter', rationale: 'Two outages' } })).data.recordDecision.decision;
    const tradeoff = (
      await api.gql(`mutation($input: NoteTradeoffInput!) { noteTradeoff(input: $input) { tradeoff { id } } }`, {
        input: { title: 'Gamma over Alpha', chose: 'Gamma', over: 'Alpha this month', rationale: 'Incidents', relatedTo: [decision.id] },
      })
    ).data.noteTradeoff.tradeoff;

    const moved = await mutate(REPRIORITIZE, {
      initiativeId: c.id,
      toRank: 1,
      expectedVersion: 3,
      reason: 'Incidents doubled; reliability comes first',
      evidence: [decision.id, tradeoff.id],
    });
    expect(moved.userErrors).toEqual([]);
    expect(moved.priorities.version).toBe(4);
    expect(moved.change).toMatchObject({
      kind: 'MOVED_UP',
      fromRank: 3,
      toRank: 1,
      listVersion: 4,
      reason: 'Incidents doubled; reliability comes first',
      initiative: { id: c.id, title: 'Gamma' },
      evidence: [
        { id: decision.id, __typename: 'Decision', title: 'Reliability first this quarter' },
        { id: tradeoff.id, __typename: 'Tradeoff', title: 'Gamma over Alpha' },
      ],
      shifted: [
        { initiative: { title: 'Alpha' }, fromRank: 1, toRank: 2 },
        { initiative: { title: 'Beta' }, fromRank: 2, toRank: 3 },
      ],
    });
    expect(await titles()).toEqual(['Gamma', 'Alpha', 'Beta']);

    // The stale version of a concurrent editor is refused, and nothing is written.
    await refusedWith(REPRIORITIZE, { initiativeId: b.id, toRank: 1, expectedVersion: 3, reason: 'Beta first' }, {
      code: 'VERSION_CONFLICT',
      field: ['input', 'expectedVersion'],
      message: /version 4, not 3/,
    });

    const changes = await api.gql(
      `query($id: ID!) {
        priorityChanges(initiativeId: $id, first: 10) { totalCount edges { node { kind fromRank toRank reason actor { id } recordedAt evidence { id } auditEvent { type position } } } }
        all: priorityChanges(first: 2) { totalCount pageInfo { hasNextPage } edges { node { initiative { title } } } }
        node(id: $id) { ... on Initiative { rank why { kind fromRank toRank reason } } }
      }`,
      { id: c.id },
    );
    const gamma = changes.data.priorityChanges;
    expect(gamma.totalCount).toBe(2);
    expect(gamma.edges.map((e: any) => [e.node.kind, e.node.fromRank, e.node.toRank, e.node.reason])).toEqual([
      ['ADDED', null, 3, 'rank 3'],
      ['MOVED_UP', 3, 1, 'Incidents doubled; reliability comes first'],
    ]);
    expect(gamma.edges[1].node.evidence).toEqual([{ id: decision.id }, { id: tradeoff.id }]);
    expect(gamma.edges[1].node.auditEvent.type).toBe('InitiativeReprioritized');
    expect(changes.data.all).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true }, edges: [{ node: { initiative: { title: 'Alpha' } } }, { node: { initiative: { title: 'Beta' } } }] });
    expect(changes.data.node.rank).toBe(1);
    expect(changes.data.node.why.map((w: any) => w.kind)).toEqual(['ADDED', 'MOVED_UP']);

    const alpha = await api.gql(`query($id: ID!) { node(id: $id) { ... on Initiative { why(includeShifts: true) { initiative { title } kind } } } }`, { id: a.id });
    expect(alpha.data.node.why).toEqual([
      { initiative: { title: 'Alpha' }, kind: 'ADDED' },
      { initiative: { title: 'Gamma' }, kind: 'MOVED_UP' },
    ]);

    // As of before the move, the list was Alpha, Beta, Gamma.
    const asOf = await api.gql(PRIORITIES, { asOf: before.updatedAt });
    expect(asOf.data.priorities).toMatchObject({ version: 3, asOf: before.updatedAt });
    expect(asOf.data.priorities.entries.map((e: any) => e.initiative.title)).toEqual(['Alpha', 'Beta', 'Gamma']);

    // An initiative on the list cannot be closed until it is taken off, with a reason.
    await refusedWith(STATUS, { id: a.id, expectedVersion: 1, status: 'DROPPED', reason: 'Not needed' }, {
      code: 'INVALID_TRANSITION',
      field: ['input', 'status'],
      message: /at rank 2 on the priority list/,
    });
    const removed = await mutate(REMOVE, { initiativeId: a.id, expectedVersion: 4, reason: 'Folded into Gamma', evidence: [decision.id] });
    expect(removed.userErrors).toEqual([]);
    expect(removed.change).toMatchObject({ kind: 'REMOVED', fromRank: 2, toRank: null, shifted: [{ initiative: { title: 'Beta' }, fromRank: 3, toRank: 2 }] });
    expect(removed.priorities.entries.map((e: any) => e.initiative.title)).toEqual(['Gamma', 'Beta']);
    const dropped = await mutate(STATUS, { id: a.id, expectedVersion: 1, status: 'DROPPED', reason: 'Not needed' });
    expect(dropped.initiative).toMatchObject({ status: 'DROPPED', rank: null });
    await refusedWith(REPRIORITIZE, { initiativeId: a.id, toRank: 1, expectedVersion: 5, reason: 'back' }, {
      code: 'INVALID_TRANSITION',
      field: ['input', 'initiativeId'],
      message: /DROPPED initiative cannot be put on the priority list/,
    });

    // The audit trail names the list as the subject of its events.
    const trail = await api.gql(`{ auditTrail(last: 100) { edges { node { type subjectId reason } } } }`);
    const removal = trail.data.auditTrail.edges.map((e: any) => e.node).find((n: any) => n.type === 'InitiativeRemovedFromPriorities');
    expect(removal).toEqual({ type: 'InitiativeRemovedFromPriorities', subjectId: encodeGlobalID('PriorityList', 'org'), reason: 'Folded into Gamma' });
  });

  it('cites a key-result check-in as evidence', async () => {
    const objective = (await api.gql(`mutation { setObjective(input: { title: "Reliable imports", level: COMPANY }) { objective { id } userErrors { message } } }`)).data
      .setObjective.objective;
    const keyResult = (
      await api.gql(`mutation($o: ID!) { defineKeyResult(input: { objective: $o, title: "Importer GA", kind: MILESTONE }) { keyResult { id } userErrors { message } } }`, {
        o: objective.id,
      })
    ).data.defineKeyResult.keyResult;
    const checkIn = (
      await api.gql(`mutation($kr: ID!) { checkInKeyResult(input: { keyResult: $kr, confidence: 0.3, done: false, reportedFor: "2026-11-20" }) { checkIn { id } userErrors { message } } }`, {
        kr: keyResult.id,
      })
    ).data.checkInKeyResult.checkIn;
    const cited = await createInitiative('Importer hardening');
    const result = await reprioritize(cited.id, 1, { reason: 'Confidence in GA fell to 0.3', evidence: [checkIn.id] });
    expect(result.userErrors).toEqual([]);
    expect(result.change.evidence).toEqual([{ id: checkIn.id, __typename: 'KeyResultCheckIn' }]);
  });

  it('shows the latest score of each ranked initiative', async () => {
    const scored = await createInitiative('Scored');
    await mutate(SCORE, { id: scored.id, expectedVersion: 1, reason: 'sized', customerImpact: 5, businessImpact: 5, operationalEfficiency: 5, effort: 5, confidence: 1 });
    const version = await listVersion();
    await reprioritize(scored.id, 1);
    const list = (await api.gql(PRIORITIES)).data.priorities;
    expect(list.version).toBe(version + 1);
    expect(list.entries[0]).toMatchObject({ rank: 1, initiative: { title: 'Scored' }, score: { score: 3 } });
    expect(list.entries.find((e: any) => e.initiative.title === 'Beta').score).toBeNull();
  });

  it('replays a retried reprioritize with the same idempotency key', async () => {
    const i = await createInitiative('Retried');
    const input = { initiativeId: i.id, toRank: 1, expectedVersion: await listVersion(), reason: 'retry-safe', idempotencyKey: 'prio-1' };
    const first = await mutate(REPRIORITIZE, input);
    const size = await logSize();
    const again = await mutate(REPRIORITIZE, input);
    expect(again).toEqual(first);
    expect(await logSize()).toBe(size);
  });

  describe('bad input: a user error with its field path, nothing appended', () => {
    let ranked: { id: string };
    let unranked: { id: string };
    beforeAll(async () => {
      ranked = await createInitiative('Ranked for refusals');
      unranked = await createInitiative('Unranked');
      await reprioritize(ranked.id, 1);
    });
    const change = async (input: Record<string, unknown>) => ({ expectedVersion: await listVersion(), reason: 'r', ...input });

    it('a rank beyond the end, stating the valid range', async () => {
      const size = (await api.gql(PRIORITIES)).data.priorities.entries.length;
      await refusedWith(REPRIORITIZE, await change({ initiativeId: ranked.id, toRank: size + 1 }), {
        code: 'INVALID_INPUT',
        field: ['input', 'toRank'],
        message: new RegExp(`^toRank must be between 1 and ${size}: the list has ${size} initiatives$`),
      });
      await refusedWith(REPRIORITIZE, await change({ initiativeId: unranked.id, toRank: size + 2 }), {
        code: 'INVALID_INPUT',
        field: ['input', 'toRank'],
        message: new RegExp(`between 1 and ${size + 1}`),
      });
    });

    it('a move to the rank it already has', async () => {
      await refusedWith(REPRIORITIZE, await change({ initiativeId: ranked.id, toRank: 1 }), { code: 'INVALID_INPUT', field: ['input', 'toRank'], message: /already at rank 1/ });
    });

    it.each([
      ['rank 0', () => ({ toRank: 0 }), 'INVALID_INPUT', ['input', 'toRank']],
      ['no reason', () => ({ toRank: 2, reason: '  ' }), 'INVALID_INPUT', ['input', 'reason']],
      ['unknown evidence', () => ({ toRank: 2, evidence: [encodeGlobalID('Decision', 'nope')] }), 'NOT_FOUND', ['input', 'evidence', '0']],
      ['evidence of a type that cannot be evidence', () => ({ toRank: 2, evidence: [unranked.id] }), 'INVALID_INPUT', ['input', 'evidence', '0']],
      ['a decision id as initiative', () => ({ toRank: 1, initiativeId: encodeGlobalID('Decision', 'x') }), 'INVALID_INPUT', ['input', 'initiativeId']],
      ['an unknown initiative', () => ({ toRank: 1, initiativeId: encodeGlobalID('Initiative', 'nope') }), 'NOT_FOUND', ['input', 'initiativeId']],
    ] as const)('reprioritize: %s', async (_name, over, code, field) => {
      await refusedWith(REPRIORITIZE, await change({ initiativeId: ranked.id, ...over() }), { code, field: [...field] });
    });

    it.each([
      ['an initiative not on the list', () => ({ initiativeId: unranked.id }), 'INVALID_INPUT', ['input', 'initiativeId']],
      ['no reason', () => ({ initiativeId: ranked.id, reason: '' }), 'INVALID_INPUT', ['input', 'reason']],
      ['unknown evidence', () => ({ initiativeId: ranked.id, evidence: [encodeGlobalID('Tradeoff', 'nope')] }), 'NOT_FOUND', ['input', 'evidence', '0']],
      ['a stale list version', () => ({ initiativeId: ranked.id, expectedVersion: 1 }), 'VERSION_CONFLICT', ['input', 'expectedVersion']],
    ] as const)('removeFromPriorities: %s', async (_name, over, code, field) => {
      await refusedWith(REMOVE, await change(over()), { code, field: [...field] });
    });

    it('a malformed initiative filter on priorityChanges', async () => {
      const response = await api.gql(`{ priorityChanges(initiativeId: "bad") { totalCount } }`);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    });
  });
});

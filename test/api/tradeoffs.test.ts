import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { AUDIT_TRAIL, RECORD } from '../support/decision-ops.ts';

const TRADEOFF_FIELDS = `id version title chose over rationale revisitBy status
  relatedTo { id __typename ... on Decision { title } ... on Initiative { title } }
  revisits { outcome reason nextRevisitBy revisitedBy { id } version }`;
const payload = `{ tradeoff { ${TRADEOFF_FIELDS} } userErrors { code field message } }`;

const NOTE = `mutation($input: NoteTradeoffInput!) { noteTradeoff(input: $input) ${payload} }`;
const REVISE = `mutation($input: ReviseTradeoffInput!) { reviseTradeoff(input: $input) ${payload} }`;
const REVISIT = `mutation($input: RevisitTradeoffInput!) { revisitTradeoff(input: $input) ${payload} }`;
const CREATE_INITIATIVE = `mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) { initiative { id } userErrors { code } } }`;
const DUE = `query($asOf: DateTime) { tradeoffsDueForRevisit(asOf: $asOf) { id revisitBy } }`;

let api: TestServer;
let decisionId: string;
let initiativeId: string;

beforeAll(async () => {
  api = await startTestServer('tradeoffs');
  decisionId = (await api.gql(RECORD, { input: { title: 'Importer before undo', rationale: 'Onboarding is blocked' } })).data.recordDecision.decision.id;
  initiativeId = (await api.gql(CREATE_INITIATIVE, { input: { title: 'CSV importer', owner: 'growth', kind: 'INNOVATION' } })).data.createInitiative.initiative.id;
});
afterAll(() => api.close());

const logSize = async () => (await api.gql(AUDIT_TRAIL, { first: 1 })).data!.auditTrail.totalCount as number;

async function mutate(doc: string, input: Record<string, unknown>) {
  const response = await api.gql(doc, { input });
  expect(response.errors).toBeUndefined();
  return Object.values(response.data as object)[0] as { tradeoff: any; userErrors: { code: string; field: string[]; message: string }[] };
}

const base = {
  title: 'Importer over bulk undo',
  chose: 'Ship the CSV importer this quarter',
  over: 'Bulk undo of imports',
  rationale: 'Onboarding is blocked; undo can wait for the tune-up sprint.',
};
const note = (input: Record<string, unknown> = {}) => mutate(NOTE, { ...base, ...input });

describe('tradeoffs over HTTP', () => {
  it('notes a tradeoff linked to a decision and an initiative, resolved as nodes, and finds it by link', async () => {
    const { tradeoff, userErrors } = await note({ relatedTo: [decisionId, initiativeId, decisionId], revisitBy: '2026-12-15' });
    expect(userErrors).toEqual([]);
    expect(tradeoff).toMatchObject({
      ...base,
      version: 1,
      revisitBy: '2026-12-15',
      status: 'IN_EFFECT',
      revisits: [],
      relatedTo: [
        { id: decisionId, __typename: 'Decision', title: 'Importer before undo' },
        { id: initiativeId, __typename: 'Initiative', title: 'CSV importer' },
      ],
    });

    const read = await api.gql(
      `query($id: ID!, $decision: ID!) {
        node(id: $id) { ... on Tradeoff { title recordedBy { id } history { totalCount edges { node { type subjectId } } } } }
        tradeoffs(first: 50, relatedTo: $decision) { totalCount edges { node { id } } }
      }`,
      { id: tradeoff.id, decision: decisionId },
    );
    expect(read.data.node).toMatchObject({ title: base.title, recordedBy: { id: 'dev' }, history: { totalCount: 1 } });
    expect(read.data.node.history.edges[0].node).toEqual({ type: 'TradeoffNoted', subjectId: tradeoff.id });
    expect(read.data.tradeoffs.edges.map((e: any) => e.node.id)).toContain(tradeoff.id);
    expect(read.data.tradeoffs.totalCount).toBe(read.data.tradeoffs.edges.length);

    const other = await api.gql(`query($id: ID!) { tradeoffs(relatedTo: $id) { totalCount } }`, { id: encodeGlobalID('Decision', 'nope') });
    expect(other.data.tradeoffs.totalCount).toBe(0);
  });

  it('links a key result', async () => {
    const objective = (await api.gql(`mutation { setObjective(input: { title: "Faster onboarding", level: COMPANY }) { objective { id } } }`)).data.setObjective
      .objective;
    const keyResult = (
      await api.gql(`mutation($o: ID!) { defineKeyResult(input: { objective: $o, title: "Importer GA", kind: MILESTONE }) { keyResult { id } } }`, { o: objective.id })
    ).data.defineKeyResult.keyResult;
    const { tradeoff, userErrors } = await note({ relatedTo: [keyResult.id] });
    expect(userErrors).toEqual([]);
    expect(tradeoff.relatedTo).toEqual([{ id: keyResult.id, __typename: 'KeyResult' }]);
    const found = await api.gql(`query($kr: ID!) { tradeoffs(relatedTo: $kr) { edges { node { id } } } }`, { kr: keyResult.id });
    expect(found.data.tradeoffs.edges).toEqual([{ node: { id: tradeoff.id } }]);
  });

  it('revises the revisit date with a reason, and refuses a stale version or a revision that changes nothing', async () => {
    const { tradeoff } = await note({ revisitBy: '2026-12-01' });
    const revised = await mutate(REVISE, { id: tradeoff.id, expectedVersion: 1, reason: 'Wait for Q1 data', revisitBy: '2027-01-31', relatedTo: [decisionId] });
    expect(revised.userErrors).toEqual([]);
    expect(revised.tradeoff).toMatchObject({ version: 2, revisitBy: '2027-01-31', relatedTo: [{ id: decisionId }], title: base.title });

    const before = await logSize();
    const stale = await mutate(REVISE, { id: tradeoff.id, expectedVersion: 1, reason: 'again', revisitBy: '2027-02-28' });
    expect(stale).toEqual({ tradeoff: null, userErrors: [expect.objectContaining({ code: 'VERSION_CONFLICT', field: ['input', 'expectedVersion'] })] });
    const same = await mutate(REVISE, { id: tradeoff.id, expectedVersion: 2, reason: 'same', revisitBy: '2027-01-31' });
    expect(same.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input'], message: 'The revision changes nothing' })]);
    expect(await logSize()).toBe(before);

    const cleared = await mutate(REVISE, { id: tradeoff.id, expectedVersion: 2, reason: 'No need to look again', revisitBy: null });
    expect(cleared.tradeoff).toMatchObject({ version: 3, revisitBy: null });
  });

  it('lists tradeoffs due for revisit as of a date, and revisits clear them', async () => {
    const early = (await note({ title: 'Early', revisitBy: '2031-03-01' })).tradeoff;
    const late = (await note({ title: 'Late', revisitBy: '2031-03-10' })).tradeoff;
    // Due "as of" a day: the ledger as it stands then (here: now, since the day is in the future), judged on that day.
    const due = async (day: string) =>
      ((await api.gql(DUE, { asOf: `${day}T12:00:00.000Z` })).data.tradeoffsDueForRevisit as { id: string }[]).map((t) => t.id).filter((id) => [early.id, late.id].includes(id));

    expect(await due('2031-02-28')).toEqual([]);
    expect(await due('2031-03-01')).toEqual([early.id]);
    expect(await due('2031-03-10')).toEqual([early.id, late.id]);

    const upheld = await mutate(REVISIT, {
      id: early.id,
      expectedVersion: 1,
      outcome: 'UPHELD',
      reason: 'Undo requests stayed rare',
      nextRevisitBy: '2031-06-01',
    });
    expect(upheld.tradeoff).toMatchObject({
      version: 2,
      status: 'IN_EFFECT',
      revisitBy: '2031-06-01',
      revisits: [{ outcome: 'UPHELD', reason: 'Undo requests stayed rare', nextRevisitBy: '2031-06-01', revisitedBy: { id: 'dev' }, version: 2 }],
    });
    const reversed = await mutate(REVISIT, { id: late.id, expectedVersion: 1, outcome: 'REVERSED', reason: 'Undo became the top support ask' });
    expect(reversed.tradeoff).toMatchObject({ version: 2, status: 'REVERSED', revisitBy: null });

    expect(await due('2031-03-10')).toEqual([]);
    expect(await due('2031-06-01')).toEqual([early.id]);
    const flag = await api.gql(
      `query($id: ID!) {
        a: ledger(asOf: "2031-06-01T12:00:00Z") { node(id: $id) { ... on Tradeoff { dueForRevisit } } }
        b: ledger(asOf: "2031-05-31T12:00:00Z") { node(id: $id) { ... on Tradeoff { dueForRevisit } } }
      }`,
      { id: early.id },
    );
    expect(flag.data).toEqual({ a: { node: { dueForRevisit: true } }, b: { node: { dueForRevisit: false } } });

    const before = await logSize();
    const again = await mutate(REVISIT, { id: late.id, expectedVersion: 2, outcome: 'UPHELD', reason: 'x' });
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['input', 'id'] })]);
    expect(await logSize()).toBe(before);
  });

  it('defaults asOf to today and refuses a malformed one', async () => {
    const { tradeoff } = await note({ title: 'Overdue', revisitBy: '2020-01-01' });
    const today = (await api.gql(`{ tradeoffsDueForRevisit { id } }`)).data.tradeoffsDueForRevisit.map((t: any) => t.id);
    expect(today).toContain(tradeoff.id);
    const bad = await api.gql(DUE, { asOf: 'tomorrow' });
    expect(bad.data).toBeUndefined();
    expect(bad.errors?.[0]?.message).toMatch(/\$asOf.*DateTime/);
  });

  it('replays a retried note with the same idempotency key', async () => {
    const first = await note({ idempotencyKey: 'note-1' });
    const size = await logSize();
    expect(await note({ idempotencyKey: 'note-1' })).toEqual(first);
    expect(await logSize()).toBe(size);
  });

  describe('bad input: a user error with its field path, nothing appended', () => {
    const unknownDecision = encodeGlobalID('Decision', 'nope');
    const unknownTradeoff = encodeGlobalID('Tradeoff', 'nope');
    const cases: [string, string, () => Record<string, unknown>, { code: string; field: string[] }][] = [
      ['unknown linked decision', NOTE, () => ({ ...base, relatedTo: [decisionId, unknownDecision] }), { code: 'NOT_FOUND', field: ['input', 'relatedTo', '1'] }],
      ['link of a type that cannot be linked', NOTE, () => ({ ...base, relatedTo: [encodeGlobalID('AuditEvent', '1')] }), { code: 'INVALID_INPUT', field: ['input', 'relatedTo', '0'] }],
      ['malformed link', NOTE, () => ({ ...base, relatedTo: ['%%%'] }), { code: 'INVALID_INPUT', field: ['input', 'relatedTo', '0'] }],
      ['bad revisit date', NOTE, () => ({ ...base, revisitBy: '2026-02-30' }), { code: 'INVALID_INPUT', field: ['input', 'revisitBy'] }],
      ['chose the same as over', NOTE, () => ({ ...base, chose: base.over }), { code: 'INVALID_INPUT', field: ['input', 'over'] }],
      ['empty rationale', NOTE, () => ({ ...base, rationale: ' ' }), { code: 'INVALID_INPUT', field: ['input', 'rationale'] }],
      ['revise an unknown tradeoff', REVISE, () => ({ id: unknownTradeoff, expectedVersion: 1, reason: 'r', title: 't' }), { code: 'NOT_FOUND', field: ['input', 'id'] }],
      ['revise with a decision id', REVISE, () => ({ id: decisionId, expectedVersion: 1, reason: 'r', title: 't' }), { code: 'INVALID_INPUT', field: ['input', 'id'] }],
      ['revise without reason', REVISE, () => ({ id: unknownTradeoff, expectedVersion: 1, reason: '', title: 't' }), { code: 'INVALID_INPUT', field: ['input', 'reason'] }],
      ['revise to an unknown link', REVISE, () => ({ id: unknownTradeoff, expectedVersion: 1, reason: 'r', relatedTo: [unknownDecision] }), { code: 'NOT_FOUND', field: ['input', 'relatedTo', '0'] }],
      ['revisit an unknown tradeoff', REVISIT, () => ({ id: unknownTradeoff, expectedVersion: 1, reason: 'r', outcome: 'UPHELD' }), { code: 'NOT_FOUND', field: ['input', 'id'] }],
      ['bad next revisit date', REVISIT, () => ({ id: unknownTradeoff, expectedVersion: 1, reason: 'r', outcome: 'UPHELD', nextRevisitBy: 'soon' }), { code: 'INVALID_INPUT', field: ['input', 'nextRevisitBy'] }],
    ];

    it.each(cases)('%s', async (_name, doc, input, expected) => {
      const before = await logSize();
      const result = await mutate(doc, input());
      expect(result.tradeoff).toBeNull();
      expect(result.userErrors).toContainEqual(expect.objectContaining({ ...expected, message: expect.any(String) }));
      expect(await logSize()).toBe(before);
    });

    it('a reversal with a next revisit date', async () => {
      const { tradeoff } = await note();
      const before = await logSize();
      const result = await mutate(REVISIT, { id: tradeoff.id, expectedVersion: 1, reason: 'r', outcome: 'REVERSED', nextRevisitBy: '2031-01-01' });
      expect(result.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'nextRevisitBy'] })]);
      expect(await logSize()).toBe(before);
    });
  });
});

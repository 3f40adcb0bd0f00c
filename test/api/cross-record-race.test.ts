import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../../events/store.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';

/**
 * Rules across two records hold under concurrent writes: only open initiatives are ranked, and a
 * ranked initiative is not closed. API process A decides a change; right before its append reaches
 * the store, process B (another API over the same table) changes the other record. A's append
 * must fail on the record it read, and A decides again against what B wrote.
 */
const ERRORS = 'userErrors { code field message }';
const CREATE = `mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) { initiative { id version } ${ERRORS} } }`;
const STATUS = `mutation($input: ChangeInitiativeStatusInput!) { changeInitiativeStatus(input: $input) { initiative { version status } ${ERRORS} } }`;
const REPRIORITIZE = `mutation($input: ReprioritizeInput!) { reprioritize(input: $input) { priorities { version } ${ERRORS} } }`;
const STATE = `query($id: ID!) { priorities { version entries { initiative { id } } } node(id: $id) { ... on Initiative { status rank } } }`;

let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  a = await startTestServer('cross-record');
  b = await startTestServer('cross-record-b', { EVENTS_TABLE: a.table.tableName });
});
afterAll(async () => {
  await a.close();
  await b.close();
});

async function mutate(server: TestServer, doc: string, input: Record<string, unknown>) {
  const response = await server.gql(doc, { input });
  expect(response.errors).toBeUndefined();
  return Object.values(response.data as object)[0] as Record<string, any>;
}

/** Runs `interfere` once, after A has decided its next change and before the append reaches the store. */
function beforeNextAppend(server: TestServer, interfere: () => Promise<void>): void {
  const store = server.app.store as EventStore;
  const append = store.append.bind(store);
  store.append = async (...args) => {
    store.append = append;
    await interfere();
    return append(...args);
  };
}

async function activeInitiative(title: string): Promise<string> {
  const created = await mutate(a, CREATE, { title, owner: 'platform', kind: 'TUNE_UP', status: 'ACTIVE' });
  expect(created.userErrors).toEqual([]);
  return created.initiative.id;
}

describe('a rule across two records under concurrent writes', () => {
  it('does not rank an initiative that another process dropped meanwhile', async () => {
    const id = await activeInitiative('Dropped meanwhile');
    beforeNextAppend(a, async () => {
      const dropped = await mutate(b, STATUS, { id, expectedVersion: 1, status: 'DROPPED', reason: 'Out of scope' });
      expect(dropped.userErrors).toEqual([]);
    });
    const ranked = await mutate(a, REPRIORITIZE, { initiativeId: id, toRank: 1, expectedVersion: 0, reason: 'Top' });
    expect(ranked.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['input', 'initiativeId'], message: expect.stringContaining('DROPPED') }),
    ]);
    const state = (await a.gql(STATE, { id })).data;
    expect(state.priorities).toEqual({ version: 0, entries: [] });
    expect(state.node).toEqual({ status: 'DROPPED', rank: null });
  });

  it('does not close an initiative that another process ranked meanwhile', async () => {
    const id = await activeInitiative('Ranked meanwhile');
    beforeNextAppend(a, async () => {
      const ranked = await mutate(b, REPRIORITIZE, { initiativeId: id, toRank: 1, expectedVersion: 0, reason: 'Top' });
      expect(ranked.userErrors).toEqual([]);
    });
    const closed = await mutate(a, STATUS, { id, expectedVersion: 1, status: 'DONE', reason: 'Shipped' });
    expect(closed.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['input', 'status'], message: expect.stringContaining('rank 1') }),
    ]);
    const state = (await a.gql(STATE, { id })).data;
    expect(state.priorities.entries).toEqual([{ initiative: { id } }]);
    expect(state.node).toEqual({ status: 'ACTIVE', rank: 1 });
  });
});

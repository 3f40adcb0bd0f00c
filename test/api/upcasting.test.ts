import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedItem, streamItem } from '../../events/dynamodb/event-item.ts';
import type { RecordedEvent } from '../../events/envelope.ts';
import { GENESIS_HASH, hashEvent } from '../../events/integrity.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { REVISE } from '../support/decision-ops.ts';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('upcasting');
});
afterAll(() => api.close());

/** A DecisionRecorded of schema version 1 (no `status`), written raw as an older release stored it. */
async function storeVersion1Decision(id: string) {
  const unhashed = {
    eventId: 'old-1',
    stream: { kind: 'decision', id },
    version: 1,
    position: 1,
    type: 'DecisionRecorded',
    schemaVersion: 1,
    recordedAt: '2025-06-01T09:00:00.000Z',
    actor: { id: 'old-lead', name: 'Old Lead', kind: 'HUMAN' as const },
    reason: null,
    idempotencyKey: null,
    payload: {
      title: 'Adopt trunk-based development',
      context: null,
      options: [],
      chosenOption: null,
      rationale: 'Shorter feedback loops',
      consequences: null,
      owner: null,
      tags: ['delivery'],
    },
    previousHash: GENESIS_HASH,
  };
  const event: RecordedEvent = { ...unhashed, hash: hashEvent(unhashed) };
  for (const item of [streamItem(event), feedItem(event)]) {
    await api.table.client.send(new PutCommand({ TableName: api.table.tableName, Item: item }));
  }
}

describe('events stored in an older schema version', () => {
  it('are upcast on read, keep their stored version and hash, and later events build on them', async () => {
    await storeVersion1Decision('legacy-1');
    const globalId = Buffer.from('Decision:legacy-1').toString('base64');
    const read = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on Decision { title status version history { edges { node { type schemaVersion payload } } } } } }`,
      { id: globalId },
    );
    expect(read.data.node).toMatchObject({ title: 'Adopt trunk-based development', status: 'PROPOSED', version: 1 });
    expect(read.data.node.history.edges[0].node).toMatchObject({ type: 'DecisionRecorded', schemaVersion: 1, payload: { status: 'PROPOSED' } });

    const revised = await api.gql(REVISE, { input: { id: globalId, expectedVersion: 1, reason: 'name the practice', title: 'Trunk-based development' } });
    expect(revised.data.reviseDecision).toMatchObject({ userErrors: [], decision: { version: 2, status: 'PROPOSED' } });

    const integrity = await api.gql(`{ verifyIntegrity { ok checked headPosition } }`);
    expect(integrity.data.verifyIntegrity).toEqual({ ok: true, checked: 2, headPosition: 2 });
  });
});

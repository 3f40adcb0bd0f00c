import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { getNamedType, isLeafType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isGuardedResolver, unshowableValueCount } from '../../api/safe-leaves.ts';
import { schema } from '../../api/schema/index.ts';
import type { RecordedEvent } from '../../events/envelope.ts';
import { feedItem, streamItem } from '../../events/dynamodb/event-item.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';

// Nothing stored may make a read fail. Old data (here: an event written straight into the table,
// as code before claim validation could have written it) holds values the schema's types cannot
// represent; every read still answers, the odd values shown safely and reported.

let api: TestServer;
let legacy: RecordedEvent;
beforeAll(async () => {
  api = await startTestServer('stored-values');
  const recorded = await api.gql(`mutation { recordDecision(input: { title: "Current", rationale: "r" }) { decision { id } } }`);
  expect(recorded.data.recordDecision.decision.id).toBeTruthy();
  const [first] = await api.table.store.readAll(0);
  legacy = {
    ...first!,
    eventId: randomUUID(),
    stream: { kind: 'decision', id: `legacy-${randomUUID().slice(0, 8)}` },
    position: 2,
    version: 1,
    previousHash: first!.hash,
    // An actor from an unchecked token: sub an object, a list for a name, a kind the enum lacks.
    actor: { id: { id: 'priya' }, name: ['Priya', 'P.'], kind: 'ROBOT' } as unknown as RecordedEvent['actor'],
    reason: 17 as unknown as string,
  };
  for (const item of [streamItem(legacy), feedItem(legacy)]) {
    await api.table.client.send(new PutCommand({ TableName: api.table.tableName, Item: item }));
  }
});
afterAll(() => api.close());

describe('a stored value its field cannot represent', () => {
  it('auditTrail answers every edge, the odd values as their JSON text or null, and reports each', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const before = unshowableValueCount();
    const response = await api.gql(`{ auditTrail(first: 10) { totalCount edges { node {
      position type reason actor { id name kind } } } } }`);
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data.auditTrail.totalCount).toBe(2);
    expect(response.data.auditTrail.edges.map((e: any) => e.node)).toEqual([
      { position: 1, type: 'DecisionRecorded', reason: null, actor: { id: 'dev', name: 'Local developer', kind: 'HUMAN' } },
      // reason is nullable: null; id and name are non-null strings: their JSON text; kind is a
      // non-null enum: the stored text.
      { position: 2, type: 'DecisionRecorded', reason: null, actor: { id: '{"id":"priya"}', name: '["Priya","P."]', kind: 'ROBOT' } },
    ]);
    expect(unshowableValueCount() - before).toBe(4);
    expect(errors.mock.calls.map(([message]) => String(message))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Stored value not shown as String at Actor\.id \(auditTrail\.edges\.1\.node\.actor\.id\): object \{"id":"priya"\}/)]),
    );
    errors.mockRestore();
  });

  it('the record the event made reads too, wherever the actor shows', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await api.gql(`{ decisions(first: 10) { edges { node { title recordedBy { id name kind } } } } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data.decisions.edges.map((e: any) => e.node.recordedBy)).toEqual([
      { id: 'dev', name: 'Local developer', kind: 'HUMAN' },
      { id: '{"id":"priya"}', name: '["Priya","P."]', kind: 'ROBOT' },
    ]);
    errors.mockRestore();
  });
});

describe('the guard', () => {
  it('wraps every field of a scalar or enum type (or a list of them) in the schema', () => {
    const unguarded: string[] = [];
    let leaves = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!isLeafType(getNamedType(field.type))) continue;
        leaves += 1;
        if (!isGuardedResolver(field.resolve)) unguarded.push(`${type.name}.${field.name}`);
      }
    }
    expect(leaves).toBeGreaterThan(200);
    expect(unguarded).toEqual([]);
  });
});

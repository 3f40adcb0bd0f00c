import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModels } from '../../api/read-models.ts';
import { Dispatcher } from '../../api/outbound/dispatcher.ts';
import { DynamoDeliveryStore } from '../../api/outbound/delivery-store.ts';
import { EventBridgeBus } from '../../api/outbound/event-bus.ts';
import { createDocumentClient } from '../../events/dynamodb/client.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { createDeliveryTable } from '../support/outbound.ts';

// The bus subscriber with the real SDK client; only EventBridge itself is a stand-in, at the
// client's edge: a loopback endpoint answering PutEvents (one entry fails once, to prove order).

interface Entry { Source: string; DetailType: string; Detail: string; EventBusName: string }
const accepted: Entry[] = [];
let calls = 0;
const endpoint = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    calls += 1;
    const { Entries } = JSON.parse(body) as { Entries: Entry[] };
    // The third call fails from its second entry on.
    const failFrom = calls === 3 ? 1 : Entries.length;
    accepted.push(...Entries.slice(0, failFrom));
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(
      JSON.stringify({
        FailedEntryCount: Entries.length - failFrom,
        Entries: Entries.map((_, i) => (i < failFrom ? { EventId: `id-${i}` } : { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' })),
      }),
    );
  });
});

let table: TestTable;
beforeAll(async () => {
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  table = await createTestTable('event-bus');
});
afterAll(() => endpoint.close());

describe('EventBridge bus', () => {
  it('publishes every event to the org bus in position order, resending from the first failed entry', async () => {
    const actor = { id: 'a', name: 'A', kind: 'HUMAN' as const };
    for (let i = 0; i < 35; i += 1) {
      await table.store.append({ kind: 'team', id: `t${i}` }, 'no-stream', [{ type: 'TeamDefined', payload: { name: `T${i}`, kind: 'PRODUCT', headcount: 1, effectiveWeek: null } }], { actor });
    }
    const client = new EventBridgeClient({
      endpoint: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const deliveries = new DynamoDeliveryStore(createDocumentClient({ endpoint: table.endpoint }), await createDeliveryTable('event-bus'));
    const dispatcher = new Dispatcher({
      store: table.store,
      readModels: createReadModels(table.store),
      deliveries,
      production: true,
      bus: new EventBridgeBus(client, 'decision-ledger-acme', 'acme'),
      retry: { baseMs: 0, capMs: 0 },
    });
    await dispatcher.runOnce();
    await dispatcher.runOnce();
    expect(accepted.map((e) => JSON.parse(e.Detail).position)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    expect(accepted[0]).toMatchObject({ Source: 'decision-ledger.acme', DetailType: 'TeamDefined', EventBusName: 'decision-ledger-acme' });
    expect(JSON.parse(accepted[34]!.Detail)).toMatchObject({ position: 35, stream: { kind: 'team', id: 't34' }, payload: { name: 'T34' } });
    expect(await deliveries.state('B#default')).toMatchObject({ checkpoint: 35, attempts: 0 });
  }, 180_000);
});

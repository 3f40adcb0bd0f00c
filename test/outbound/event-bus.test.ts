import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, describe, expect, it } from 'vitest';
import { createReadModels } from '../../api/read-models.ts';
import { Dispatcher } from '../../api/outbound/dispatcher.ts';
import { DynamoDeliveryStore } from '../../api/outbound/delivery-store.ts';
import { EventBridgeBus, entrySize, MAX_ENTRY_BYTES } from '../../api/outbound/event-bus.ts';
import { createDocumentClient } from '../../events/dynamodb/client.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { createDeliveryTable } from '../support/outbound.ts';

// The bus subscriber with the real SDK client; only EventBridge itself is a stand-in, at the
// client's edge: a loopback endpoint answering PutEvents. It refuses what EventBridge refuses (an
// entry, or a request's entries together, over 256 KB) and fails the entries the test asks it to.

interface Entry { Source: string; DetailType: string; Detail: string; EventBusName: string; Time?: number }
interface Call { entries: Entry[]; bytes: number }

const servers: ReturnType<typeof createServer>[] = [];
afterAll(() => servers.forEach((s) => s.close()));

/** `failFrom(call, entries)`: the index of the first entry to fail in that call (entries.length: none). */
async function startEventBridge(failFrom: (call: number, entries: Entry[]) => number) {
  const accepted: Entry[] = [];
  const calls: Call[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const { Entries } = JSON.parse(body) as { Entries: Entry[] };
      // The SDK sends Time as epoch seconds; EventBridge counts any given Time as 14 bytes.
      const bytes = Entries.reduce((sum, e) => sum + entrySize({ ...e, Time: e.Time === undefined ? undefined : new Date(e.Time * 1000) }), 0);
      calls.push({ entries: Entries, bytes });
      if (bytes > MAX_ENTRY_BYTES) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'ValidationException', message: 'Total size of the entries in the request is over the limit.' }));
        return;
      }
      const from = failFrom(calls.length, Entries);
      accepted.push(...Entries.slice(0, from));
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(
        JSON.stringify({
          FailedEntryCount: Entries.length - from,
          Entries: Entries.map((_, i) => (i < from ? { EventId: `id-${i}` } : { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' })),
        }),
      );
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new EventBridgeClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return { accepted, calls, client };
}

const actor = { id: 'a', name: 'A', kind: 'HUMAN' as const };
const defineTeam = (table: TestTable, i: number, name = `T${i}`) =>
  table.store.append({ kind: 'team', id: `t${i}` }, 'no-stream', [{ type: 'TeamDefined', payload: { name, kind: 'PRODUCT', headcount: 1, effectiveWeek: null } }], { actor });

async function dispatcherFor(table: TestTable, client: EventBridgeClient, label: string) {
  const deliveries = new DynamoDeliveryStore(createDocumentClient({ endpoint: table.endpoint }), await createDeliveryTable(label));
  const dispatcher = new Dispatcher({
    store: table.store,
    readModels: createReadModels(table.store),
    deliveries,
    production: true,
    bus: new EventBridgeBus(client, 'decision-ledger-acme', 'acme'),
    retry: { baseMs: 0, capMs: 0 },
  });
  return { dispatcher, deliveries };
}

const positions = (entries: Entry[]) => entries.map((e) => JSON.parse(e.Detail).position as number);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('EventBridge bus', () => {
  it('publishes every event to the org bus in position order, resending from the first failed entry', async () => {
    const table = await createTestTable('event-bus');
    for (let i = 0; i < 35; i += 1) await defineTeam(table, i);
    // The third call fails from its second entry on.
    const bridge = await startEventBridge((call, entries) => (call === 3 ? 1 : entries.length));
    const { dispatcher, deliveries } = await dispatcherFor(table, bridge.client, 'event-bus');
    await dispatcher.runOnce();
    await dispatcher.runOnce();
    expect(positions(bridge.accepted)).toEqual(oneTo(35));
    expect(bridge.accepted[0]).toMatchObject({ Source: 'decision-ledger.acme', DetailType: 'TeamDefined', EventBusName: 'decision-ledger-acme' });
    expect(JSON.parse(bridge.accepted[34]!.Detail)).toMatchObject({ position: 35, stream: { kind: 'team', id: 't34' }, payload: { name: 'T34' } });
    expect(await deliveries.state('B#default')).toMatchObject({ checkpoint: 35, attempts: 0 });
  }, 180_000);

  it('sends an event over the 256 KB entry limit without its payload, in its place, and does not stall', async () => {
    const table = await createTestTable('event-bus-large');
    const big = 'x'.repeat(300 * 1024);
    for (let i = 0; i < 4; i += 1) await defineTeam(table, i);
    await defineTeam(table, 4, big); // position 5
    for (let i = 5; i < 8; i += 1) await defineTeam(table, i);
    await defineTeam(table, 8, `é${big}`); // position 9
    for (let i = 9; i < 12; i += 1) await defineTeam(table, i);
    // Positions 13 and 14 fit one entry each, not one call together.
    await defineTeam(table, 12, 'y'.repeat(150 * 1024));
    await defineTeam(table, 13, 'z'.repeat(150 * 1024));
    // The first call with the marker of position 5 fails at that entry: it is sent again, still in order.
    let failed = false;
    const bridge = await startEventBridge((_, entries) => {
      const at = entries.findIndex((e) => JSON.parse(e.Detail).position === 5);
      if (at < 0 || failed) return entries.length;
      failed = true;
      return at;
    });
    const { dispatcher, deliveries } = await dispatcherFor(table, bridge.client, 'event-bus-large');
    for (let run = 0; run < 4 && (await deliveries.state('B#default'))?.checkpoint !== 14; run += 1) await dispatcher.runOnce();

    expect(failed).toBe(true);
    expect(positions(bridge.accepted)).toEqual(oneTo(14));
    // EventBridge refused nothing: no call over the limit, none over 10 entries.
    for (const call of bridge.calls) {
      expect(call.bytes).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
      expect(call.entries.length).toBeLessThanOrEqual(10);
    }
    const stored = await table.store.readAll(0, 20, { raw: true });
    for (const position of [5, 9]) {
      const detail = JSON.parse(bridge.accepted[position - 1]!.Detail);
      const event = stored[position - 1]!;
      expect(detail).toMatchObject({
        position,
        hash: event.hash,
        previousHash: event.previousHash,
        type: 'TeamDefined',
        stream: event.stream,
        eventId: event.eventId,
        payload: null,
        payloadOmitted: true,
        payloadBytes: Buffer.byteLength(JSON.stringify(event.payload)),
      });
      expect(detail.payloadBytes).toBeGreaterThan(MAX_ENTRY_BYTES);
      expect(detail.fetch.query).toContain(`fromPosition: ${position}, toPosition: ${position}`);
    }
    // Events that fit keep their payload, the two large ones in separate calls.
    expect(JSON.parse(bridge.accepted[5]!.Detail)).toMatchObject({ position: 6, payload: { name: 'T5' } });
    expect(JSON.parse(bridge.accepted[13]!.Detail).payload.name).toHaveLength(150 * 1024);
    expect(bridge.calls.findIndex((c) => positions(c.entries).includes(14))).toBeGreaterThan(bridge.calls.findIndex((c) => positions(c.entries).includes(13)));
    expect(await deliveries.state('B#default')).toMatchObject({ checkpoint: 14, attempts: 0, lastError: null });
  }, 180_000);
});

describe('entrySize', () => {
  it('counts as EventBridge does: 14 bytes for Time, UTF-8 bytes of Source, DetailType, Detail and each Resource', () => {
    expect(entrySize({ Source: 'src', DetailType: 'Type', Detail: '{"a":"é"}' })).toBe(3 + 4 + 10);
    expect(entrySize({ Source: 'src', DetailType: 'Type', Detail: '{}', Time: new Date(), Resources: ['arn:1', 'ü'] })).toBe(14 + 3 + 4 + 2 + 5 + 2);
  });
});

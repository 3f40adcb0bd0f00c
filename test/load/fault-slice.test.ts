import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app.ts';
import { configFromEnv } from '../../api/config.ts';
import { authHeaders, mintDevToken } from '../../bench/lib/auth.ts';
import { openTable } from '../../bench/lib/dynamo.ts';
import { GraphQLClient } from '../../bench/lib/http.ts';
import { runFaultScenario } from '../../bench/load/fault.ts';
import { KillableProcess, runProcessFaultScenario } from '../../bench/load/writer-fault.ts';
import { primeWorkload } from '../../bench/load/prime.ts';
import { RestartableDynamo } from '../../bench/load/restartable-dynamo.ts';
import { runLoad } from '../../bench/load/run-load.ts';
import { CUT_AT_END, Tracker, Workload } from '../../bench/load/workload.ts';

// A small slice of `npm run load`: correctness only, no timing assertions. It runs its own
// DynamoDB Local with its data in a temporary folder, because it kills it.

const dir = mkdtempSync(join(tmpdir(), 'ledger-load-'));
let dynamo: RestartableDynamo | undefined;
let server: Server | undefined;
let api: GraphQLClient | undefined;
const processes: KillableProcess[] = [];

afterAll(async () => {
  api?.close();
  await Promise.all(processes.map((p) => p.stop()));
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
  }
  await dynamo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('mixed load with DynamoDB Local killed and restarted', () => {
  it('answers only expected codes, recovers in the same process, and keeps every acknowledged write exactly once', async () => {
    dynamo = await RestartableDynamo.start(join(dir, 'dynamodb'));
    const table = await openTable(dynamo.endpoint, 'load-slice');
    const app = createApp(
      configFromEnv({ DYNAMODB_ENDPOINT: dynamo.endpoint, EVENTS_TABLE: table.tableName, DATA_DIR: dir, DYNAMODB_TIMEOUT_MS: '1000' }),
      // Every event must be an acknowledged mutation here: no person registrations in between.
      { registerPeople: false },
    );
    server = createServer(app.yoga);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const headers = authHeaders(await mintDevToken(dir));
    api = new GraphQLClient(url, headers);
    const workload = new Workload(new Tracker(), undefined, 3, 5);
    await primeWorkload(api, workload, 5);

    // Reads, new decisions, revisions (some with stale versions): only OK and VERSION_CONFLICT.
    const mixed = await runLoad({ url, headers, workload, connections: 4, seconds: 2 });
    expect(Object.keys(mixed.codes).filter((code) => !['OK', 'VERSION_CONFLICT', CUT_AT_END].includes(code))).toEqual([]);
    expect(mixed.codes.OK).toBeGreaterThan(0);

    // The same load while the store dies and comes back (the API logs every failed request).
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const fault = await runFaultScenario({
        url, headers, workload, api, store: table.store, dynamo,
        connections: 4, beforeSeconds: 1, outageSeconds: 1, afterSeconds: 1,
      });
      expect(fault.load.codes.STORE_UNAVAILABLE).toBeGreaterThan(0);
      expect(fault.unexpected).toEqual({});
      expect(fault.stillUnknown).toBe(0);
      expect(fault.check.problems).toEqual([]);
      expect(fault.check.integrity.ok).toBe(true);
      expect(fault.check.integrity.checked).toBe(fault.check.events);
      // Every event in the log is a mutation some client was told succeeded (each writes one event).
      expect(fault.check.acknowledged).toBeGreaterThan(0);
      expect(fault.check.events).toBe(fault.check.acknowledged);
    } finally {
      quiet.mockRestore();
    }
  }, 180_000);
});

describe('two writers at once, a writer and an API process SIGKILLed mid-transaction and restarted', () => {
  it('loses and doubles no acknowledged write: gapless, chained, every unknown outcome settled by its idempotency key', async () => {
    dynamo ??= await RestartableDynamo.start(join(dir, 'dynamodb'));
    const table = await openTable(dynamo.endpoint, 'writer-fault-slice');
    const env = { DYNAMODB_ENDPOINT: dynamo.endpoint, EVENTS_TABLE: table.tableName, DATA_DIR: dir, DYNAMODB_TIMEOUT_MS: '1000' };
    // Two processes that both believe they are the writer, serving the same table at once.
    const [first, second] = await Promise.all([KillableProcess.writer(env), KillableProcess.writer(env)]);
    processes.push(first, second);
    // This API (in the test process, so its fallback warning can be seen) appends through the first
    // writer, an API process through the second, and another API process appends itself.
    const app = createApp(configFromEnv({ ...env, WRITER_URL: first.url }), { registerPeople: false });
    const viaFirst = createServer(app.yoga);
    await new Promise<void>((resolve) => viaFirst.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(viaFirst.address() as AddressInfo).port}/graphql`;
    const [viaSecond, direct] = await Promise.all([KillableProcess.api({ ...env, WRITER_URL: second.url }), KillableProcess.api(env)]);
    processes.push(viaSecond, direct);
    const headers = authHeaders(await mintDevToken(dir));
    const client = new GraphQLClient(url, headers);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const quietWarn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const workload = new Workload(new Tracker(), undefined, 3, 5);
      await primeWorkload(client, workload, 5);
      const fault = await runProcessFaultScenario({
        loads: { viaFirst: url, viaSecond: viaSecond.url, direct: direct.url },
        // The first writer while this API's appends are in it, and the API process that appends itself mid-transaction.
        victims: [first, direct],
        headers, workload, api: client, store: table.store,
        connections: 3, beforeSeconds: 1, outageSeconds: 1, afterSeconds: 1,
      });
      // While the first writer was gone this API appended itself (a third writer).
      expect(quietWarn.mock.calls.some(([message]) => /writer could not be reached/.test(String(message)))).toBe(true);
      for (const load of Object.values(fault.loads)) expect(load.requests).toBeGreaterThan(0);
      // The killed API dropped the requests it had in flight; the others answered every request.
      expect(fault.loads.direct!.transportErrors).toBeGreaterThan(0);
      expect(fault.loads.viaFirst!.transportErrors).toBe(0);
      expect(fault.loads.viaSecond!.transportErrors).toBe(0);
      expect(fault.unexpected).toEqual({});
      expect(fault.retried).toBeGreaterThan(0);
      expect(fault.stillUnknown).toBe(0);
      expect(fault.check.problems).toEqual([]);
      expect(fault.check.integrity.ok).toBe(true);
      expect(fault.check.acknowledged).toBeGreaterThan(0);
      expect(fault.check.events).toBe(fault.check.acknowledged);
    } finally {
      quiet.mockRestore();
      quietWarn.mockRestore();
      client.close();
      viaFirst.closeAllConnections();
      await new Promise((resolve) => viaFirst.close(resolve));
    }
  }, 300_000);
});

/**
 * `npm run load [-- --connections 1,4,16,64 --seconds 10 --fault-seconds 8 --outage 5 --signal SIGTERM --out file.json]`
 *
 * 1. Mixed load (reads, new decisions, revisions with the version last seen or deliberately stale)
 *    at several concurrency levels for a fixed time: throughput, p50/p99, answers by code. Only OK
 *    and VERSION_CONFLICT may appear.
 * 2. Fault run: the same load while DynamoDB Local is killed (SIGTERM; --signal SIGKILL for a crash,
 *    which DynamoDB Local itself does not survive without losing acknowledged writes) and started again on the same
 *    port and data. Clients must get STORE_UNAVAILABLE quickly, the same API process must recover,
 *    and every mutation a client was told succeeded must be in the log exactly once, with the
 *    positions gapless and the hash chain intact.
 *
 * 3. Writer faults: two writer processes serving one table at once, an API process through each
 *    and one appending itself; the first writer and the appending API are SIGKILLed mid-load and
 *    started again. The same log check as in 2.
 *
 * The API runs in its own process against DynamoDB Local with its data in a folder.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listOption, intOption, parseArgs } from './lib/args.ts';
import { authHeaders, mintDevToken } from './lib/auth.ts';
import { startApiProcess, type ApiProcess } from './lib/api-process.ts';
import { openTable } from './lib/dynamo.ts';
import { GraphQLClient } from './lib/http.ts';
import { describeMachine } from './lib/machine.ts';
import { round } from './lib/stats.ts';
import { runFaultScenario } from './load/fault.ts';
import { KillableProcess, runProcessFaultScenario } from './load/writer-fault.ts';
import { RestartableDynamo } from './load/restartable-dynamo.ts';
import { runLoad, type LoadResult } from './load/run-load.ts';
import { primeWorkload } from './load/prime.ts';
import { CUT_AT_END, Tracker, Workload } from './load/workload.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const options = parseArgs();
const LEVELS = listOption(options, 'connections', [1, 4, 16, 64]);
const SECONDS = intOption(options, 'seconds', 10);
const FAULT_SECONDS = intOption(options, 'fault-seconds', 8);
const OUTAGE = intOption(options, 'outage', 5);
const FAULT_CONNECTIONS = intOption(options, 'fault-connections', 16);
const SIGNAL = (options.get('signal') ?? 'SIGTERM') as NodeJS.Signals;
const runDir = join(ROOT, '.data', 'bench', `load-${Date.now()}`);
const EXPECTED = new Set(['OK', 'VERSION_CONFLICT', CUT_AT_END]);

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const codesText = (codes: Record<string, number>) =>
  Object.entries(codes)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');

async function main(): Promise<void> {
  mkdirSync(runDir, { recursive: true });
  const machine = describeMachine();
  log(`decision-ledger load: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  let dynamo: RestartableDynamo | null = null;
  let apiProcess: ApiProcess | null = null;
  let api: GraphQLClient | null = null;
  let failed = false;
  try {
    dynamo = await RestartableDynamo.start(join(runDir, 'dynamodb'));
    log(`DynamoDB Local on ${dynamo.endpoint}, data in ${join(runDir, 'dynamodb')}`);
    const table = await openTable(dynamo.endpoint, 'load-events');
    apiProcess = await startApiProcess({ DYNAMODB_ENDPOINT: dynamo.endpoint, EVENTS_TABLE: table.tableName, DATA_DIR: runDir });
    const headers = authHeaders(await mintDevToken(runDir));
    api = new GraphQLClient(apiProcess.url, headers);
    const workload = new Workload(new Tracker());
    await primeWorkload(api, workload, 25);

    // --- 1. mixed load at each concurrency level ------------------------------------------------------
    const rows: LoadResult[] = [];
    for (const connections of LEVELS) {
      const result = await runLoad({ url: apiProcess.url, headers, workload, connections, seconds: SECONDS });
      rows.push(result);
      const unexpected = Object.keys(result.codes).filter((code) => !EXPECTED.has(code));
      if (unexpected.length) failed = true;
      log(`${String(connections).padStart(3)} connections: ${round(result.throughput)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms; ${codesText(result.codes)}${unexpected.length ? '  <- UNEXPECTED' : ''}`);
    }

    // --- 2. fault run ----------------------------------------------------------------------------------
    log(`fault run: ${FAULT_CONNECTIONS} connections; DynamoDB Local killed (${SIGNAL}) after ${FAULT_SECONDS} s, started again ${OUTAGE} s later, load for ${FAULT_SECONDS} s more once the API answers`);
    const fault = await runFaultScenario({
      url: apiProcess.url, headers, workload, api, store: table.store, dynamo,
      connections: FAULT_CONNECTIONS, beforeSeconds: FAULT_SECONDS, outageSeconds: OUTAGE, afterSeconds: FAULT_SECONDS, signal: SIGNAL,
    });
    const su = fault.storeUnavailable;
    log(`  ${round(fault.load.throughput)} req/s over the run; ${codesText(fault.load.codes)}`);
    log(`  killed at ${round(fault.killedAt)} s, answering again at ${round(fault.restartedAt)} s`);
    log(`  STORE_UNAVAILABLE answers: ${su.n}, p50 ${round(su.p50)} ms, p99 ${round(su.p99)} ms, max ${round(su.max)} ms`);
    log(`  same API process (pid ${apiProcess.pid}) recovered: first read ${Math.round(fault.recoveryMs.read)} ms, first write ${Math.round(fault.recoveryMs.write)} ms after DynamoDB Local was back`);
    log(`  retried ${fault.retried} mutations with an unknown outcome (same idempotency key); still unknown ${fault.stillUnknown}`);
    if (Object.keys(fault.unexpected).length) {
      failed = true;
      log(`  UNEXPECTED codes: ${codesText(fault.unexpected)}`);
    }
    const check = fault.check;
    log(`log check: ${check.events} events, ${check.acknowledged} acknowledged mutations; missing ${check.missing.length}, duplicated ${check.duplicated.length}, misplaced ${check.misplaced.length}, refused-but-written ${check.conflictedButWritten.length}, unacknowledged writes ${check.unacknowledgedWrites.length}; integrity ${check.integrity.ok ? `ok (${check.integrity.checked} events, head ${check.integrity.head.position})` : 'FAILED'}`);
    for (const problem of check.problems.slice(0, 20)) log(`  PROBLEM ${problem}`);
    if (!check.ok) failed = true;

    // --- 3. writer faults ---------------------------------------------------------------------------
    log(`writer faults: two writer processes on one table, an API through each and one appending itself (${FAULT_CONNECTIONS} connections each); after ${FAULT_SECONDS} s the first writer and the appending API are SIGKILLed, ${OUTAGE} s later started again, ${FAULT_SECONDS} s more load`);
    const writerFault = await runWriterFaults(dynamo.endpoint, headers);
    if (!writerFault.ok) failed = true;

    const summary = {
      machine,
      date: new Date().toISOString(),
      levels: rows,
      fault: { ...fault, check: { ...check, missing: check.missing.length, integrity: check.integrity.ok } },
      writerFault,
      ok: !failed,
    };
    if (options.has('out')) writeFileSync(join(ROOT, options.get('out')!), `${JSON.stringify(summary, null, 2)}\n`);
    log(failed ? 'FAILED' : 'ok: only expected codes, every acknowledged mutation in the log exactly once, integrity ok');
  } finally {
    api?.close();
    if (failed && apiProcess) console.error(`API process output (tail):\n${apiProcess.output().slice(-3000)}`);
    await apiProcess?.stop();
    await dynamo?.stop();
    if (!options.has('keep')) rmSync(runDir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

/** Step 3 on a table of its own (see runProcessFaultScenario), logged like step 2; ok when nothing went wrong. */
async function runWriterFaults(endpoint: string, headers: Record<string, string>) {
  const table = await openTable(endpoint, 'load-writer-faults');
  const env = { DYNAMODB_ENDPOINT: endpoint, EVENTS_TABLE: table.tableName, DATA_DIR: runDir };
  const started: KillableProcess[] = [];
  let client: GraphQLClient | null = null;
  try {
    const [first, second] = await Promise.all([KillableProcess.writer(env), KillableProcess.writer(env)]);
    started.push(first, second);
    const apis = await Promise.all([KillableProcess.api({ ...env, WRITER_URL: first.url }), KillableProcess.api({ ...env, WRITER_URL: second.url }), KillableProcess.api(env)]);
    started.push(...apis);
    const [viaFirst, viaSecond, direct] = apis as [KillableProcess, KillableProcess, KillableProcess];
    client = new GraphQLClient(viaSecond.url, headers);
    const workload = new Workload(new Tracker());
    await primeWorkload(client, workload, 25);
    const fault = await runProcessFaultScenario({
      loads: { viaFirst: viaFirst.url, viaSecond: viaSecond.url, direct: direct.url },
      victims: [first, direct],
      headers, workload, api: client, store: table.store,
      connections: FAULT_CONNECTIONS, beforeSeconds: FAULT_SECONDS, outageSeconds: OUTAGE, afterSeconds: FAULT_SECONDS,
    });
    for (const [name, load] of Object.entries(fault.loads)) {
      log(`  ${name}: ${load.requests} requests, ${round(load.throughput)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms; ${load.transportErrors} without an answer`);
    }
    const fellBack = viaFirst.output().includes('writer could not be reached');
    log(`  the API of the killed writer ${fellBack ? 'appended itself while it was gone' : 'never fell back (the writer was back before it needed to)'}`);
    log(`  retried ${fault.retried} mutations with an unknown outcome (same idempotency key); still unknown ${fault.stillUnknown}`);
    if (Object.keys(fault.unexpected).length) log(`  UNEXPECTED codes: ${codesText(fault.unexpected)}`);
    const check = fault.check;
    log(`log check: ${check.events} events, ${check.acknowledged} acknowledged mutations; missing ${check.missing.length}, duplicated ${check.duplicated.length}, misplaced ${check.misplaced.length}, refused-but-written ${check.conflictedButWritten.length}, unacknowledged writes ${check.unacknowledgedWrites.length}; integrity ${check.integrity.ok ? `ok (${check.integrity.checked} events, head ${check.integrity.head.position})` : 'FAILED'}`);
    for (const problem of check.problems.slice(0, 20)) log(`  PROBLEM ${problem}`);
    const ok = check.ok && fault.stillUnknown === 0 && Object.keys(fault.unexpected).length === 0;
    return { ok, fellBack, loads: fault.loads, retried: fault.retried, stillUnknown: fault.stillUnknown, unexpected: fault.unexpected, check: { ...check, missing: check.missing.length, integrity: check.integrity.ok } };
  } finally {
    client?.close();
    await Promise.all(started.map((p) => p.stop()));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

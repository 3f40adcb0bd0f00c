/**
 * `npm run bench [-- --events 100000 --samples 150 --skip-bundle --skip-web --keep]`
 * `npm run bench -- --web-only`: only the web view (first page's JavaScript, time to first render),
 * its keys merged into an existing bench-results.json.
 * `npm run bench -- --alerts-only [--events N] [--alert-samples N]`: a fresh log of N events and the
 * alert evaluator's figures alone (per append, per scheduled run, against store.append), merged the same way.
 *
 * Measures the API against the store it runs on, on this machine, in one run: its own DynamoDB
 * Local (in memory), the API in its own process, baselines taken in the same run and interleaved
 * with what they are compared to. Prints a table and writes bench-results.json.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, intOption } from './lib/args.ts';
import { authHeaders, DEV_TOKEN_CLAIMS, devPublicJwk, mintDevToken, BENCH_ADMIN } from './lib/auth.ts';
import { startApiProcess, type ApiProcess } from './lib/api-process.ts';
import { openTable, startDynamo, type LocalDynamo } from './lib/dynamo.ts';
import { GraphQLClient } from './lib/http.ts';
import { describeMachine } from './lib/machine.ts';
import { round } from './lib/stats.ts';
import { measureAppendOverhead } from './measure/append.ts';
import { apiGatewayEvent, buildBundle, coldStart, measureColdStart } from './measure/bundle.ts';
import { measureContention } from './measure/contention.ts';
import { measureMultiprocess, type MultiprocessRun } from './measure/multiprocess.ts';
import { measureAsOf, measureReadOverhead } from './measure/reads.ts';
import { measureSearch } from './measure/search.ts';
import { measureImport } from './measure/import.ts';
import { measureFold, measureReplay } from './measure/replay.ts';
import { writeLogSnapshots } from './measure/snapshots.ts';
import { measureWebView, type WebViewResult } from './measure/web.ts';
import { seedLog } from './seed/seed.ts';
import { measureAlerts, type AlertsBench } from './measure/alerts.ts';
import { DynamoEventStore } from '../events/dynamodb/dynamo-event-store.ts';
import { createEventRegistry } from '../domain/registry.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FLOOR_ENTRY = fileURLToPath(new URL('./floor-server.ts', import.meta.url));
const options = parseArgs();
const EVENTS = intOption(options, 'events', 100_000);
const SAMPLES = intOption(options, 'samples', 150);
const RESULTS = resolve(ROOT, options.get('out') ?? 'bench-results.json');
const runDir = join(ROOT, '.data', 'bench', `run-${Date.now()}`);

interface Goal {
  key: string;
  label: string;
  value: number;
  goal?: { op: '<=' | '>='; limit: number };
  note: string;
}

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const WEB_RUNS = intOption(options, 'web-runs', 7);

/** The web view's goals (why these limits: BENCHMARKS.md). */
function webGoals(web: WebViewResult): Goal[] {
  return [
    {
      key: 'web_first_page_js_gzip_bytes',
      label: 'JavaScript of the first page (gzip)',
      value: web.firstPageJsGzipBytes,
      goal: { op: '<=', limit: 50_000 },
      note: `${web.firstPageJsBytes} bytes decoded in ${web.scripts.length} scripts (${web.scripts.map((s) => `${s.url.replace('/assets/', '')} ${s.gzipBytes}`).join(', ')})`,
    },
    {
      key: 'web_priorities_first_render_ms',
      label: 'priorities page: navigation to the list rendered (median, cold cache)',
      value: web.firstRender.p50,
      goal: { op: '<=', limit: 1000 },
      note: `min ${Math.round(web.firstRender.min)}, max ${Math.round(web.firstRender.max)} ms over ${web.firstRender.n} runs; seeded ledger of ${web.events} events`,
    },
  ];
}

async function measureWeb(endpoint: string): Promise<WebViewResult> {
  log(`web view: the demo ledger in headless Chromium, ${WEB_RUNS} cold-cache loads of /priorities`);
  const web = await measureWebView({ endpoint, dataDir: runDir, runs: WEB_RUNS, log: (line) => log(`  ${line}`) });
  log(`  first page JavaScript ${web.firstPageJsGzipBytes} bytes gzip (${web.firstPageJsBytes} decoded); first render p50 ${round(web.firstRender.p50)} ms`);
  return web;
}

/** `--web-only`: the web view's figures alone, merged into the results file. */
async function webOnly(): Promise<void> {
  mkdirSync(runDir, { recursive: true });
  const dynamo = await startDynamo();
  try {
    const web = await measureWeb(dynamo.endpoint);
    const goals = webGoals(web);
    for (const g of goals) console.log(`${g.key}  ${round(g.value)}  ${g.goal!.op} ${g.goal!.limit}  ${g.note}`);
    const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, any>) : {};
    const missed = ((previous.goals_missed ?? []) as string[]).filter((key) => !key.startsWith('web_'));
    const met = (g: Goal) => (g.goal!.op === '<=' ? g.value <= g.goal!.limit : g.value >= g.goal!.limit);
    const results = {
      ...previous,
      ...Object.fromEntries(goals.map((g) => [g.key, round(g.value)])),
      goals_missed: [...missed, ...goals.filter((g) => !met(g)).map((g) => g.key)],
      details: { ...previous.details, web, webDate: new Date().toISOString() },
    };
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${relative(process.cwd(), RESULTS)}`);
  } finally {
    await dynamo.stop();
    if (!options.has('keep')) rmSync(runDir, { recursive: true, force: true });
  }
}

// --- the alert evaluator (issue 14): its cost per append and per scheduled run on the big log -------
const ALERT_SAMPLES = intOption(options, 'alert-samples', Math.max(20, Math.round(SAMPLES / 3)));

function alertGoals(alerts: AlertsBench): Goal[] {
  const p = (s: { p50: number; p99: number }) => `p50 ${round(s.p50)} / p99 ${round(s.p99)} ms`;
  const note = `${alerts.rules} rules of every kind on ${alerts.events} events; evaluation alone ${p(alerts.evaluateOnly)}; first run ${Math.round(alerts.firstRun.ms)} ms raised ${alerts.firstRun.raised}`;
  return [
    { key: 'alert_eval_append_p50_ms', label: 'alert run after one append (catch up, evaluate, append)', value: alerts.afterAppend.p50, note: `${p(alerts.afterAppend)}; ${note}` },
    { key: 'alert_eval_scheduled_p50_ms', label: 'scheduled alert run (every rule, the clock)', value: alerts.scheduled.p50, note: p(alerts.scheduled) },
    { key: 'alert_eval_append_ratio', label: 'alert run after an append / store.append (p50)', value: alerts.ratio, note: `${round(alerts.afterAppend.p50)} / ${round(alerts.append.p50)} ms (store.append ${p(alerts.append)}, same run, same log)` },
  ];
}

async function benchAlerts(store: Parameters<typeof measureAlerts>[0]): Promise<AlertsBench> {
  log(`alert evaluator: ${ALERT_SAMPLES} appends each followed by the run the API makes, then ${ALERT_SAMPLES} scheduled runs`);
  const alerts = await measureAlerts(store, ALERT_SAMPLES, log);
  log(`  after an append p50 ${round(alerts.afterAppend.p50)} ms (p99 ${round(alerts.afterAppend.p99)}), scheduled p50 ${round(alerts.scheduled.p50)} ms (p99 ${round(alerts.scheduled.p99)}), store.append p50 ${round(alerts.append.p50)} ms -> ${round(alerts.ratio)}`);
  return alerts;
}

/** `--alerts-only`: a fresh log of --events events, then the alert evaluator's figures alone, merged into the results file. */
async function alertsOnly(): Promise<void> {
  const dynamo = await startDynamo();
  try {
    const table = await openTable(dynamo.endpoint, 'bench-alerts');
    // A loaded machine can keep DynamoDB Local silent for over the store's default 2 s: wait longer rather than fail the seeding.
    const store = new DynamoEventStore({ client: table.client, tableName: table.tableName, registry: createEventRegistry(), queueTimeoutMs: 30_000 });
    log(`seeding ${EVENTS} events through DynamoEventStore.append`);
    await seedLog(store, EVENTS, { onProgress: (n, ms) => log(`  ${n} events, ${Math.round((n / ms) * 1000)} events/s`) });
    const alerts = await benchAlerts(store);
    const goals = alertGoals(alerts);
    for (const g of goals) console.log(`${g.key}  ${round(g.value)}  ${g.note}`);
    const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, any>) : {};
    const results = { ...previous, ...Object.fromEntries(goals.map((g) => [g.key, round(g.value)])), details: { ...previous.details, alerts, alertsDate: new Date().toISOString(), alertsMachine: describeMachine() } };
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${relative(process.cwd(), RESULTS)}`);
  } finally {
    await dynamo.stop();
  }
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  mkdirSync(runDir, { recursive: true });
  const machine = describeMachine();
  log(`decision-ledger bench: ${EVENTS} events, ${SAMPLES} samples per latency; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);

  let dynamo: LocalDynamo | null = null;
  const apis: ApiProcess[] = [];
  const clients: GraphQLClient[] = [];
  try {
    dynamo = await startDynamo();
    log(`DynamoDB Local (in memory) on ${dynamo.endpoint}`);
    const token = await mintDevToken(runDir);
    const headers = authHeaders(token);
    const env = (table: string) => ({ DYNAMODB_ENDPOINT: dynamo!.endpoint, EVENTS_TABLE: table, DATA_DIR: runDir });

    const apiTable = await openTable(dynamo.endpoint, 'bench-api');
    const rawTable = await openTable(dynamo.endpoint, 'bench-raw');
    const storeTable = await openTable(dynamo.endpoint, 'bench-store');
    const logTable = await openTable(dynamo.endpoint, 'bench-log');

    // --- writes across processes: one writer process vs every process appending itself ---------------
    const multiprocess: MultiprocessRun[] = [];
    if (!options.has('skip-multiprocess')) {
      const perWriter = intOption(options, 'mp-per-writer', Math.max(20, Math.round(SAMPLES / 3)));
      const plan: [number, number, 'writer' | 'direct'][] = [[1, 8, 'direct'], [8, 1, 'direct'], [2, 1, 'writer'], [4, 1, 'writer'], [8, 1, 'writer'], [2, 8, 'writer'], [8, 4, 'writer']];
      for (const [processes, writersPerProcess, mode] of plan) {
        // 1 × 8 and 8 × 4: the same total work per writer count as their comparisons.
        const run = await measureMultiprocess({
          endpoint: dynamo.endpoint, env, headers, table: `bench-mp-${processes}x${writersPerProcess}-${mode}`,
          processes, writersPerProcess, perWriter, mode,
        });
        multiprocess.push(run);
        log(`multiprocess ${run.label}: ${round(run.mutationsPerSecond)} mutations/s, p50 ${round(run.latency.p50)} ms, p99 ${round(run.latency.p99)} ms; errors ${run.errorCount} ${JSON.stringify(run.errors)}, gaps ${run.gaps}, dups ${run.duplicates}, lost ${run.lost}, integrity ${run.integrityOk ? 'ok' : 'FAILED'}`);
      }
    }
    const mpRun = (p: number, w: number, mode: 'writer' | 'direct') => multiprocess.find((r) => r.processes === p && r.writersPerProcess === w && r.mode === mode);
    const mpBase = mpRun(1, 8, 'direct');
    const mpWriter = mpRun(8, 1, 'writer');
    const mpDirect = mpRun(8, 1, 'direct');
    const mp32 = mpRun(8, 4, 'writer');
    const multiprocessGoals: Goal[] = mpBase && mpWriter && mpDirect && mp32
      ? [
          { key: 'multiprocess_throughput_ratio', label: '8 processes × 1 writer (via the writer) / 1 process × 8 writers', value: mpWriter.mutationsPerSecond / mpBase.mutationsPerSecond, goal: { op: '>=', limit: 0.8 }, note: `${round(mpWriter.mutationsPerSecond)} / ${round(mpBase.mutationsPerSecond)} per s; p50/p99 ${round(mpWriter.latency.p50)}/${round(mpWriter.latency.p99)} vs ${round(mpBase.latency.p50)}/${round(mpBase.latency.p99)} ms; gaps ${mpWriter.gaps}; without the writer (each process appends): ${round(mpDirect.mutationsPerSecond / mpBase.mutationsPerSecond)}, ${mpDirect.errorCount} errors` },
          { key: 'multiprocess_contention_errors', label: 'errors at 8 and 32 separate writers (via the writer)', value: mpWriter.errorCount + mp32.errorCount, goal: { op: '<=', limit: 0 }, note: `8: ${mpWriter.errorCount}, 32: ${mp32.errorCount}; without the writer at 8: ${mpDirect.errorCount} ${JSON.stringify(mpDirect.errors)}; gaps ${mpWriter.gaps + mp32.gaps}, lost ${mpWriter.lost + mp32.lost}` },
        ]
      : [];
    if (options.has('multiprocess-only')) {
      for (const g of multiprocessGoals) console.log(`${g.key}  ${round(g.value)}  ${g.goal?.op} ${g.goal?.limit}  ${g.note}`);
      writeFileSync(RESULTS, `${JSON.stringify({ ...Object.fromEntries(multiprocessGoals.map((g) => [g.key, round(g.value)])), machine, date: new Date().toISOString(), details: { multiprocess } }, null, 2)}\n`);
      return;
    }

    // --- writes: one mutation against one transaction; 8 writers against sequential transactions ---
    const writer = await startApiProcess(env(apiTable.tableName));
    apis.push(writer);
    const writeClient = new GraphQLClient(writer.url, headers);
    clients.push(writeClient);
    log('append overhead: recordDecision over HTTP vs DynamoEventStore.append vs raw TransactWriteItems, interleaved');
    const floorTable = await openTable(dynamo.endpoint, 'bench-floor');
    const append = await measureAppendOverhead({
      api: writeClient, client: apiTable.client, apiTable: apiTable.tableName, rawTable: rawTable.tableName, store: storeTable.store, samples: SAMPLES,
      startFloor: async (template) => {
        const floor = await startApiProcess({ ...env(floorTable.tableName), FLOOR_TABLE: floorTable.tableName, FLOOR_TEMPLATE: JSON.stringify(template) }, [], FLOOR_ENTRY);
        apis.push(floor);
        const client = new GraphQLClient(floor.url);
        clients.push(client);
        return client;
      },
    });
    log(`  http p50 ${round(append.http.p50)} ms, yoga floor p50 ${round(append.floor!.p50)} ms, store p50 ${round(append.store.p50)} ms, raw p50 ${round(append.raw.p50)} ms -> ${round(append.ratio)}; over the floor ${round(append.floorRatio!)}`);
    log('contention: 8 concurrent writers vs sequential raw transactions');
    const contention = await measureContention({
      api: writeClient, client: apiTable.client, apiTable: apiTable.tableName, rawTable: rawTable.tableName, store: apiTable.store,
      clients: 8, perClient: Math.max(10, Math.round(SAMPLES / 3)), rawCount: Math.max(50, SAMPLES),
    });
    log(`  ${round(contention.mutationsPerSecond)} mutations/s vs ${contention.rawPerSecond.map(round).join(' / ')} raw tx/s -> ${round(contention.ratio)}; gaps ${contention.gaps}, duplicates ${contention.duplicates}, lost ${contention.lost}, integrity ${contention.integrityOk ? 'ok' : 'FAILED'}`);
    // The same API process with a small log: what the process costs before the log does.
    await writer.call('catchUp');
    const smallLog = await writer.call('stats');
    // Bulk import (npm run import) over HTTP into the same process, against store.append in this run.
    let imported: Awaited<ReturnType<typeof measureImport>> | null = null;
    if (!options.has('skip-import')) {
      const importRows = intOption(options, 'import-rows', 2000);
      log(`import: ${importRows} allocation rows through the importer over HTTP vs DynamoEventStore.append of the same events`);
      const appendTable = await openTable(dynamo.endpoint, 'bench-import-append');
      imported = await measureImport({ url: writer.url, authorization: headers.authorization!, store: appendTable.store, dir: runDir, rows: importRows });
      log(`  ${Math.round(imported.rowsPerSecond)} rows/s vs ${Math.round(imported.appendsPerSecond)} appends/s -> ${round(imported.ratio)} (${imported.concurrency} in flight)`);
    }
    await writer.stop();

    // --- the big log -------------------------------------------------------------------------------
    log(`seeding ${EVENTS} events through DynamoEventStore.append`);
    const seed = await seedLog(logTable.store, EVENTS, { onProgress: (n, ms) => log(`  ${n} events, ${Math.round((n / ms) * 1000)} events/s`) });
    log(`  ${seed.events} events in ${seed.appends} appends, ${Math.round(seed.ms / 1000)} s (${Math.round(seed.eventsPerSecond)} events/s)`);

    const rounds = intOption(options, 'replay-rounds', 2);
    log(`replay: read only vs rebuild of every read model, ${rounds} rounds`);
    const replay = await measureReplay(logTable.store, rounds);
    log(`  read ${Math.round(replay.readMs)} ms, rebuild ${Math.round(replay.rebuildMs)} ms -> ${round(replay.ratio)}; ${Math.round(replay.eventsPerSecond)} events/s; mismatches: ${replay.mismatches.join(', ') || 'none'}`);
    const fold = await measureFold(replay.log, 7);
    log(`fold in memory: ${Math.round(fold.eventsPerSecond)} events/s (${round(fold.ms)} ms; views alone ${round(fold.viewsOnlyMs)} ms)`);

    // --- reads on the big log, in an API process that holds it --------------------------------------
    const reader = await startApiProcess(env(logTable.tableName), ['--expose-gc']);
    apis.push(reader);
    const caughtUp = await reader.call('catchUp');
    log(`API process caught up with ${caughtUp.position} events in ${Math.round(caughtUp.ms!)} ms`);
    const readClient = new GraphQLClient(reader.url, headers);
    clients.push(readClient);
    const read = await measureReadOverhead({ api: readClient, client: logTable.client, table: logTable.tableName, position: caughtUp.position, samples: SAMPLES });
    log(`read overhead: decisions(first: 50) p50 ${round(read.http.p50)} ms vs Query(50) ${round(read.query50.p50)} ms -> ${round(read.ratio)} (tail Query ${round(read.tailQuery.p50)} ms)`);
    // Memory with the log loaded and read models warm, before any time travel.
    const memory = await reader.call('stats');
    const afterGc = await reader.call('gc');
    log(`API process with the log: rss ${round(memory.rss / 2 ** 20)} MB (after a forced GC ${round(afterGc.rss / 2 ** 20)} MB, heap used ${round(afterGc.heapUsed / 2 ** 20)} MB)`);
    const asOf = await measureAsOf({ api: readClient, from: replay.firstRecordedAt, to: replay.lastRecordedAt, lastPosition: caughtUp.position, samples: SAMPLES, budgetMs: 45_000 });
    log(`asOf: priorities(${asOf.args}) p50 ${round(asOf.latency.p50)} ms, p99 ${round(asOf.latency.p99)} ms (${asOf.latency.n} samples)${asOf.atPosition ? `; atPosition p50 ${round(asOf.atPosition.p50)} ms (${asOf.atPosition.n})` : ''}`);
    const afterAsOf = await reader.call('stats');
    const searched = await measureSearch({ api: readClient, samples: SAMPLES });
    log(`search: first (builds the index) ${Math.round(searched.firstMs)} ms, then p50 ${round(searched.latency.p50)} ms, p99 ${round(searched.latency.p99)} ms (${searched.latency.n} samples, ${searched.meanHits} hits on average)`);
    log(`API process after the time-travel queries: rss ${round(afterAsOf.rss / 2 ** 20)} MB, heap used ${round(afterAsOf.heapUsed / 2 ** 20)} MB`);
    await reader.stop();

    // --- the deployable bundle -------------------------------------------------------------------------
    let bundle: ReturnType<typeof buildBundle> | null = null;
    let cold: Awaited<ReturnType<typeof measureColdStart>> | null = null;
    let cold100k: Awaited<ReturnType<typeof coldStart>> | null = null;
    let cold100kSnapshots: (Awaited<ReturnType<typeof coldStart>> & { snapshots: Awaited<ReturnType<typeof writeLogSnapshots>> }) | null = null;
    if (!options.has('skip-bundle')) {
      log('bundle: synthesizing the stack (NodejsFunction, local esbuild)');
      bundle = buildBundle(join(runDir, 'cdk.out'), 'bench');
      log(`  index.mjs ${bundle.bytes} bytes (${bundle.totalBytes} with the source map), synth ${Math.round(bundle.synthMs)} ms`);
      const org = bundle.environment.ORG ?? 'bench';
      const lambdaToken = await mintDevToken(runDir, BENCH_ADMIN, org);
      const publicKey = await devPublicJwk(runDir);
      const lambdaEnv = (table: string) => ({
        ...bundle!.environment,
        EVENTS_TABLE: table,
        DYNAMODB_ENDPOINT: dynamo!.endpoint,
        JWT_ISSUER: DEV_TOKEN_CLAIMS.issuer,
        JWT_AUDIENCE: DEV_TOKEN_CLAIMS.audience,
        JWT_PUBLIC_JWK: publicKey,
        AWS_REGION: 'eu-west-1',
      });
      const event = apiGatewayEvent('{ decisions(first: 5) { totalCount edges { node { id title } } } }', authHeaders(lambdaToken));
      cold = await measureColdStart(bundle.path, lambdaEnv(apiTable.tableName), event, 5);
      log(`cold start (log of ${smallLog.position} events): ${cold.runs.map((r) => Math.round(r.ms)).join(', ')} ms -> median ${Math.round(cold.median.ms)} ms (import done at ${Math.round(cold.median.importedMs)} ms, first request ${Math.round(cold.median.firstRequestMs)} ms)`);
      if (!options.has('skip-cold-100k')) {
        cold100k = await coldStart(bundle.path, lambdaEnv(logTable.tableName), event);
        log(`cold start on the ${EVENTS}-event log: ${Math.round(cold100k.ms)} ms (first request ${Math.round(cold100k.firstRequestMs)} ms), rss ${Math.round(cold100k.rssMb)} MB`);
        const snapshots = await writeLogSnapshots(logTable, 'bench-log-snapshots');
        log(`  log snapshots: ${snapshots.chunks} chunks up to position ${snapshots.covered}, written in ${Math.round(snapshots.ms)} ms`);
        const withSnapshots = await coldStart(bundle.path, { ...lambdaEnv(logTable.tableName), SNAPSHOTS_TABLE: 'bench-log-snapshots' }, event);
        cold100kSnapshots = { ...withSnapshots, snapshots };
        log(`cold start on the ${EVENTS}-event log with SNAPSHOTS_TABLE: ${Math.round(withSnapshots.ms)} ms (first request ${Math.round(withSnapshots.firstRequestMs)} ms), rss ${Math.round(withSnapshots.rssMb)} MB`);
      }
    }

    // --- the alert evaluator on the big log (after the cold starts: its rules and alerts join the log) --
    const alerts = options.has('skip-alerts') ? null : await benchAlerts(logTable.store);

    // --- the web view ---------------------------------------------------------------------------------
    const web = options.has('skip-web') ? null : await measureWeb(dynamo.endpoint);

    // --- results -----------------------------------------------------------------------------------
    const goals: Goal[] = [
      ...multiprocessGoals,
      { key: 'api_floor_ratio', label: 'recordDecision / minimal yoga server sending the same transaction (p50)', value: append.floorRatio!, goal: { op: '<=', limit: 1.15 }, note: `${round(append.http.p50)} / ${round(append.floor!.p50)} ms (p99 ${round(append.http.p99)} / ${round(append.floor!.p99)})` },
      { key: 'append_overhead_ratio', label: 'recordDecision / raw TransactWriteItems (p50)', value: append.ratio, goal: { op: '<=', limit: 1.5 }, note: `${round(append.http.p50)} / ${round(append.raw.p50)} ms; store.append ${round(append.store.p50)} ms` },
      { key: 'contention_throughput_ratio', label: '8 writers / sequential raw tx (per s)', value: contention.ratio, goal: { op: '>=', limit: 0.8 }, note: `${round(contention.mutationsPerSecond)} / ${round((contention.rawPerSecond[0] + contention.rawPerSecond[1]) / 2)}; gaps ${contention.gaps}, dups ${contention.duplicates}, lost ${contention.lost}` },
      { key: 'read_overhead_ratio', label: 'decisions(first: 50) / consistent Query (p50)', value: read.ratio, goal: { op: '<=', limit: 1.5 }, note: `${round(read.http.p50)} / ${round(read.query50.p50)} ms on ${caughtUp.position} events` },
      { key: 'replay_events_per_s', label: 'rebuild every read model from DynamoDB', value: replay.eventsPerSecond, note: `${replay.events} events in ${Math.round(replay.rebuildMs)} ms` },
      { key: 'replay_overhead_ratio', label: 'rebuild / read only', value: replay.ratio, goal: { op: '<=', limit: 1.25 }, note: `${Math.round(replay.rebuildMs)} / ${Math.round(replay.readMs)} ms (best of ${rounds})` },
      { key: 'fold_events_per_s', label: 'fold in memory (log cache + views)', value: fold.eventsPerSecond, goal: { op: '>=', limit: 1_000_000 }, note: `${round(fold.ms)} ms for ${replay.log.length}` },
      ...(imported
        ? [
            { key: 'import_rows_per_s', label: `npm run import: allocation rows over HTTP`, value: imported.rowsPerSecond, note: `${imported.rows} rows in ${round(imported.seconds)} s, validation included, ${imported.concurrency} in flight` },
            { key: 'import_append_ratio', label: 'import rows/s / store.append/s', value: imported.ratio, note: `${Math.round(imported.rowsPerSecond)} / ${Math.round(imported.appendsPerSecond)} per s, same events, same concurrency` },
          ]
        : []),
      { key: 'search_p50_ms', label: 'search(query, first: 20) on the big log', value: searched.latency.p50, note: `p99 ${round(searched.latency.p99)} ms; first search (builds the index) ${Math.round(searched.firstMs)} ms; ${searched.meanHits} hits on average` },
      { key: 'asof_p50_ms', label: `priorities(asOf) at a random past instant`, value: asOf.latency.p50, goal: { op: '<=', limit: 20 }, note: `p99 ${round(asOf.latency.p99)} ms, n ${asOf.latency.n}${asOf.atPosition ? `; atPosition p50 ${round(asOf.atPosition.p50)} ms` : ''}; args (${asOf.args})` },
      ...(bundle ? [{ key: 'bundle_bytes', label: 'Lambda bundle (index.mjs)', value: bundle.bytes, goal: { op: '<=' as const, limit: 1_500_000 }, note: `${bundle.totalBytes} with source map` }] : []),
      ...(cold ? [{ key: 'cold_start_ms', label: 'fresh node: import bundle + first request', value: cold.median.ms, goal: { op: '<=' as const, limit: 300 }, note: `import ${Math.round(cold.median.importedMs)} ms + request ${Math.round(cold.median.firstRequestMs)} ms` }] : []),
      ...(cold100k && cold100kSnapshots
        ? [
            { key: 'cold_start_full_log_ms', label: `cold start, first request catches up ${EVENTS} events`, value: cold100k.ms, note: `first request ${Math.round(cold100k.firstRequestMs)} ms, rss ${Math.round(cold100k.rssMb)} MB` },
            { key: 'cold_start_full_log_snapshots_ms', label: 'the same from log snapshots', value: cold100kSnapshots.ms, note: `${round(cold100k.ms / cold100kSnapshots.ms)}x faster; ${cold100kSnapshots.snapshots.chunks} chunks; rss ${Math.round(cold100kSnapshots.rssMb)} MB` },
          ]
        : []),
      ...(web ? webGoals(web) : []),
      ...(alerts ? alertGoals(alerts) : []),
      { key: 'rss_mb_100k', label: `API process RSS with ${caughtUp.position} events`, value: memory.rss / 2 ** 20, goal: { op: '<=', limit: 300 }, note: `heap ${round(afterGc.heapUsed / 2 ** 20)} MB after GC; ${round(smallLog.rss / 2 ** 20)} MB with ${smallLog.position} events; ${cold100k ? `bundle process ${round(cold100k.rssMb)} MB; ` : ''}${round(afterAsOf.rss / 2 ** 20)} MB after the asOf queries` },
    ];

    const met = (g: Goal) => (!g.goal ? '' : (g.goal.op === '<=' ? g.value <= g.goal.limit : g.value >= g.goal.limit) ? 'met' : 'MISSED');
    const rows = goals.map((g) => [g.key, String(round(g.value)), g.goal ? `${g.goal.op} ${g.goal.limit}` : '', met(g), g.note]);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['metric', 'value', 'goal', ''][i]!.length));
    const line = (r: string[]) => r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  ');
    console.log(`\n${line(['metric', 'value', 'goal', ''])}  baseline / notes`);
    for (const row of rows) console.log(line(row));

    const results = {
      ...Object.fromEntries(goals.map((g) => [g.key, round(g.value)])),
      machine,
      date: new Date().toISOString(),
      events: EVENTS,
      goals_missed: goals.filter((g) => met(g) === 'MISSED').map((g) => g.key),
      details: {
        seconds: Math.round((performance.now() - benchStarted) / 1000),
        append,
        contention,
        multiprocess,
        seed: { ...seed, ms: Math.round(seed.ms), eventsPerSecond: Math.round(seed.eventsPerSecond) },
        replay: { events: replay.events, readMs: replay.readMs, rebuildMs: replay.rebuildMs, rounds: replay.rounds, mismatches: replay.mismatches },
        fold,
        apiCatchUpMs: caughtUp.ms,
        read,
        asOf,
        search: searched,
        memory: {
          rssMb: memory.rss / 2 ** 20,
          heapUsedMb: memory.heapUsed / 2 ** 20,
          afterGcRssMb: afterGc.rss / 2 ** 20,
          afterGcHeapUsedMb: afterGc.heapUsed / 2 ** 20,
          afterAsOfRssMb: afterAsOf.rss / 2 ** 20,
          smallLogRssMb: smallLog.rss / 2 ** 20,
          smallLogEvents: smallLog.position,
          bundleProcessRssMb: cold100k?.rssMb ?? null,
          afterAsOfHeapUsedMb: afterAsOf.heapUsed / 2 ** 20,
        },
        bundle: bundle && { bytes: bundle.bytes, totalBytes: bundle.totalBytes, synthMs: bundle.synthMs },
        coldStart: cold,
        coldStartFullLog: cold100k,
        coldStartFullLogWithSnapshots: cold100kSnapshots,
        web,
        alerts,
      },
    };
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${relative(process.cwd(), RESULTS)} (${Math.round((performance.now() - benchStarted) / 1000)} s)`);
  } finally {
    for (const client of clients) client.close();
    for (const api of apis) await api.stop().catch(() => undefined);
    await dynamo?.stop();
    if (!options.has('keep')) rmSync(runDir, { recursive: true, force: true });
  }
}

(options.has('web-only') ? webOnly() : options.has('alerts-only') ? alertsOnly() : main()).catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

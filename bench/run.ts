/**
 * `npm run bench [-- --events 100000 --samples 150 --skip-bundle --skip-web --keep]`
 * `npm run bench -- --web-only`: only the web view (first page's JavaScript, time to first render),
 * its keys merged into an existing bench-results.json.
 * `npm run bench -- --delivery-only [--delivery-per-writer 50]`: only webhook delivery lag (1 and 10
 * webhooks under the contention workload), merged the same way; `--skip-delivery` leaves it out.
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
import { median, round } from './lib/stats.ts';
import { measureAppendOverhead } from './measure/append.ts';
import { apiGatewayEvent, buildBundle, coldStart, measureColdStart, viewSnapshotColdStart } from './measure/bundle.ts';
import { measureContention } from './measure/contention.ts';
import { measureDeliveryRun, type DeliveryRun } from './measure/delivery.ts';
import { measureMultiprocess, type MultiprocessRun } from './measure/multiprocess.ts';
import { measureAsOf, measureReadOverhead } from './measure/reads.ts';
import { measureSearch } from './measure/search.ts';
import { measureImport } from './measure/import.ts';
import { measureFold, measureReplay } from './measure/replay.ts';
import { writeLogSnapshots } from './measure/snapshots.ts';
import { measureScale, type ScalePoint } from './measure/scale.ts';
import { measureWebView, type WebViewResult } from './measure/web.ts';
import { seedLog } from './seed/seed.ts';
import { measureAlerts, type AlertsBench } from './measure/alerts.ts';
import { DynamoEventStore } from '../events/dynamodb/dynamo-event-store.ts';
import { createEventRegistry } from '../domain/registry.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FLOOR_ENTRY = fileURLToPath(new URL('./floor-server.ts', import.meta.url));
const WRITER_ENTRY = fileURLToPath(new URL('./writer-server.ts', import.meta.url));
const options = parseArgs();
const EVENTS = intOption(options, 'events', 100_000);
const SAMPLES = intOption(options, 'samples', 150);
const RESULTS = resolve(ROOT, options.get('out') ?? 'bench-results.json');
const runDir = join(ROOT, '.data', 'bench', `run-${Date.now()}`);

/**
 * Writes across processes, as [processes, writers per process, mode]: issue 16's matrix (2, 4 and 8
 * API processes with 1 and 8 writers each, through one writer process) and 8 × 4 (32 separate
 * writers, for the contention figure), each followed by its baseline, one process with as many
 * writers appending itself (so drift on the machine hits both alike); then 8 × 1 with every process
 * appending itself (the design before the writer).
 */
const MULTIPROCESS_PLAN: [number, number, 'writer' | 'direct'][] = [
  ...[[2, 1], [4, 1], [8, 1], [2, 8], [4, 8], [8, 8], [8, 4]].flatMap(([processes, writers], i, all): [number, number, 'writer' | 'direct'][] => {
    const total = processes! * writers!;
    const baseDone = all.slice(0, i).some(([p, w]) => p! * w! === total);
    return [[processes!, writers!, 'writer'], ...(baseDone ? [] : [[1, total, 'direct'] as [number, number, 'direct']])];
  }),
  [8, 1, 'direct'],
];

interface Goal {
  key: string;
  label: string;
  value: number;
  goal?: { op: '<=' | '>='; limit: number };
  note: string;
}

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const missed = (g: Goal) => !!g.goal && !(g.goal.op === '<=' ? g.value <= g.goal.limit : g.value >= g.goal.limit);

/**
 * A partial run's figures (--web-only, --delivery-only, --alerts-only, the scale mode) written into
 * the existing bench-results.json: its keys and their misses replaced, `details` added.
 */
function mergeResults(goals: Goal[], details: Record<string, unknown>, note = ''): void {
  const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, any>) : {};
  const keys = new Set(goals.map((g) => g.key));
  const results = {
    ...previous,
    ...Object.fromEntries(goals.map((g) => [g.key, round(g.value)])),
    goals_missed: [...((previous.goals_missed ?? []) as string[]).filter((key) => !keys.has(key)), ...goals.filter(missed).map((g) => g.key)],
    details: { ...previous.details, ...details },
  };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${relative(process.cwd(), RESULTS)}${note}`);
}

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
    mergeResults(goals, { web, webDate: new Date().toISOString() });
  } finally {
    await dynamo.stop();
    if (!options.has('keep')) rmSync(runDir, { recursive: true, force: true });
  }
}

/** Webhook delivery lag with 1 and 10 webhooks under the contention workload, against the appends of the same runs. */
async function measureDelivery(endpoint: string, env: (table: string) => Record<string, string>, headers: Record<string, string>): Promise<{ goals: Goal[]; runs: DeliveryRun[] }> {
  const perClient = intOption(options, 'delivery-per-writer', Math.max(10, Math.round(SAMPLES / 3)));
  const pollMs = intOption(options, 'delivery-poll-ms', 250);
  const runs: DeliveryRun[] = [];
  for (const webhooks of [1, 10]) {
    log(`delivery: ${webhooks} webhook(s) on loopback receivers, 8 writers × ${perClient} decisions, the local dispatcher (poll ${pollMs} ms)`);
    const run = await measureDeliveryRun({ endpoint, env, headers, webhooks, clients: 8, perClient, pollMs });
    runs.push(run);
    log(`  lag p50 ${round(run.lag.p50)} ms, p99 ${round(run.lag.p99)} ms (from recordedAt p50 ${round(run.lagFromRecordedAt.p50)}); append p50 ${round(run.append.p50)} ms, p99 ${round(run.append.p99)} ms; ${round(run.mutationsPerSecond)} mutations/s; drained ${Math.round(run.drainMs)} ms after the writers (${round(run.deliveriesPerSecond)} deliveries/s; POST p50 ${round(run.post.p50)} ms); missing ${run.missing}, duplicates ${run.duplicates}, out of order ${run.outOfOrder}, unverified ${run.unverified}`);
  }
  const [one, ten] = runs as [DeliveryRun, DeliveryRun];
  const note = (run: DeliveryRun) =>
    `append p50/p99 ${round(run.append.p50)}/${round(run.append.p99)} ms; ${run.decisions} decisions × ${run.webhooks}; missing ${run.missing}, dups ${run.duplicates}, out of order ${run.outOfOrder}`;
  const goals: Goal[] = [
    { key: 'delivery_lag_p50_ms_1', label: 'webhook delivery lag, append ack to receiver, 1 webhook (p50)', value: one.lag.p50, note: note(one) },
    { key: 'delivery_lag_p99_ms_1', label: 'the same (p99)', value: one.lag.p99, note: `from recordedAt p50/p99 ${round(one.lagFromRecordedAt.p50)}/${round(one.lagFromRecordedAt.p99)} ms` },
    { key: 'delivery_lag_p50_ms_10', label: 'webhook delivery lag, 10 webhooks (p50)', value: ten.lag.p50, note: note(ten) },
    { key: 'delivery_lag_p99_ms_10', label: 'the same (p99)', value: ten.lag.p99, note: `from recordedAt p50/p99 ${round(ten.lagFromRecordedAt.p50)}/${round(ten.lagFromRecordedAt.p99)} ms` },
    { key: 'delivery_lag_ratio', label: 'delivery lag p50 with 10 webhooks / append p50 (same run)', value: ten.lag.p50 / ten.append.p50, note: `${round(ten.lag.p50)} / ${round(ten.append.p50)} ms` },
  ];
  return { goals, runs };
}

/** `--delivery-only`: the delivery figures alone, merged into the results file. */
async function deliveryOnly(): Promise<void> {
  mkdirSync(runDir, { recursive: true });
  const dynamo = await startDynamo();
  try {
    const headers = authHeaders(await mintDevToken(runDir));
    const env = (table: string) => ({ DYNAMODB_ENDPOINT: dynamo.endpoint, EVENTS_TABLE: table, DATA_DIR: runDir });
    const { goals, runs } = await measureDelivery(dynamo.endpoint, env, headers);
    for (const g of goals) console.log(`${g.key}  ${round(g.value)}  ${g.note}`);
    mergeResults(goals, { delivery: runs, deliveryDate: new Date().toISOString(), deliveryMachine: describeMachine() });
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
    mergeResults(goals, { alerts, alertsDate: new Date().toISOString(), alertsMachine: describeMachine() });
  } finally {
    await dynamo.stop();
    if (!options.has('keep')) rmSync(runDir, { recursive: true, force: true });
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
    /** The goal's pair (8 × 1 through the writer, 1 × 8 direct) measured again, in alternating order. */
    const goalRounds: { run: MultiprocessRun; base: MultiprocessRun }[] = [];
    if (!options.has('skip-multiprocess')) {
      const perWriter = intOption(options, 'mp-per-writer', Math.max(20, Math.round(SAMPLES / 3)));
      const warmUp = intOption(options, 'mp-warm-up', 40);
      // Each run records about as many decisions as 8 writers of `perWriter` (at least 5 per writer),
      // so the 64-writer runs take no longer than the 8-writer ones; a run and its baseline (one
      // process with the same number of writers) always record the same number.
      const perWriterAt = (writers: number) => Math.max(5, Math.ceil((perWriter * 8) / Math.max(8, writers)));
      /** One run of the plan, or (with `roundOfPair`) of the goal's pair. */
      const measure = async (processes: number, writersPerProcess: number, mode: 'writer' | 'direct', roundOfPair?: number) => {
        const suffix = roundOfPair === undefined ? '' : ` (round ${roundOfPair})`;
        const run = await measureMultiprocess({
          endpoint: dynamo!.endpoint, env, headers, table: `bench-mp-${processes}x${writersPerProcess}-${mode}${roundOfPair ?? ''}`,
          processes, writersPerProcess, perWriter: roundOfPair === undefined ? perWriterAt(processes * writersPerProcess) : Math.max(60, perWriter), mode, warmUp, dynamoPid: dynamo!.process.pid,
        });
        const cpu = run.cpuMsPerMutation;
        log(`multiprocess ${run.label}${suffix}: ${round(run.mutationsPerSecond)} mutations/s, p50 ${round(run.latency.p50)} ms, p99 ${round(run.latency.p99)} ms; errors ${run.errorCount} ${JSON.stringify(run.errors)}, gaps ${run.gaps}, dups ${run.duplicates}, lost ${run.lost}, integrity ${run.integrityOk ? 'ok' : 'FAILED'}; CPU ms per mutation: API processes ${round(cpu.api)}${cpu.writer === null ? '' : `, writer ${round(cpu.writer)}`}${cpu.dynamo === null ? '' : `, DynamoDB Local ${round(cpu.dynamo)}`}, clients ${round(cpu.clients)}`);
        return run;
      };
      for (const [processes, writersPerProcess, mode] of MULTIPROCESS_PLAN) multiprocess.push(await measure(processes, writersPerProcess, mode));
      // Each run warms DynamoDB Local's JIT for the next, so a single pair favours whichever ran
      // second: the goal's pair runs again in rounds of alternating order, and the goal is the
      // median of the rounds' ratios. Those runs record at least 480 decisions each: a second or two
      // of appends, where --samples 60 gives the plan's runs half a second.
      for (let n = 1; n <= intOption(options, 'mp-rounds', 4); n += 1) {
        const order = n % 2 === 1 ? (['writer', 'direct'] as const) : (['direct', 'writer'] as const);
        const pair: Partial<Record<'writer' | 'direct', MultiprocessRun>> = {};
        for (const mode of order) pair[mode] = await measure(mode === 'writer' ? 8 : 1, mode === 'writer' ? 1 : 8, mode, n);
        goalRounds.push({ run: pair.writer!, base: pair.direct! });
      }
    }
    const mpRun = (p: number, w: number, mode: 'writer' | 'direct') => multiprocess.find((r) => r.processes === p && r.writersPerProcess === w && r.mode === mode);
    // The issue's matrix: each run through the writer against one process with as many writers.
    const matrix = multiprocess
      .filter((run) => run.mode === 'writer')
      .flatMap((run) => {
        const base = mpRun(1, run.processes * run.writersPerProcess, 'direct');
        return base ? [{ run, base, ratio: run.mutationsPerSecond / base.mutationsPerSecond }] : [];
      });
    for (const { run, base, ratio } of matrix) {
      log(`  ${run.label} / ${base.label}: ${round(ratio)} (${round(run.mutationsPerSecond)} / ${round(base.mutationsPerSecond)} per s); p50 ${round(run.latency.p50)} / ${round(base.latency.p50)} ms, p99 ${round(run.latency.p99)} / ${round(base.latency.p99)} ms; errors ${run.errorCount} / ${base.errorCount}, gaps ${run.gaps} / ${base.gaps}`);
    }
    const roundRatios = goalRounds.map(({ run, base }) => run.mutationsPerSecond / base.mutationsPerSecond);
    const roundsDetail = goalRounds.map(({ run, base }, i) => ({
      ratio: roundRatios[i],
      perSecond: { run: run.mutationsPerSecond, base: base.mutationsPerSecond },
      cpuMsPerMutation: { run: run.cpuMsPerMutation, base: base.cpuMsPerMutation },
      errors: { run: run.errors, base: base.errors },
    }));
    const writerRuns = goalRounds.map((g) => g.run);
    const baseRuns = goalRounds.map((g) => g.base);
    const total = (runs: MultiprocessRun[], of: (run: MultiprocessRun) => number) => runs.reduce((sum, run) => sum + of(run), 0);
    const mean = (runs: MultiprocessRun[], of: (run: MultiprocessRun) => number) => total(runs, of) / runs.length;
    const cpuSum = ({ cpuMsPerMutation: cpu }: MultiprocessRun) => cpu.api + (cpu.writer ?? 0) + (cpu.dynamo ?? 0) + cpu.clients;
    const mpBase = mpRun(1, 8, 'direct');
    const mpDirect = mpRun(8, 1, 'direct');
    const mp32 = mpRun(8, 4, 'writer');
    const errorsAt8 = total(writerRuns, (r) => r.errorCount);
    const multiprocessGoals: Goal[] = goalRounds.length && mpBase && mpDirect && mp32
      ? [
          { key: 'multiprocess_throughput_ratio', label: '8 processes × 1 writer (via the writer) / 1 process × 8 writers', value: median(roundRatios), goal: { op: '>=', limit: 0.8 }, note: `median of ${roundRatios.length} rounds in alternating order: ${roundRatios.map(round).join(', ')}; ${round(mean(writerRuns, (r) => r.mutationsPerSecond))} / ${round(mean(baseRuns, (r) => r.mutationsPerSecond))} per s on average; CPU ms per mutation, all processes: ${round(mean(writerRuns, cpuSum))} / ${round(mean(baseRuns, cpuSum))}; gaps ${total(writerRuns, (r) => r.gaps)}; without the writer (each process appends): ${round(mpDirect.mutationsPerSecond / mpBase.mutationsPerSecond)}, ${mpDirect.errorCount} errors` },
          { key: 'multiprocess_contention_errors', label: 'errors at 8 and 32 separate writers (via the writer)', value: errorsAt8 + mp32.errorCount, goal: { op: '<=', limit: 0 }, note: `8 (${writerRuns.length} rounds): ${errorsAt8}, 32: ${mp32.errorCount}; without the writer at 8: ${mpDirect.errorCount} ${JSON.stringify(mpDirect.errors)}; gaps ${total(writerRuns, (r) => r.gaps) + mp32.gaps}, lost ${total(writerRuns, (r) => r.lost) + mp32.lost}` },
        ]
      : [];
    if (options.has('multiprocess-only')) {
      for (const g of multiprocessGoals) console.log(`${g.key}  ${round(g.value)}  ${g.goal?.op} ${g.goal?.limit}  ${g.note}`);
      writeFileSync(RESULTS, `${JSON.stringify({ ...Object.fromEntries(multiprocessGoals.map((g) => [g.key, round(g.value)])), machine, date: new Date().toISOString(), details: { multiprocess, multiprocessMatrix: matrix.map(({ run, base, ratio }) => ({ run: run.label, base: base.label, ratio })), multiprocessRounds: roundsDetail } }, null, 2)}\n`);
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
      startFloor: async (template, items) => {
        const table = items ? await openTable(dynamo!.endpoint, 'bench-floor-append') : floorTable;
        const floor = await startApiProcess({ ...env(table.tableName), FLOOR_TABLE: table.tableName, FLOOR_TEMPLATE: JSON.stringify(template), ...(items ? { FLOOR_ITEMS: items } : {}) }, [], FLOOR_ENTRY);
        apis.push(floor);
        const client = new GraphQLClient(floor.url);
        clients.push(client);
        return client;
      },
      // The single writer's extra hop: an API process appending through a writer process.
      startViaWriter: async () => {
        const table = await openTable(dynamo!.endpoint, 'bench-via-writer');
        const writerProcess = await startApiProcess(env(table.tableName), [], WRITER_ENTRY);
        apis.push(writerProcess);
        const api = await startApiProcess({ ...env(table.tableName), WRITER_URL: writerProcess.url });
        apis.push(api);
        const client = new GraphQLClient(api.url, headers);
        clients.push(client);
        return client;
      },
    });
    log(`  http p50 ${round(append.http.p50)} ms, yoga floor p50 ${round(append.floor!.p50)} ms, store p50 ${round(append.store.p50)} ms, raw p50 ${round(append.raw.p50)} ms -> ${round(append.ratio)}; over the floor ${round(append.floorRatio!)}`);
    log(`  floor sending the store's 4 items (idempotency item, head guard): p50 ${round(append.floorAppend!.p50)} ms; recordDecision over it ${round(append.floorAppendRatio!)}`);
    log(`  through a writer process: p50 ${round(append.viaWriter!.p50)} ms, p99 ${round(append.viaWriter!.p99)} ms (the writer's hop: +${round(append.viaWriter!.p50 - append.http.p50)} ms at p50)`);
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
    const delivery = options.has('skip-delivery') ? null : await measureDelivery(dynamo.endpoint, env, headers);

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
    let cold100kViews: Awaited<ReturnType<typeof viewSnapshotColdStart>> | null = null;
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
        const withSnapshots = await coldStart(bundle.path, { ...lambdaEnv(logTable.tableName), SNAPSHOTS_TABLE: 'bench-log-snapshots', VIEW_SNAPSHOT_EVERY: '0' }, event);
        cold100kSnapshots = { ...withSnapshots, snapshots };
        log(`cold start on the ${EVENTS}-event log with SNAPSHOTS_TABLE (log chunks only): ${Math.round(withSnapshots.ms)} ms (first request ${Math.round(withSnapshots.firstRequestMs)} ms), rss ${Math.round(withSnapshots.rssMb)} MB`);
        cold100kViews = await viewSnapshotColdStart(bundle.path, { ...lambdaEnv(logTable.tableName), SNAPSHOTS_TABLE: 'bench-log-snapshots' }, event);
        log(`cold start on the ${EVENTS}-event log from a view snapshot: ${Math.round(cold100kViews.ms)} ms, the median of ${cold100kViews.runsMs.map(Math.round).join(', ')} (first request ${Math.round(cold100kViews.firstRequestMs)} ms), rss ${Math.round(cold100kViews.rssMb)} MB; the snapshot written by the bundle's alert run in ${Math.round(cold100kViews.primeMs)} ms`);
      }
    }

    // --- the alert evaluator on the big log (after the cold starts: its rules and alerts join the log) --
    const alerts = options.has('skip-alerts') ? null : await benchAlerts(logTable.store);

    // --- the web view ---------------------------------------------------------------------------------
    const web = options.has('skip-web') ? null : await measureWeb(dynamo.endpoint);

    // --- results -----------------------------------------------------------------------------------
    const goals: Goal[] = [
      ...multiprocessGoals,
      // The issue's floor "sends the same TransactWriteItems": the 4 items recordDecision's append sends.
      { key: 'api_floor_ratio', label: 'recordDecision / minimal yoga server sending the same transaction (p50)', value: append.floorAppendRatio!, goal: { op: '<=', limit: 1.15 }, note: `${round(append.http.p50)} / ${round(append.floorAppend!.p50)} ms (p99 ${round(append.http.p99)} / ${round(append.floorAppend!.p99)}): stream, feed and idempotency items and the head guard on both sides` },
      { key: 'api_floor_ratio_two_items', label: 'recordDecision / the floor sending only the stream and feed items (p50)', value: append.floorRatio!, note: `${round(append.http.p50)} / ${round(append.floor!.p50)} ms: the idempotency item and the head guard counted as the API's cost` },
      ...(append.viaWriter ? [{ key: 'writer_hop_p50_ms', label: 'recordDecision through a writer process, minus direct (p50)', value: append.viaWriter.p50 - append.http.p50, note: `${round(append.viaWriter.p50)} / ${round(append.http.p50)} ms (p99 ${round(append.viaWriter.p99)} / ${round(append.http.p99)})` }] : []),
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
            ...(cold100kViews
              ? [{ key: 'cold_start_100k_ms', label: `the same from a view snapshot (${EVENTS} events)`, value: cold100kViews.ms, goal: { op: '<=' as const, limit: 400 }, note: `median of ${cold100kViews.runsMs.map(Math.round).join(', ')} ms; first request ${Math.round(cold100kViews.firstRequestMs)} ms, rss ${Math.round(cold100kViews.rssMb)} MB; ${round(cold100k.ms / cold100kViews.ms)}x faster than cold_start_full_log_ms` }]
              : []),
          ]
        : []),
      ...(web ? webGoals(web) : []),
      ...(delivery?.goals ?? []),
      ...(alerts ? alertGoals(alerts) : []),
      { key: 'rss_mb_100k', label: `API process RSS with ${caughtUp.position} events`, value: memory.rss / 2 ** 20, goal: { op: '<=', limit: 300 }, note: `heap ${round(afterGc.heapUsed / 2 ** 20)} MB after GC; ${round(smallLog.rss / 2 ** 20)} MB with ${smallLog.position} events; ${cold100k ? `bundle process ${round(cold100k.rssMb)} MB; ` : ''}${round(afterAsOf.rss / 2 ** 20)} MB after the asOf queries` },
    ];

    const met = (g: Goal) => (!g.goal ? '' : missed(g) ? 'MISSED' : 'met');
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
        multiprocessMatrix: matrix.map(({ run, base, ratio }) => ({ run: run.label, base: base.label, ratio })),
        multiprocessRounds: roundsDetail,
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
        coldStartFromViewSnapshot: cold100kViews,
        web,
        delivery: delivery?.runs ?? null,
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

/**
 * `--events 1000000` (or `--scale --events N`): the read path at scale alone (bench/measure/scale.ts): cold start, RSS and asOf
 * at 100 000 and at 1 000 000 events of one log built fast, merged into the results file. DynamoDB
 * Local keeps the log in memory (about 3 GB at a million events), or on disk with --scale-on-disk
 * (far slower to build).
 */
async function scaleOnly(): Promise<void> {
  const started = performance.now();
  mkdirSync(runDir, { recursive: true });
  const machine = describeMachine();
  log(`decision-ledger bench, read path at scale: up to ${EVENTS} events; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  const dynamo = await startDynamo(options.has('scale-on-disk') ? { dataDir: join(runDir, 'dynamodb') } : {});
  try {
    // Batches of 25 on a loaded machine and an on-disk database: more than the default 3 s per request.
    const table = await openTable(dynamo.endpoint, 'bench-scale', 60_000);
    const bundle = buildBundle(join(runDir, 'cdk.out'), 'bench');
    const org = bundle.environment.ORG ?? 'bench';
    const lambdaToken = await mintDevToken(runDir, BENCH_ADMIN, org);
    const lambdaEnv = {
      ...bundle.environment,
      EVENTS_TABLE: table.tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      JWT_ISSUER: DEV_TOKEN_CLAIMS.issuer,
      JWT_AUDIENCE: DEV_TOKEN_CLAIMS.audience,
      JWT_PUBLIC_JWK: await devPublicJwk(runDir),
      AWS_REGION: 'eu-west-1',
    };
    const points = await measureScale({
      table,
      snapshotsTable: 'bench-scale-snapshots',
      points: [...new Set([Math.min(100_000, EVENTS), EVENTS])],
      bundlePath: bundle.path,
      lambdaEnv,
      apiEnv: { DYNAMODB_ENDPOINT: dynamo.endpoint, EVENTS_TABLE: table.tableName, DATA_DIR: runDir },
      headers: authHeaders(await mintDevToken(runDir)),
      event: apiGatewayEvent('{ decisions(first: 5) { totalCount edges { node { id title } } } }', authHeaders(lambdaToken)),
      lambdaEvent: (query, variables) => apiGatewayEvent(query, authHeaders(lambdaToken), variables),
      samples: SAMPLES,
      log,
    });
    const last = points[points.length - 1]!;
    // The 1m keys only from a run that reached a million events.
    const reached = last.events >= 1_000_000;
    const first = points[0]!;
    const growth = (f: (p: ScalePoint) => number) => `${round(f(first))} at ${first.events}`;
    const at100k = points.find((p) => p.events >= 100_000 && p.coldStartFullLog);
    const goals: Goal[] = [
      ...(at100k
        ? [{ key: 'cold_start_100k_ms', label: `cold start from a view snapshot, ${at100k.events} events`, value: at100k.coldStart.ms, goal: { op: '<=' as const, limit: 400 }, note: `median of ${at100k.coldStart.runsMs.map(Math.round).join(', ')} ms; first request ${Math.round(at100k.coldStart.firstRequestMs)} ms, rss ${Math.round(at100k.coldStart.rssMb)} MB; folding the whole log: ${Math.round(at100k.coldStartFullLog!.ms)} ms, rss ${Math.round(at100k.coldStartFullLog!.rssMb)} MB` }]
        : []),
      ...(reached
        ? [
            { key: 'cold_start_1m_ms', label: `cold start from a view snapshot, ${last.events} events`, value: last.coldStart.ms, goal: { op: '<=' as const, limit: 1000 }, note: `median of ${last.coldStart.runsMs.map(Math.round).join(', ')} ms; first request ${Math.round(last.coldStart.firstRequestMs)} ms, rss ${Math.round(last.coldStart.rssMb)} MB; ${growth((p) => p.coldStart.ms)} ms` },
            { key: 'rss_mb_1m', label: `API RSS, ${last.events} events: the Lambda bundle's peak`, value: last.bundle.maxRssMb, goal: { op: '<=' as const, limit: 400 }, note: `peak of a cold start, ${last.bundle.asOf.n} asOf queries and a request reading every view (${round(last.bundle.rssMb)} MB at the end); ${growth((p) => p.bundle.maxRssMb)} MB; the API process from source (tsx loader): after the asOf queries ${round(last.rssAfterAsOfMb)} MB, after the every-view request ${round(last.rssAfterAllViewsMb)} MB (${round(last.rssMb)} MB caught up, after GC); one that folded the log itself: ${round(last.folded.rssMb)} MB` },
            { key: 'asof_p99_ms_1m', label: `priorities(asOf) p99, ${last.events} events`, value: last.asOf.p99, goal: { op: '<=' as const, limit: 50 }, note: `p50 ${round(last.asOf.p50)} ms, n ${last.asOf.n}; at ${first.events}: p50 ${round(first.asOf.p50)}, p99 ${round(first.asOf.p99)} ms` },
          ]
        : []),
    ];
    for (const g of goals) console.log(`${g.key}  ${round(g.value)}  ${g.goal!.op} ${g.goal!.limit}  ${g.note}`);
    mergeResults(goals, { scale: { points, machine, date: new Date().toISOString(), seconds: Math.round((performance.now() - started) / 1000) } }, ` (${Math.round((performance.now() - started) / 1000)} s)`);
  } finally {
    await dynamo.stop();
    if (!options.has('keep')) rmSync(runDir, { recursive: true, force: true });
  }
}

(options.has('web-only') ? webOnly() : options.has('delivery-only') ? deliveryOnly() : options.has('alerts-only') ? alertsOnly() : EVENTS >= 1_000_000 || options.has('scale') ? scaleOnly() : main()).catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

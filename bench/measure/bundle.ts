import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { functionBundle, lambdaBundles } from '../../infra/assets.ts';
import { OrgStack } from '../../infra/org-stack.ts';
import { median } from '../lib/stats.ts';

const HARNESS = fileURLToPath(new URL('../cold-start.mjs', import.meta.url));
const CDK_JSON = fileURLToPath(new URL('../../cdk.json', import.meta.url));

export interface Bundle {
  /** index.mjs, without the source map: what the 1.5 MB goal is about. */
  bytes: number;
  /** Everything in the asset (source map included). */
  totalBytes: number;
  path: string;
  /** The function's environment as the stack deploys it (strings only). */
  environment: Record<string, string>;
  synthMs: number;
}

/** Synthesizes one organisation's stack the way `cdk synth` does (NodejsFunction, local esbuild) and finds its Lambda bundle. */
export function buildBundle(outdir: string, org: string): Bundle {
  mkdirSync(outdir, { recursive: true });
  const started = performance.now();
  const { context } = JSON.parse(readFileSync(CDK_JSON, 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ outdir, context });
  const stack = new OrgStack(app, 'BenchBundle', { org });
  // The API function's bundle (the stack also bundles the writer function).
  const bundle = functionBundle(lambdaBundles(app.synth()), Template.fromStack(stack).toJSON(), 'GraphqlFunction');
  const variables = bundle.environment;
  const environment = Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return { bytes: bundle.codeBytes, totalBytes: bundle.totalBytes, path: join(bundle.dir, 'index.mjs'), environment, synthMs: performance.now() - started };
}

export interface ColdStart {
  /** From spawning `node` to having the first answer (node boot, import, init, first request). */
  ms: number;
  /** ms since process start when the bundle's import finished. */
  importedMs: number;
  /** The first request alone (catch-up of the log included). */
  firstRequestMs: number;
  /** CPU time (user + system) of the process up to the answer, and up to the end of the import. */
  cpuMs: number;
  importedCpuMs: number;
  rssMb: number;
  /** What the process said about its snapshots (their warnings: one not used, one not written). */
  snapshotWarnings: string[];
  status: number;
  /** With `then`: the requests answered after the first, one at a time, as a warm instance serves them. */
  then?: {
    ms: number[];
    /** RSS once they are answered. */
    rssMb: number;
    /** The process's peak RSS (getrusage maxrss): what Lambda reports as Max Memory Used. */
    maxRssMb: number;
  };
}

/** `events` in a file of their own (too many for an environment variable). */
function eventsFile(events: unknown[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-then-')), 'events.json');
  writeFileSync(file, JSON.stringify(events));
  return file;
}

/** One fresh process: import the bundle, answer `event` (then each of `then`, in turn), report. */
export function coldStart(bundlePath: string, env: Record<string, string>, event: unknown, then?: unknown[]): Promise<ColdStart> {
  return new Promise((resolve, reject) => {
    const thenFile = then ? eventsFile(then) : null;
    const started = performance.now();
    const child = fork(HARNESS, [bundlePath], {
      // Not this process's flags (tsx's loader): a bare `node`, as the Lambda runtime starts it.
      execArgv: [],
      env: { PATH: process.env.PATH ?? '', ...env, BENCH_EVENT: JSON.stringify(event), ...(thenFile ? { BENCH_THEN_FILE: thenFile } : {}) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.once('message', (message: { importedMs: number; answeredMs: number; importedCpuMs: number; answeredCpuMs: number; rss: number; status: number; body: string; then?: { ms: number[]; rss: number; maxRss: number; failed: string | null } }) => {
      const ms = performance.now() - started;
      // The scheduled alert run answers an AlertRun, not an HTTP response.
      const alertRun = (event as { action?: unknown }).action === 'evaluate-alerts';
      if (!alertRun && (message.status !== 200 || /"errors"/.test(message.body))) {
        reject(new Error(`cold start answered ${message.status}: ${message.body}\n${output}`));
        return;
      }
      if (message.then?.failed) {
        reject(new Error(`a request after the cold start failed: ${message.then.failed}\n${output}`));
        return;
      }
      resolve({
        ms,
        importedMs: message.importedMs,
        firstRequestMs: message.answeredMs - message.importedMs,
        cpuMs: message.answeredCpuMs,
        importedCpuMs: message.importedCpuMs,
        rssMb: message.rss / 2 ** 20,
        snapshotWarnings: output.split('\n').filter((line) => /snapshot/i.test(line)),
        status: message.status,
        ...(message.then ? { then: { ms: message.then.ms, rssMb: message.then.rss / 2 ** 20, maxRssMb: message.then.maxRss / 2 ** 20 } } : {}),
      });
    });
    child.once('exit', (code) => {
      if (thenFile) rmSync(dirname(thenFile), { recursive: true, force: true });
      if (code !== 0) reject(new Error(`cold start process exited with ${code}:\n${output}`));
    });
  });
}

/** `runs` cold starts, one after the other; the median counts. */
export async function measureColdStart(bundlePath: string, env: Record<string, string>, event: unknown, runs: number): Promise<{ median: ColdStart; runs: ColdStart[] }> {
  const results: ColdStart[] = [];
  for (let i = 0; i < runs; i += 1) results.push(await coldStart(bundlePath, env, event));
  const byMs = [...results].sort((a, b) => a.ms - b.ms);
  const mid = byMs[Math.floor((byMs.length - 1) / 2)]!;
  return { median: { ...mid, ms: median(results.map((r) => r.ms)) }, runs: results };
}

/**
 * A cold start from a view snapshot: first the bundle writes one itself (its scheduled alert run
 * catches up and waits for the snapshot: a snapshot is used only by the code that wrote it), then
 * `runs` fresh processes answer `event` from it, one after the other; the median counts (a single
 * cold start on this shared machine varies by a few hundred ms).
 */
export async function viewSnapshotColdStart(bundlePath: string, env: Record<string, string>, event: unknown, runs = 3): Promise<ColdStart & { primeMs: number; runsMs: number[] }> {
  const prime = await coldStart(bundlePath, env, { action: 'evaluate-alerts' });
  const measured = await measureColdStart(bundlePath, env, event, runs);
  return { ...measured.median, primeMs: prime.ms, runsMs: measured.runs.map((run) => run.ms) };
}

/** An API Gateway HTTP API (payload 2.0) POST /graphql event. */
export function apiGatewayEvent(query: string, headers: Record<string, string>, variables?: Record<string, unknown>): unknown {
  const domainName = 'abc123.execute-api.eu-west-1.amazonaws.com';
  return {
    version: '2.0',
    routeKey: 'POST /graphql',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { host: domainName, 'x-forwarded-proto': 'https', 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName,
      domainPrefix: 'abc123',
      http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'bench' },
      requestId: 'cold-start',
      routeKey: 'POST /graphql',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    body: JSON.stringify(variables ? { query, variables } : { query }),
    isBase64Encoded: false,
  };
}

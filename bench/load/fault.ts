import type { EventStore } from '../../events/store.ts';
import type { GraphQLClient } from '../lib/http.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import type { RestartableDynamo } from './restartable-dynamo.ts';
import { runLoad, type LoadResult } from './run-load.ts';
import { checkLog, retryUnknown, type LogCheck } from './verify.ts';
import { CUT_AT_END, type Workload } from './workload.ts';

export interface FaultReport {
  load: LoadResult;
  /** When DynamoDB Local was killed and when it answered again, s from the start of the load. */
  killedAt: number;
  restartedAt: number;
  /** Answers with STORE_UNAVAILABLE: how long the clients waited for them (ms). */
  storeUnavailable: Summary;
  /** From DynamoDB Local answering again to the API's first successful read and write (ms), same API process. */
  recoveryMs: { read: number; write: number };
  retried: number;
  stillUnknown: number;
  check: LogCheck;
  /** Codes other than OK, VERSION_CONFLICT and (during the outage) STORE_UNAVAILABLE. */
  unexpected: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Repeats `attempt` every 50 ms until it says yes; ms taken. */
async function until(attempt: () => Promise<boolean>, limitMs = 60_000): Promise<number> {
  const started = performance.now();
  while (!(await attempt())) {
    if (performance.now() - started > limitMs) throw new Error(`the API did not recover within ${limitMs} ms`);
    await sleep(50);
  }
  return performance.now() - started;
}

/**
 * The mixed load runs while DynamoDB Local is killed (SIGTERM by default) and, `outageSeconds` later, started
 * again on the same port and data. Afterwards the same API process must answer again, every
 * mutation with an unknown outcome is retried with its idempotency key, and the log is checked
 * against everything the clients were told.
 */
export async function runFaultScenario(options: {
  url: string;
  headers: Record<string, string>;
  workload: Workload;
  api: GraphQLClient;
  store: EventStore;
  dynamo: RestartableDynamo;
  connections: number;
  /** Load before the kill, s. */
  beforeSeconds: number;
  /** From the kill to starting DynamoDB Local again (which itself takes a few seconds), s. */
  outageSeconds: number;
  /** Load after the API answers again, s. */
  afterSeconds: number;
  /** How DynamoDB Local is killed (see RestartableDynamo.kill). */
  signal?: NodeJS.Signals;
}): Promise<FaultReport> {
  const { workload, api, dynamo } = options;
  const started = performance.now();
  const stop = new AbortController();
  const load = runLoad({ url: options.url, headers: options.headers, workload, connections: options.connections, seconds: 3600, signal: stop.signal });

  await sleep(options.beforeSeconds * 1000);
  await dynamo.kill(options.signal);
  const killedAt = (performance.now() - started) / 1000;
  await sleep(options.outageSeconds * 1000);
  await dynamo.restart();
  const restartedAt = (performance.now() - started) / 1000;
  const read = await until(async () => (await api.request('{ decisions(first: 1) { totalCount } }')).data?.decisions !== undefined);
  const write = await until(async () => {
    const { mutation, body } = nextMutation(workload);
    const result = await api.request(mutation.query, mutation.variables);
    workload.answered({ op: mutation.op, body, mutation }, result.status, JSON.stringify({ data: result.data, errors: result.errors }), result.ms);
    return result.status === 200 && !result.errors;
  });
  await sleep(options.afterSeconds * 1000);
  stop.abort();
  const loadResult = await load;

  const retry = await retryUnknown(api, workload);
  const check = await checkLog(options.store, workload);
  const unavailable = Object.entries(workload.tracker.latencies)
    .filter(([key]) => key.endsWith(':STORE_UNAVAILABLE'))
    .flatMap(([, samples]) => samples);
  const unexpected = Object.fromEntries(
    Object.entries(workload.tracker.codes()).filter(([code]) => !['OK', 'VERSION_CONFLICT', 'STORE_UNAVAILABLE', CUT_AT_END].includes(code)),
  );
  return {
    load: loadResult,
    killedAt,
    restartedAt,
    storeUnavailable: summarize(unavailable),
    recoveryMs: { read, write },
    retried: retry.retried,
    stillUnknown: retry.stillUnknown,
    check,
    unexpected,
  };
}

/** A new-decision mutation from the workload, for probing writes. */
function nextMutation(workload: Workload) {
  for (;;) {
    const plan = workload.next();
    if (plan.mutation?.op === 'record') return { mutation: plan.mutation, body: plan.body };
  }
}

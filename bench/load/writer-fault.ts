import { fileURLToPath } from 'node:url';
import type { EventStore } from '../../events/store.ts';
import { startApiProcess, type ApiProcess } from '../lib/api-process.ts';
import type { GraphQLClient } from '../lib/http.ts';
import { runLoad, type LoadResult } from './run-load.ts';
import { checkLog, retryUnknown, type LogCheck } from './verify.ts';
import { CUT_AT_END, type Workload } from './workload.ts';

const WRITER_ENTRY = fileURLToPath(new URL('../writer-server.ts', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A process of the fault run (a writer, or an API) that can be SIGKILLed and started again on the same port. */
export class KillableProcess {
  private constructor(
    private current: ApiProcess,
    private readonly env: Record<string, string>,
    private readonly entry: string | undefined,
  ) {}

  /** An API process (bench/api-server.ts) with `env`. */
  static async api(env: Record<string, string>): Promise<KillableProcess> {
    return new KillableProcess(await startApiProcess(env), env, undefined);
  }

  /** A writer process (bench/writer-server.ts) over `env`'s table. */
  static async writer(env: Record<string, string>): Promise<KillableProcess> {
    return new KillableProcess(await startApiProcess(env, [], WRITER_ENTRY), env, WRITER_ENTRY);
  }

  get url(): string {
    return this.current.url;
  }

  output(): string {
    return this.current.output();
  }

  /** SIGKILL: no chance to finish a transaction or answer a request. */
  kill(): void {
    process.kill(this.current.pid, 'SIGKILL');
  }

  /** The same program and environment again, on the same port (its clients keep their URL). */
  async restart(): Promise<void> {
    this.current = await startApiProcess({ ...this.env, PORT: new URL(this.current.url).port }, [], this.entry);
  }

  stop(): Promise<void> {
    return this.current.stop().catch(() => undefined);
  }
}

export interface ProcessFaultReport {
  /** The load on each API, by the name it was given. */
  loads: Record<string, LoadResult>;
  retried: number;
  stillUnknown: number;
  check: LogCheck;
  /**
   * Codes other than OK, VERSION_CONFLICT, STORE_UNAVAILABLE, CUT_AT_END, (from a killed API)
   * TRANSPORT:* and CONTENTION: the scenario races several writers for the log's positions on
   * purpose, and a loser whose bounded retries run out is told so with nothing written (the
   * check below holds it to that); contention under ordinary load is the bench's to count.
   */
  unexpected: Record<string, number>;
}

/**
 * The mixed load runs on every API in `loads` while the `victims` (writers, API processes that
 * append, in any mix) are SIGKILLed together mid-load, so transactions and requests are in flight,
 * and `outageSeconds` later started again on their ports. Afterwards every mutation whose outcome
 * a client never learned (STORE_UNAVAILABLE with an unknown outcome, a dropped connection, a
 * request cut at the end) is sent again through `api` with its idempotency key, and the whole log
 * is checked against every answer: each acknowledged mutation exactly once, as the record and
 * version the client was told, nothing else, positions gapless, the chain intact.
 */
export async function runProcessFaultScenario(options: {
  loads: Record<string, string>;
  victims: KillableProcess[];
  headers: Record<string, string>;
  workload: Workload;
  /** An API that stays up, for the retries. */
  api: GraphQLClient;
  store: EventStore;
  connections: number;
  beforeSeconds: number;
  outageSeconds: number;
  afterSeconds: number;
}): Promise<ProcessFaultReport> {
  const stop = new AbortController();
  const common = { headers: options.headers, workload: options.workload, connections: options.connections, seconds: 3600, signal: stop.signal };
  const names = Object.keys(options.loads);
  const running = names.map((name) => runLoad({ ...common, url: options.loads[name]! }));
  await sleep(options.beforeSeconds * 1000);
  for (const victim of options.victims) victim.kill();
  await sleep(options.outageSeconds * 1000);
  await Promise.all(options.victims.map((victim) => victim.restart()));
  await sleep(options.afterSeconds * 1000);
  stop.abort();
  const results = await Promise.all(running);
  const retry = await retryUnknown(options.api, options.workload);
  const check = await checkLog(options.store, options.workload);
  const expected = (code: string) => ['OK', 'VERSION_CONFLICT', 'STORE_UNAVAILABLE', 'CONTENTION', CUT_AT_END].includes(code) || code.startsWith('TRANSPORT:');
  return {
    loads: Object.fromEntries(names.map((name, i) => [name, results[i]!])),
    retried: retry.retried,
    stillUnknown: retry.stillUnknown,
    check,
    unexpected: Object.fromEntries(Object.entries(options.workload.tracker.codes()).filter(([code]) => !expected(code))),
  };
}

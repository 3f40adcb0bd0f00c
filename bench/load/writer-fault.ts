import { fileURLToPath } from 'node:url';
import type { EventStore } from '../../events/store.ts';
import { startApiProcess, type ApiProcess } from '../lib/api-process.ts';
import type { GraphQLClient } from '../lib/http.ts';
import { runLoad, type LoadResult } from './run-load.ts';
import { checkLog, retryUnknown, type LogCheck } from './verify.ts';
import { CUT_AT_END, type Workload } from './workload.ts';

const WRITER_ENTRY = fileURLToPath(new URL('../writer-server.ts', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface WriterFaultReport {
  /** Load on the API that appends through the writer, and on the API process that appends itself. */
  viaWriter: LoadResult;
  direct: LoadResult;
  retried: number;
  stillUnknown: number;
  check: LogCheck;
  unexpected: Record<string, number>;
}

/**
 * The writer process SIGKILLed mid-load and started again on the same port, while a second API
 * process that writes itself (a process that also believes it is the writer) runs load on the
 * same log: the API at `url` falls back to appending itself while the writer is gone (a third
 * writer). Afterwards every mutation of unknown outcome is retried with its idempotency key and
 * the log is checked against every answer: nothing acknowledged lost or doubled, gapless, chained.
 */
export async function runWriterFaultScenario(options: {
  /** The API whose appends go to the writer (WRITER_URL = writer.url). */
  url: string;
  headers: Record<string, string>;
  workload: Workload;
  api: GraphQLClient;
  store: EventStore;
  writer: ApiProcess;
  /** Environment of the writer process, to start it again. */
  writerEnv: Record<string, string>;
  /** Environment of the API process that writes itself. */
  directEnv: Record<string, string>;
  connections: number;
  beforeSeconds: number;
  outageSeconds: number;
  afterSeconds: number;
}): Promise<WriterFaultReport & { writer: ApiProcess }> {
  const direct = await startApiProcess(options.directEnv);
  let writer = options.writer;
  try {
    const stop = new AbortController();
    const common = { headers: options.headers, workload: options.workload, connections: options.connections, seconds: 3600, signal: stop.signal };
    const viaWriter = runLoad({ ...common, url: options.url });
    const directLoad = runLoad({ ...common, url: direct.url });
    await sleep(options.beforeSeconds * 1000);
    process.kill(writer.pid, 'SIGKILL');
    await sleep(options.outageSeconds * 1000);
    writer = await startApiProcess({ ...options.writerEnv, PORT: new URL(writer.url).port }, [], WRITER_ENTRY);
    await sleep(options.afterSeconds * 1000);
    stop.abort();
    const [loadViaWriter, loadDirect] = await Promise.all([viaWriter, directLoad]);
    const retry = await retryUnknown(options.api, options.workload);
    const check = await checkLog(options.store, options.workload);
    const unexpected = Object.fromEntries(
      Object.entries(options.workload.tracker.codes()).filter(([code]) => !['OK', 'VERSION_CONFLICT', 'STORE_UNAVAILABLE', CUT_AT_END].includes(code)),
    );
    return { viaWriter: loadViaWriter, direct: loadDirect, retried: retry.retried, stillUnknown: retry.stillUnknown, check, unexpected, writer };
  } finally {
    await direct.stop().catch(() => undefined);
  }
}

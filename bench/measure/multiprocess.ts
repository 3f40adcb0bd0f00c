import { fileURLToPath } from 'node:url';
import { startApiProcess, type ApiProcess } from '../lib/api-process.ts';
import { openTable } from '../lib/dynamo.ts';
import { GraphQLClient } from '../lib/http.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import { processCpuMs } from '../lib/machine.ts';
import { verifyIntegrity } from '../../events/verify-integrity.ts';
import { recordDecision } from './append.ts';

const WRITER_ENTRY = fileURLToPath(new URL('../writer-server.ts', import.meta.url));

function cpuUsageMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export interface MultiprocessRun {
  label: string;
  processes: number;
  writersPerProcess: number;
  /** `writer`: API processes send appends to one writer process; `direct`: each appends itself (racing for positions). */
  mode: 'writer' | 'direct';
  mutations: number;
  mutationsPerSecond: number;
  latency: Summary;
  /** Mutations answered with an error (CONTENTION or other), by code. */
  errors: Record<string, number>;
  errorCount: number;
  gaps: number;
  duplicates: number;
  lost: number;
  integrityOk: boolean;
  /**
   * CPU time (user + system) per acknowledged mutation while the clock ran, ms: all API processes
   * together, the writer process, DynamoDB Local (null without /proc) and the bench's own process
   * (the clients). On a machine with fewer cores than busy processes their sum, not the latency of
   * any one part, sets the throughput.
   */
  cpuMsPerMutation: { api: number; writer: number | null; dynamo: number | null; clients: number };
  /** Log position each API process's read side held at the end (a process that folds every event holds the whole log). */
  apiPositions: number[];
}

/**
 * `processes` API processes (each with its own store and DynamoDB client, as Lambda instances
 * have), `writersPerProcess` concurrent client loops on each, each loop recording `perWriter`
 * decisions; a fresh table per run, read back after it: gaps, duplicates, acknowledged decisions
 * missing, integrity.
 */
export async function measureMultiprocess(options: {
  endpoint: string;
  env: (table: string) => Record<string, string>;
  headers: Record<string, string>;
  table: string;
  processes: number;
  writersPerProcess: number;
  perWriter: number;
  mode: 'writer' | 'direct';
  /** Requests each API process answers before the clock starts (its JIT warm, as a Lambda instance's is after its first requests). */
  warmUp: number;
  /** DynamoDB Local's process, whose CPU is counted with the rest. */
  dynamoPid?: number;
}): Promise<MultiprocessRun> {
  const table = await openTable(options.endpoint, options.table);
  const started: ApiProcess[] = [];
  const clients: GraphQLClient[] = [];
  try {
    let writer: ApiProcess | null = null;
    if (options.mode === 'writer') {
      writer = await startApiProcess(options.env(table.tableName), [], WRITER_ENTRY);
      started.push(writer);
    }
    const writerUrl = writer?.url ?? null;
    const apis = await Promise.all(
      Array.from({ length: options.processes }, () =>
        startApiProcess({ ...options.env(table.tableName), ...(writerUrl ? { WRITER_URL: writerUrl } : {}) }),
      ),
    );
    started.push(...apis);
    for (const api of apis) clients.push(new GraphQLClient(api.url, options.headers));
    // Warm every process (schema, client, JIT, first transactions) before the clock starts.
    for (let i = 0; i < Math.max(1, options.warmUp); i += 1) await Promise.all(clients.map((client, p) => recordDecision(client, `warm p${p} #${i}`)));

    const cpuMs = async () => ({
      api: (await Promise.all(apis.map((api) => api.call('stats')))).map((s) => s.cpuMs ?? 0).reduce((a, b) => a + b, 0),
      writer: writer ? ((await writer.call('stats')).cpuMs ?? 0) : null,
      dynamo: options.dynamoPid === undefined ? null : processCpuMs(options.dynamoPid),
      clients: cpuUsageMs(),
    });
    const cpuBefore = await cpuMs();
    const acknowledged: string[] = [];
    const latencies: number[] = [];
    const errors: Record<string, number> = {};
    const begin = performance.now();
    await Promise.all(
      clients.flatMap((client, p) =>
        Array.from({ length: options.writersPerProcess }, async (_, w) => {
          for (let i = 0; i < options.perWriter; i += 1) {
            try {
              const result = await recordDecision(client, `p${p} w${w} #${i}`);
              acknowledged.push(result.id);
              latencies.push(result.ms);
            } catch (error) {
              const code = /failed with (\w+)/.exec((error as Error).message)?.[1] ?? 'ERROR';
              errors[code] = (errors[code] ?? 0) + 1;
            }
          }
        }),
      ),
    );
    const elapsed = performance.now() - begin;
    const cpuAfter = await cpuMs();
    const apiPositions = (await Promise.all(apis.map((api) => api.call('stats')))).map((s) => s.position);

    const events = await table.store.readAll(0, Number.POSITIVE_INFINITY, { raw: true });
    let gaps = 0;
    events.forEach((event, i) => {
      if (event.position !== i + 1) gaps += 1;
    });
    const recorded = new Map<string, number>();
    for (const event of events) if (event.type === 'DecisionRecorded') recorded.set(event.stream.id, (recorded.get(event.stream.id) ?? 0) + 1);
    const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
    const perMutation = (after: number | null, before: number | null) => (after === null || before === null ? null : (after - before) / Math.max(1, acknowledged.length));
    return {
      label: `${options.processes} × ${options.writersPerProcess} ${options.mode}`,
      processes: options.processes,
      writersPerProcess: options.writersPerProcess,
      mode: options.mode,
      mutations: acknowledged.length,
      mutationsPerSecond: (acknowledged.length / elapsed) * 1000,
      latency: summarize(latencies),
      errors,
      errorCount,
      gaps,
      duplicates: events.length - new Set(events.map((e) => e.eventId)).size,
      lost: acknowledged.filter((id) => recorded.get(id) !== 1).length,
      integrityOk: (await verifyIntegrity(table.store)).ok,
      cpuMsPerMutation: {
        api: perMutation(cpuAfter.api, cpuBefore.api)!,
        writer: perMutation(cpuAfter.writer, cpuBefore.writer),
        dynamo: perMutation(cpuAfter.dynamo, cpuBefore.dynamo),
        clients: perMutation(cpuAfter.clients, cpuBefore.clients)!,
      },
      apiPositions,
    };
  } finally {
    for (const client of clients) client.close();
    await Promise.all(started.map((p) => p.stop().catch(() => undefined)));
    // Each run's table is read back above; the next runs should not share the JVM's heap with it.
    await table.drop().catch(() => undefined);
  }
}

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild } from '../../events/dynamodb/local-dynamodb.ts';

const ENTRY = fileURLToPath(new URL('../api-server.ts', import.meta.url));

export interface ApiStats {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Last log position the API's cache holds. */
  position: number;
  /** Events the API's cache holds in memory (the rest is read on demand). */
  held?: number;
  /** For catchUp: how long it took. */
  ms?: number;
  /** CPU time (user + system) the process has used, ms (bench/api-server.ts). */
  cpuMs?: number;
}

export interface ApiProcess {
  url: string;
  pid: number;
  call(type: 'stats' | 'catchUp' | 'flush' | 'gc'): Promise<ApiStats>;
  /** The last lines the process wrote to stderr/stdout. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts bench/api-server.ts in a fresh Node process (the API as deployed locally: one process,
 * its own event loop and heap) with `env` on top of this process's environment. `entry`: another
 * server script speaking the same IPC (for experiments).
 */
/** Where a measurement's API processes run: DynamoDB's endpoint, their environment for an events table, the request headers. */
export interface ApiRunTarget {
  endpoint: string;
  env: (table: string) => Record<string, string>;
  headers: Record<string, string>;
}

export function startApiProcess(env: Record<string, string>, execArgv: string[] = [], entry = ENTRY): Promise<ApiProcess> {
  const child: ChildProcess = fork(entry, [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, GRAPHIQL: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const pending = new Map<number, { resolve: (stats: ApiStats) => void; reject: (error: Error) => void }>();
  let next = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolveStart, rejectStart) => {
    child.once('exit', (code, signal) => {
      const error = new Error(`API process exited (code ${code}, signal ${signal}):\n${output}`);
      rejectStart(error);
      for (const call of pending.values()) call.reject(error);
    });
    child.on('message', (message: { type?: string; url?: string; id?: number; result?: ApiStats; error?: string }) => {
      if (message.type === 'ready') {
        resolveStart({
          url: message.url!,
          pid: child.pid!,
          call: (type) =>
            new Promise((resolve, reject) => {
              const id = ++next;
              pending.set(id, { resolve, reject });
              child.send({ id, type });
            }),
          output: () => output,
          stop: () => stopChild(child, exited),
        });
        return;
      }
      const call = pending.get(message.id!);
      pending.delete(message.id!);
      if (message.error !== undefined) call?.reject(new Error(message.error));
      else call?.resolve(message.result!);
    });
  });
}

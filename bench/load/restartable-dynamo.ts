import { freePort } from '../../events/dynamodb/local-dynamodb.ts';
import { startDynamo, type LocalDynamo } from '../lib/dynamo.ts';

/**
 * DynamoDB Local on a fixed port with its data in a folder, so it can be killed (SIGTERM, or SIGKILL as a
 * crash) and started again with the same data at the same endpoint.
 */
export class RestartableDynamo {
  private current: LocalDynamo | null = null;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(dataDir: string, port?: number): Promise<RestartableDynamo> {
    const dynamo = new RestartableDynamo(dataDir, port ?? (await freePort()));
    await dynamo.restart();
    return dynamo;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.current !== null;
  }

  /**
   * Kills the JVM and waits until it is gone. SIGTERM (the default, `kill <pid>`) drops every
   * connection at once but lets DynamoDB Local close its SQLite file. SIGKILL is a crash, and
   * DynamoDB Local is not crash-safe: it can lose transactions it has already acknowledged (seen
   * with the store alone, no API involved; see BENCHMARKS.md), which the real service never does.
   */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.current?.process;
    this.current = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  /** Starts DynamoDB Local on the same port over the same data. */
  async restart(): Promise<void> {
    if (this.current) return;
    this.current = await startDynamo({ dataDir: this.dataDir, port: this.port });
  }

  async stop(): Promise<void> {
    const current = this.current;
    this.current = null;
    await current?.stop();
  }
}

import { freePort } from '../../events/dynamodb/local-dynamodb.ts';
import { startDynamo, type LocalDynamo } from '../lib/dynamo.ts';

/**
 * DynamoDB Local on a fixed port with its data in a folder, so it can be killed (SIGKILL, as a
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

  /** Kills the JVM without warning and waits until it is gone. */
  async kill(): Promise<void> {
    const child = this.current?.process;
    this.current = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
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

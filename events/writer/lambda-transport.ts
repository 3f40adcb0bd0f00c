import { InvokeCommand, TooManyRequestsException, type LambdaClient } from '@aws-sdk/client-lambda';
import type { WriterResponse } from './protocol.ts';
import { WriterNotReachedError, type WriterTransport } from './remote-event-store.ts';

/**
 * The writer as a Lambda function with reserved concurrency 1, invoked synchronously. One
 * invocation at a time per API instance (the appends queued meanwhile go in the next one); a
 * throttled invoke (another instance's is running) did not run, so it is retried after a short
 * jittered wait for up to `throttleBudgetMs`, then reported as not reached (nothing was written:
 * STORE_UNAVAILABLE, or the fallback when the API may write itself).
 *
 * The default budget, 4 s, plus the writer's own 5 s timeout stays inside the API function's
 * 10 s. Under a burst the instances take turns at the one writer: each turn carries all of an
 * instance's queued appends, so the wait grows with the number of busy instances, not appends.
 */
export class LambdaWriterTransport implements WriterTransport {
  readonly maxInFlight = 1;
  readonly maxRequestBytes: number;
  private readonly throttleBudgetMs: number;

  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
    options: { throttleBudgetMs?: number; maxRequestBytes?: number } = {},
  ) {
    this.throttleBudgetMs = options.throttleBudgetMs ?? 4000;
    // Lambda's limit for a synchronous invoke's payload is 6 MB (6 291 456 bytes): a margin below it.
    this.maxRequestBytes = options.maxRequestBytes ?? 6_000_000;
  }

  async send(body: string): Promise<WriterResponse> {
    const payload = new TextEncoder().encode(body);
    const started = performance.now();
    for (let attempt = 0; ; attempt += 1) {
      try {
        const answer = await this.client.send(
          new InvokeCommand({ FunctionName: this.functionName, Payload: payload }),
        );
        const text = new TextDecoder().decode(answer.Payload ?? new Uint8Array());
        if (answer.FunctionError) throw new Error(`the writer function failed (${answer.FunctionError}): ${text.slice(0, 500)}`);
        return JSON.parse(text) as WriterResponse;
      } catch (error) {
        if (!(error instanceof TooManyRequestsException)) throw error;
        if (performance.now() - started >= this.throttleBudgetMs) {
          throw new WriterNotReachedError(`${this.functionName} throttled ${attempt + 1} times in ${this.throttleBudgetMs} ms`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
      }
    }
  }
}

import { InvokeCommand, TooManyRequestsException, type LambdaClient } from '@aws-sdk/client-lambda';
import type { WriterRequest, WriterResponse } from './protocol.ts';
import { WriterNotReachedError, type WriterTransport } from './remote-event-store.ts';

/**
 * The writer as a Lambda function with reserved concurrency 1, invoked synchronously. One
 * invocation at a time per API instance (the appends queued meanwhile go in the next one); a
 * throttled invoke (another instance's is running) did not run, so it is retried after a short
 * jittered wait and, after `throttleRetries`, reported as not reached (the API falls back to
 * writing itself, correct through the feed conditions).
 */
export class LambdaWriterTransport implements WriterTransport {
  readonly maxInFlight = 1;

  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
    private readonly throttleRetries = 10,
  ) {}

  async send(request: WriterRequest): Promise<WriterResponse> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const answer = await this.client.send(
          new InvokeCommand({ FunctionName: this.functionName, Payload: new TextEncoder().encode(JSON.stringify(request)) }),
        );
        const text = new TextDecoder().decode(answer.Payload ?? new Uint8Array());
        if (answer.FunctionError) throw new Error(`the writer function failed (${answer.FunctionError}): ${text.slice(0, 500)}`);
        return JSON.parse(text) as WriterResponse;
      } catch (error) {
        if (!(error instanceof TooManyRequestsException)) throw error;
        if (attempt >= this.throttleRetries) throw new WriterNotReachedError(`${this.functionName} throttled ${attempt + 1} times`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
      }
    }
  }
}

import { Agent, request } from 'node:http';

export interface GraphQLResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  /** Round trip in ms, from sending the request to the end of the body. */
  ms: number;
  /** A transport failure (no HTTP answer), e.g. ECONNREFUSED or a timeout. */
  transportError?: string;
}

/**
 * A GraphQL-over-HTTP client on a keep-alive agent: the cheapest way Node can ask, so the
 * latency measured is the API's, not the client's.
 */
export class GraphQLClient {
  private readonly url: URL;
  private readonly agent: Agent;

  constructor(
    url: string,
    private readonly headers: Record<string, string> = {},
    private readonly timeoutMs = 30_000,
  ) {
    this.url = new URL(url);
    this.agent = new Agent({ keepAlive: true, maxSockets: 256 });
  }

  request<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>> {
    const body = JSON.stringify({ query, variables });
    const started = performance.now();
    return new Promise((resolve) => {
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
            'content-length': Buffer.byteLength(body),
            ...this.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const ms = performance.now() - started;
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: res.statusCode ?? 0, ...(JSON.parse(text) as object), ms });
            } catch {
              resolve({ status: res.statusCode ?? 0, ms, transportError: `non-JSON answer: ${text.slice(0, 200)}` });
            }
          });
          res.on('error', (error) => resolve({ status: 0, ms: performance.now() - started, transportError: error.message }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ status: 0, ms: performance.now() - started, transportError: error.code ?? error.message }),
      );
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The code of a GraphQL result: the first error's extensions.code, or the first user error's code, or OK. */
export function resultCode(result: GraphQLResult, payloadField?: string): string {
  if (result.transportError) return `TRANSPORT:${result.transportError}`;
  const error = result.errors?.[0];
  if (error) return String(error.extensions?.code ?? `HTTP_${result.status}`);
  if (result.status !== 200) return `HTTP_${result.status}`;
  const userErrors = payloadField ? (result.data?.[payloadField]?.userErrors as { code: string }[] | undefined) : undefined;
  return userErrors?.[0]?.code ?? 'OK';
}

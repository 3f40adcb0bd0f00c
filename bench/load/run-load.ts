import { createRequire } from 'node:module';
import type { PlannedRequest, Workload } from './workload.ts';

/** The parts of autocannon 8's API used here (the package ships no types). */
interface AutocannonRequest {
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
interface AutocannonResult {
  duration: number;
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface AutocannonInstance extends Promise<AutocannonResult> {
  stop(): void;
  on(event: 'reqError', listener: (error: Error) => void): void;
}
type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers by code over all ops (OK, VERSION_CONFLICT, STORE_UNAVAILABLE, TRANSPORT:..., HTTP_..., CUT_AT_END). */
  codes: Record<string, number>;
  /** Socket errors and timeouts autocannon saw (no HTTP answer). */
  transportErrors: number;
  timeouts: number;
}

/**
 * A closed-loop load with autocannon: `connections` keep-alive connections, each sending the
 * workload's next request as soon as the previous one is answered, for `seconds` (or until
 * `signal` aborts). Every answer goes back to the workload.
 */
export async function runLoad(options: {
  url: string;
  headers: Record<string, string>;
  workload: Workload;
  connections: number;
  seconds: number;
  /** Per-request timeout, s. */
  timeout?: number;
  signal?: AbortSignal;
}): Promise<LoadResult> {
  const { workload } = options;
  const before = workload.tracker.codes();
  const outstanding = new Set<PlannedRequest>();
  const instance = autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections,
    duration: options.seconds,
    timeout: options.timeout ?? 10,
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...options.headers },
    requests: [
      {
        setupRequest(request: AutocannonRequest, context: Record<string, unknown>) {
          // An earlier request of this connection that never got an answer (socket error, timeout).
          const previous = context.plan as PlannedRequest | undefined;
          if (previous && outstanding.delete(previous)) workload.failed(previous, 'no answer');
          const plan = workload.next();
          outstanding.add(plan);
          context.plan = plan;
          context.sentAt = performance.now();
          return { ...request, body: plan.body };
        },
        onResponse(status: number, body: string, context: Record<string, unknown>) {
          const plan = context.plan as PlannedRequest;
          if (!outstanding.delete(plan)) return;
          workload.answered(plan, status, body, performance.now() - (context.sentAt as number));
        },
      } satisfies AutocannonRequest,
    ],
  });
  instance.on('reqError', () => undefined);
  options.signal?.addEventListener('abort', () => instance.stop(), { once: true });
  const result = await instance;
  for (const plan of outstanding) workload.cut(plan);
  outstanding.clear();

  const after = workload.tracker.codes();
  const codes = Object.fromEntries(Object.entries(after).map(([code, n]) => [code, n - (before[code] ?? 0)]).filter(([, n]) => (n as number) > 0));
  return {
    connections: options.connections,
    seconds: result.duration,
    requests: result.requests.total,
    throughput: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    codes,
    transportErrors: result.errors,
    timeouts: result.timeouts,
  };
}

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { configFromEnv } from './config.ts';
import type { WebAppOptions } from './web-app.ts';
import type { AlertRun } from './alert-runner.ts';

// Cold start: one app (schema, store client, read models, token verifier) per execution environment.
const config = configFromEnv();
const org = config.auth.org;
const logger = new Logger({ persistentKeys: { org } });
const metrics = new Metrics({ defaultDimensions: { org } });
const { yoga, alerts, readModels } = createApp(config, { web: webApp() });

/**
 * The web view next to the bundle (web/ in the function's asset, infra/bundling.ts), with how people
 * sign in from WEB_CONFIG (set by the stack); none when either is missing.
 */
function webApp(): WebAppOptions | undefined {
  const dir = fileURLToPath(new URL('./web/', import.meta.url));
  const web = process.env.WEB_CONFIG;
  return web && existsSync(`${dir}index.html`) ? { dir, config: JSON.parse(web) as WebAppOptions['config'] } : undefined;
}

/** What the org stack's EventBridge Scheduler schedule sends (infra/org-stack.ts): evaluate the alert rules. */
export const ALERT_RUN_EVENT = { action: 'evaluate-alerts' } as const;

const isAlertRun = (event: unknown): event is typeof ALERT_RUN_EVENT =>
  typeof event === 'object' && event !== null && (event as { action?: unknown }).action === ALERT_RUN_EVENT.action;

/** API Gateway HTTP API (payload format 2.0) -> graphql-yoga's fetch API -> API Gateway result. */
export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2>;
export async function handler(event: typeof ALERT_RUN_EVENT, context: Context): Promise<AlertRun>;
export async function handler(event: APIGatewayProxyEventV2 | typeof ALERT_RUN_EVENT, context: Context): Promise<APIGatewayProxyStructuredResultV2 | AlertRun> {
  logger.addContext(context);
  if (isAlertRun(event)) {
    // The time-based alert rules (deadlines passing): the same evaluator as after every append.
    const run = await alerts.run();
    // No one waits for this invocation: it finishes a view snapshot the catch-up started (api/read-models.ts).
    await readModels.flush();
    logger.info('alert run', { ...run });
    return run;
  }
  metrics.addMetric('Requests', MetricUnit.Count, 1);
  const started = performance.now();
  const method = event.requestContext.http.method;
  const body = requestBody(event);
  try {
    const response = await yoga.fetch(
      requestUrl(event),
      { method, headers: requestHeaders(event), body: method === 'GET' || method === 'HEAD' ? undefined : body },
      { lambdaEvent: event, lambdaContext: context },
    );
    const result = await toResult(response);
    logger.info(event.rawPath === '/graphql' ? 'graphql request' : 'web request', {
      method,
      operationName: operationName(event, body),
      status: response.status,
      durationMs: Math.round(performance.now() - started),
    });
    return result;
  } finally {
    metrics.publishStoredMetrics();
  }
}

function requestUrl(event: APIGatewayProxyEventV2): string {
  const host = event.headers.host ?? event.requestContext.domainName;
  const protocol = event.headers['x-forwarded-proto'] ?? 'https';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  return `${protocol}://${host}${event.rawPath}${query}`;
}

/**
 * Payload 2.0 moves cookies out of the headers; put them back as one `cookie` header. A plain object,
 * not the global `Headers`: yoga makes its own (ponyfill) Request from it, and touching the global
 * would make Node load undici on the first request for nothing.
 */
function requestHeaders(event: APIGatewayProxyEventV2): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  if (event.cookies?.length) headers.cookie = event.cookies.join('; ');
  return headers;
}

function requestBody(event: APIGatewayProxyEventV2): string | Buffer | undefined {
  if (event.body === undefined) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : event.body;
}

async function toResult(response: Response): Promise<APIGatewayProxyStructuredResultV2> {
  const headers: Record<string, string> = {};
  // Fetch ponyfills may keep the case a header was set with; the result uses lowercase names.
  response.headers.forEach((value, name) => {
    const key = name.toLowerCase();
    if (key !== 'set-cookie') headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  // The web view's gzipped assets (and any image) are bytes: API Gateway takes them base64-encoded.
  const binary = !!headers['content-encoding'] || /^(image|font)\//.test(headers['content-type'] ?? '');
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length > 0 && { cookies }),
    body: binary ? Buffer.from(await response.arrayBuffer()).toString('base64') : await response.text(),
    isBase64Encoded: binary,
  };
}

/** For the log line only: the operation name from the query string or a JSON body. */
function operationName(event: APIGatewayProxyEventV2, body: string | Buffer | undefined): string | undefined {
  const fromQuery = event.queryStringParameters?.operationName;
  if (fromQuery || !body) return fromQuery;
  try {
    const parsed: unknown = JSON.parse(body.toString());
    const name = (parsed as { operationName?: unknown } | null)?.operationName;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

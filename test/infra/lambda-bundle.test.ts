import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { gunzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionBundle, lambdaBundles, type LambdaBundle } from '../../infra/assets.ts';
import { LAMBDA_BUNDLING } from '../../infra/bundling.ts';
import { OrgStack } from '../../infra/org-stack.ts';
import { verifyIntegrity } from '../../events/verify-integrity.ts';
import { VersionConflictError } from '../../events/errors.ts';
import { deserializeError, type SerializedError, type WriterResponse } from '../../events/writer/protocol.ts';
import { testToken, TEST_AUTH_ENV } from '../support/auth.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { testApp } from './test-app.ts';

// The bundle CDK builds for the stack, run in a plain Node process against DynamoDB Local.
// It is synthesized outside the repo, so nothing resolves from node_modules: the bundle must be self-contained.
const WORK_DIR = join(tmpdir(), 'decision-ledger-bundle-test');
const HARNESS = fileURLToPath(new URL('./lambda-harness.mjs', import.meta.url));
const MAX_BUNDLE_BYTES = 1_500_000;
const BUILTINS = new Set(builtinModules);
const WRITER_NAME = 'decision-ledger-acme-writer';

let outdir: string;
let bundle: LambdaBundle;
let writerBundle: LambdaBundle;
let lambda: Harness;
let writer: Harness;
let lambdaService: LambdaService;
let table: TestTable;
let token: string;

beforeAll(async () => {
  mkdirSync(WORK_DIR, { recursive: true });
  outdir = mkdtempSync(join(WORK_DIR, 'bundle-test-'));
  const app = testApp({}, { outdir });
  const stack = new OrgStack(app, 'BundleTest', { org: 'acme' });
  const bundles = lambdaBundles(app.synth());
  const template = Template.fromStack(stack).toJSON();
  const api = functionBundle(bundles, template, 'GraphqlFunction');
  const writerFn = functionBundle(bundles, template, 'WriterFunction');
  [bundle, writerBundle] = [api, writerFn];
  table = await createTestTable('lambda');

  // The writer function as deployed (its environment holds only the table and NODE_ENV), behind a
  // stand-in for Lambda's Invoke API with reserved concurrency 1, which only AWS could answer.
  const onTable = { EVENTS_TABLE: table.tableName, DYNAMODB_ENDPOINT: table.endpoint };
  expect(Object.keys(writerFn.environment).sort()).toEqual(['EVENTS_TABLE', 'NODE_ENV']);
  writer = await startHarness(join(writerBundle.dir, 'index.mjs'), { NODE_ENV: String(writerFn.environment.NODE_ENV), ...onTable });
  lambdaService = await startLambdaService({ [WRITER_NAME]: writer });

  // The API function's environment as deployed, with the table on DynamoDB Local, the test token
  // issuer (its public key inline, JWT_PUBLIC_JWK) in place of the stack's user pool, and the
  // writer's name (a reference, resolved at deploy time) reached through the stand-in.
  const { JWT_ISSUER: _issuer, JWT_AUDIENCE: _audience, JWT_JWKS_URL: _jwks, WRITER_FUNCTION: writerRef, ...deployed } = api.environment as Record<string, string>;
  expect(writerRef).toEqual({ Ref: writerFn.logicalId });
  lambda = await startHarness(join(bundle.dir, 'index.mjs'), {
    ...deployed,
    // The stack's WEB_CONFIG is resolved at deploy time (the pool's endpoints).
    WEB_CONFIG: JSON.stringify({ auth: { kind: 'token', hint: 'from the bundle test' } }),
    ...TEST_AUTH_ENV,
    ORG: deployed.ORG!,
    ...onTable,
    WRITER_FUNCTION: WRITER_NAME,
    ...lambdaService.environment,
  });
  token = await testToken({ org: deployed.ORG, roles: ['LEAD'] });
}, 120_000);

afterAll(async () => {
  lambda?.stop();
  writer?.stop();
  await lambdaService?.close();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('Lambda bundle', () => {
  it.each([['API', () => bundle], ['writer', () => writerBundle]])('%s: one self-contained ESM file under 1.5 MB, AWS SDK included, with a source map next to it', async (_, which) => {
    const bundle = which();
    expect(bundle.codeBytes).toBeGreaterThan(0);
    expect(bundle.codeBytes).toBeLessThan(MAX_BUNDLE_BYTES);
    const code = readFileSync(join(bundle.dir, 'index.mjs'), 'utf8');
    expect(code.startsWith(LAMBDA_BUNDLING.banner!)).toBe(true);
    // Nothing imported but Node's built-ins: the SDK is bundled (no CommonJS loading and export
    // lexing of the runtime's copy on a cold start). Import records as esbuild parses them; the
    // handler tests below also run this file from a directory with no node_modules above it.
    const { metafile } = await build({
      entryPoints: [join(bundle.dir, 'index.mjs')],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(metafile.inputs).flatMap((input) => input.imports.map((record) => record.path));
    expect(imports).toContain('node:module');
    expect(imports.filter((specifier) => !specifier.startsWith('node:') && !BUILTINS.has(specifier))).toEqual([]);
    expect(code).toContain('DynamoDBClient');
    expect(code).toContain('//# sourceMappingURL=index.mjs.map');
    expect(readdirSync(bundle.dir)).toContain('index.mjs.map');
  });
});

describe('zod stand-in (the bundle\'s `zod`, see infra/zod-without-locales)', () => {
  it('leaves out only the locales, core and JSON Schema/compile pieces of zod\'s API', async () => {
    const real = await import('zod');
    const { z } = await import('../../infra/zod-without-locales/index.ts');
    expect(Object.keys(real.z).filter((name) => !(name in z)).sort()).toEqual(
      ['ZodCompileAsyncError', 'ZodCompileUnsupportedError', 'compile', 'core', 'fromJSONSchema', 'locales', 'toJSONSchema', 'toZod', 'withParser'].sort(),
    );
    expect(z.string().safeParse(1).error?.issues[0]?.message).toBe('Invalid input: expected string, received number');
  });

  it('has every z.<name> the bundled code uses', async () => {
    const { z } = await import('../../infra/zod-without-locales/index.ts');
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const used = new Set<string>();
    for (const dir of ['api', 'domain', 'events']) {
      for (const file of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts')) continue;
        for (const match of readFileSync(join(root, dir, file), 'utf8').matchAll(/\bz\.([A-Za-z_$][\w$]*)/g)) used.add(match[1]!);
      }
    }
    const typeOnly = new Set(['infer']);
    expect([...used].filter((name) => !typeOnly.has(name) && !(name in z))).toEqual([]);
  });
});

const MUTATION = `mutation { recordDecision(input: { title: "Use DynamoDB", rationale: "append-only by IAM" }) {
  decision { id title version } userErrors { code field message } } }`;
const QUERY = '{ decisions(first: 5) { totalCount edges { node { id title } } } }';

describe('web view from the function', () => {
  it('ships web/ next to the bundle and serves index.html for / and its pages, the assets gzipped as base64, and its sign-in settings', async () => {
    expect(readdirSync(join(bundle.dir, 'web'))).toEqual(expect.arrayContaining(['index.html', 'assets']));
    for (const path of ['/', '/okrs']) {
      const page = await lambda.invoke(webEvent(path));
      expect(page.statusCode).toBe(200);
      expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
      const html = page.isBase64Encoded ? gunzipSync(Buffer.from(page.body!, 'base64')).toString() : page.body!;
      expect(html).toContain('<div id="app"></div>');
      expect(page.headers?.['content-security-policy']).toMatch(/script-src 'self'/);
    }
    const script = readdirSync(join(bundle.dir, 'web', 'assets')).find((file) => file.endsWith('.js'))!;
    const asset = await lambda.invoke(webEvent(`/assets/${script}`));
    expect(asset).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: { 'content-encoding': 'gzip' } });
    expect(gunzipSync(Buffer.from(asset.body!, 'base64')).toString()).toBe(readFileSync(join(bundle.dir, 'web', 'assets', script), 'utf8'));
    const config = await lambda.invoke(webEvent('/web-config.json'));
    expect(JSON.parse(config.body!)).toEqual({ auth: { kind: 'token', hint: 'from the bundle test' } });
  });
});

describe('handler behind API Gateway (HTTP API, payload 2.0)', () => {
  it('records a decision with a POST mutation', async () => {
    const response = await lambda.invoke(httpEvent('POST', { body: JSON.stringify({ query: MUTATION, operationName: null }) }));
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/json/);
    const { data, errors } = JSON.parse(response.body!);
    expect(errors).toBeUndefined();
    expect(data.recordDecision).toMatchObject({ decision: { title: 'Use DynamoDB', version: 1 }, userErrors: [] });
  });

  it('answers a GET query from the query string', async () => {
    const query = new URLSearchParams({ query: `query Recent ${QUERY}`, operationName: 'Recent' }).toString();
    const response = await lambda.invoke(httpEvent('GET', { query }));
    expect(response.statusCode).toBe(200);
    const { data } = JSON.parse(response.body!);
    expect(data.decisions.totalCount).toBe(1);
    expect(data.decisions.edges[0].node.title).toBe('Use DynamoDB');
  });

  it('decodes a base64-encoded body', async () => {
    const body = Buffer.from(JSON.stringify({ query: QUERY })).toString('base64');
    const response = await lambda.invoke(httpEvent('POST', { body, isBase64Encoded: true }));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!).data.decisions.totalCount).toBe(1);
  });

  it('refuses a request without a token with 401, and one for another organisation', async () => {
    const anonymous = httpEvent('POST', { body: JSON.stringify({ query: QUERY }) });
    delete anonymous.headers.authorization;
    const otherOrg = httpEvent('POST', { body: JSON.stringify({ query: QUERY }) });
    otherOrg.headers.authorization = `Bearer ${await testToken({ org: 'globex' })}`;
    for (const event of [anonymous, otherOrg]) {
      const response = await lambda.invoke(event);
      expect(response.statusCode).toBe(401);
      expect(JSON.parse(response.body!).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it("answers the schedule's alert-run event with an evaluator run over the table, not as an HTTP request", async () => {
    // What raising and resolving do is tested over HTTP (test/api/alerts.test.ts); here: the bundle
    // routes the Scheduler's event to the evaluator and it runs against DynamoDB Local.
    const run = (await lambda.invoke({ action: 'evaluate-alerts' } as never)) as unknown;
    expect(run).toEqual({ raised: 0, resolved: 0, skipped: 0 });
    expect(lambda.output().some((line) => line.includes('"message":"alert run"'))).toBe(true);
  });

  it('answers a malformed query with 400', async () => {
    const response = await lambda.invoke(httpEvent('POST', { body: JSON.stringify({ query: '{ decisions(' }) }));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body!).errors[0].message).toMatch(/Syntax Error/);
  });

  it('logs one JSON line per request with org, request id and operation, and emits a Requests metric', async () => {
    const lines = lambda.output().map((line) => JSON.parse(line) as Record<string, any>);
    const requestLog = lines.find((line) => line.message === 'graphql request' && line.operationName === 'Recent');
    expect(requestLog).toMatchObject({ level: 'INFO', org: 'acme', method: 'GET', status: 200, service: 'decision-ledger' });
    expect(requestLog?.function_request_id).toMatch(/^req-\d+$/);
    const metric = lines.find((line) => line._aws?.CloudWatchMetrics?.[0]?.Namespace === 'DecisionLedger');
    expect(metric).toMatchObject({ Requests: 1, org: 'acme' });
  });
});

describe('the single writer, bundled: the API bundle appends through the writer bundle', () => {
  it('carries neither the web view nor the GraphQL server', () => {
    expect(readdirSync(writerBundle.dir)).not.toContain('web');
    const code = readFileSync(join(writerBundle.dir, 'index.mjs'), 'utf8');
    expect(code).not.toContain('GraphQLSchema');
    expect(writerBundle.codeBytes).toBeLessThan(bundle.codeBytes / 2);
  });

  it('wrote every event of the requests above, each append through an Invoke of the writer: gapless and chained', async () => {
    const events = await table.store.readAll(0);
    expect(events.map((e) => e.type)).toContain('DecisionRecorded');
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
    // One append per key (the ledger's own alert appends carry none: one event each).
    expect(lambdaService.appends).toBe(new Set(events.map((e) => e.idempotencyKey ?? e.eventId)).size);
    expect(lambdaService.invocations).toBeGreaterThanOrEqual(1);
    expect((await verifyIntegrity(table.store)).ok).toBe(true);
  });

  it('retries an invoke throttled because the writer is busy (reserved concurrency 1), then appends', async () => {
    const before = { ...lambdaService };
    lambdaService.throttleNext(3);
    const response = await lambda.invoke(httpEvent('POST', { body: JSON.stringify({ query: MUTATION }) }));
    expect(JSON.parse(response.body!).data.recordDecision.userErrors).toEqual([]);
    expect(lambdaService.throttled - before.throttled).toBe(3);
    expect(lambdaService.invocations - before.invocations).toBe(1);
  });

  it('refuses a request that is not a WriterRequest without touching the log', async () => {
    const before = await table.store.head();
    const answer = (await writer.invoke({ appends: 'everything' } as never)) as unknown as WriterResponse;
    expect(answer.outcomes).toEqual([{ ok: false, error: expect.objectContaining({ code: 'INVALID_ARGUMENT' }) }]);
    expect(await table.store.head()).toEqual(before);
  });

  it('answers a version conflict by its code and fields (not the minified class name), rebuilt by the API as the same error', async () => {
    const [decision] = (await table.store.readAll(0)).filter((e) => e.type === 'DecisionRecorded');
    const stale = { stream: decision!.stream, expectedVersion: 'no-stream', events: [{ type: 'DecisionRecorded', payload: decision!.payload }], meta: { actor: decision!.actor } };
    const answer = (await writer.invoke({ appends: [stale] } as never)) as unknown as WriterResponse;
    const outcome = answer.outcomes[0]!;
    expect(outcome).toMatchObject({ ok: false, error: { code: 'VERSION_CONFLICT', fields: { stream: decision!.stream, expected: 'no-stream' } } });
    expect(deserializeError((outcome as { error: SerializedError }).error)).toBeInstanceOf(VersionConflictError);
  });
});

interface LambdaService {
  /** What points the API bundle's Lambda client at it (and gives it credentials). */
  environment: Record<string, string>;
  invocations: number;
  /** Appends carried by the invocations. */
  appends: number;
  throttled: number;
  /** Answers the next `n` invokes with 429, as Lambda does while the one allowed invocation runs. */
  throttleNext(n: number): void;
  close(): Promise<void>;
}

/**
 * Lambda's Invoke API (POST /2015-03-31/functions/<name>/invocations) for bundles run in harnesses,
 * with reserved concurrency 1: an invoke while one runs is answered 429 TooManyRequestsException.
 */
async function startLambdaService(functions: Record<string, Harness>): Promise<LambdaService> {
  let running = false;
  let throttle = 0;
  const service: LambdaService = {
    environment: {},
    invocations: 0,
    appends: 0,
    throttled: 0,
    throttleNext: (n) => void (throttle = n),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const name = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? '')?.[1];
      const fn = name ? functions[decodeURIComponent(name)] : undefined;
      if (!fn) return json(res, 404, { message: `Function not found: ${name}` }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
      if (running || throttle > 0) {
        throttle = Math.max(0, throttle - 1);
        service.throttled += 1;
        return json(res, 429, { message: 'Rate Exceeded.', Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' }, { 'x-amzn-errortype': 'TooManyRequestsException' });
      }
      running = true;
      service.invocations += 1;
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { appends?: unknown[] };
      service.appends += event.appends?.length ?? 0;
      fn.invoke(event as never).then(
        (result) => {
          running = false;
          json(res, 200, result, { 'x-amz-executed-version': '$LATEST' });
        },
        (error: Error) => {
          running = false;
          json(res, 200, { errorMessage: error.message }, { 'x-amz-function-error': 'Unhandled' });
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  service.environment = {
    AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  };
  return service;
}

/** A browser's GET of a path of the web view (no token). */
function webEvent(path: string): APIGatewayProxyEventV2 {
  const event = httpEvent('GET', {});
  delete event.headers.authorization;
  event.headers['accept-encoding'] = 'gzip, deflate, br';
  event.headers.accept = 'text/html,*/*';
  return { ...event, rawPath: path, routeKey: path === '/' ? 'GET /' : 'GET /{proxy+}', requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path } } };
}

function httpEvent(
  method: 'GET' | 'POST',
  request: { body?: string; query?: string; isBase64Encoded?: boolean },
): APIGatewayProxyEventV2 {
  const domainName = 'abc123.execute-api.eu-west-1.amazonaws.com';
  return {
    version: '2.0',
    routeKey: `${method} /graphql`,
    rawPath: '/graphql',
    rawQueryString: request.query ?? '',
    queryStringParameters: request.query ? Object.fromEntries(new URLSearchParams(request.query)) : undefined,
    cookies: ['theme=dark', 'seen=1'],
    headers: {
      host: domainName,
      'x-forwarded-proto': 'https',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${token}`,
      ...(method === 'POST' && { 'content-type': 'application/json' }),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName,
      domainPrefix: 'abc123',
      http: { method, path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'api-request',
      routeKey: `${method} /graphql`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    body: request.body,
    isBase64Encoded: request.isBase64Encoded ?? false,
  };
}

interface Harness {
  invoke(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2>;
  /** Lines the function wrote to stdout (Powertools logs and EMF metrics). */
  output(): string[];
  stop(): void;
}

/** Starts lambda-harness.mjs with the bundle; resolves once the module (cold start) has loaded. */
function startHarness(bundlePath: string, env: Record<string, string>): Promise<Harness> {
  const child: ChildProcess = fork(HARNESS, [bundlePath], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const pending = new Map<string, { resolve: (result: APIGatewayProxyStructuredResultV2) => void; reject: (error: Error) => void }>();
  let next = 0;

  return new Promise((resolveStart, rejectStart) => {
    child.once('exit', (code) => {
      const error = new Error(`Lambda harness exited with code ${code}:\n${stderr}`);
      rejectStart(error);
      for (const call of pending.values()) call.reject(error);
    });
    child.on('message', (message: { ready?: true; id?: string; result?: APIGatewayProxyStructuredResultV2; error?: string }) => {
      if (message.ready) {
        resolveStart({
          invoke(event) {
            const id = `req-${++next}`;
            return new Promise((resolve, reject) => {
              pending.set(id, { resolve, reject });
              child.send({ id, event });
            });
          },
          output: () => stdout.split('\n').filter((line) => line.startsWith('{')),
          stop: () => child.kill(),
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

import { fork, type ChildProcess } from 'node:child_process';
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
import { lambdaBundles, type LambdaBundle } from '../../infra/assets.ts';
import { LAMBDA_BUNDLING } from '../../infra/bundling.ts';
import { OrgStack } from '../../infra/org-stack.ts';
import { testToken, TEST_AUTH_ENV } from '../support/auth.ts';
import { createTestTable } from '../support/dynamo.ts';
import { testApp } from './test-app.ts';

// The bundle CDK builds for the stack, run in a plain Node process against DynamoDB Local.
// It is synthesized outside the repo, so nothing resolves from node_modules: the bundle must be self-contained.
const WORK_DIR = join(tmpdir(), 'decision-ledger-bundle-test');
const HARNESS = fileURLToPath(new URL('./lambda-harness.mjs', import.meta.url));
const MAX_BUNDLE_BYTES = 1_500_000;
const BUILTINS = new Set(builtinModules);

let outdir: string;
let bundle: LambdaBundle;
let lambda: Harness;
let token: string;

beforeAll(async () => {
  mkdirSync(WORK_DIR, { recursive: true });
  outdir = mkdtempSync(join(WORK_DIR, 'bundle-test-'));
  const app = testApp({}, { outdir });
  // The GraphQL function's bundle alone (the dispatcher's is tested in outbound-stack.test.ts).
  const stack = new OrgStack(app, 'BundleTest', { org: 'acme', outbound: false });
  [bundle] = lambdaBundles(app.synth()) as [LambdaBundle];

  // The function's environment as deployed, with the table on DynamoDB Local and the test token
  // issuer (its public key inline, JWT_PUBLIC_JWK) in place of the stack's user pool.
  const [fn] = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
  const { JWT_ISSUER: _issuer, JWT_AUDIENCE: _audience, JWT_JWKS_URL: _jwks, ...deployed } = fn!.Properties.Environment.Variables as Record<string, string>;
  const table = await createTestTable('lambda');
  lambda = await startHarness(join(bundle.dir, 'index.mjs'), {
    ...deployed,
    // The stack's WEB_CONFIG is resolved at deploy time (the pool's endpoints).
    WEB_CONFIG: JSON.stringify({ auth: { kind: 'token', hint: 'from the bundle test' } }),
    ...TEST_AUTH_ENV,
    ORG: deployed.ORG!,
    EVENTS_TABLE: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
  });
  token = await testToken({ org: deployed.ORG, roles: ['LEAD'] });
}, 120_000);

afterAll(() => {
  lambda?.stop();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('Lambda bundle', () => {
  it('is one self-contained ESM file under 1.5 MB, AWS SDK included, with a source map next to it', async () => {
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

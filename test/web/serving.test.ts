import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, webAppPlugin } from '../../api/web-app.ts';
import { createYoga } from 'graphql-yoga';
import { schema } from '../../api/schema/index.ts';
import { WEB_DIST } from '../../web/build.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';

/**
 * The web view and GraphiQL as the local API serves them, over real HTTP: the app at / with its
 * security headers, hashed assets cached for good and gzipped, its sign-in configuration, and
 * GraphiQL with its assets inlined from the package, so both work without any CDN.
 */
let api: TestServer;
let origin: string;

beforeAll(async () => {
  api = await startTestServer('web-serving', {}, { web: { dir: WEB_DIST, config: { auth: { kind: 'token', hint: 'npm run token' } } } });
  origin = new URL(api.url).origin;
});
afterAll(() => api?.close());

describe('the web view at /', () => {
  it('serves index.html for the app and each of its pages, never cached, with a strict content security policy', async () => {
    for (const path of ['/', '/priorities', '/okrs?at=2026-04-24T16:00:00.000Z', '/audit']) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ auth: { kind: 'token' } }));
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      const html = await response.text();
      expect(html).toMatch(/<div id="app"><\/div>/);
      // Every script and stylesheet from this origin.
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
    expect(contentSecurityPolicy({ auth: { kind: 'token' } })).toMatch(/script-src 'self';.*connect-src 'self';/);
    // Signing in through an issuer: the browser may also call its token and discovery endpoints.
    const oidc = { kind: 'oidc', issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/pool', clientId: 'web', scopes: 'openid', tokenEndpoint: 'https://acme.auth.eu-west-1.amazoncognito.com/oauth2/token' } as const;
    expect(contentSecurityPolicy({ auth: oidc })).toMatch(
      /connect-src 'self' https:\/\/cognito-idp\.eu-west-1\.amazonaws\.com https:\/\/acme\.auth\.eu-west-1\.amazoncognito\.com;/,
    );
  });

  it('serves the hashed assets gzipped and immutable, and nothing outside them', async () => {
    const [script] = readdirSync(join(WEB_DIST, 'assets')).filter((f) => f.endsWith('.js'));
    const response = await fetch(`${origin}/assets/${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // fetch decompresses: the body is the script itself.
    expect((await response.text()).length).toBeGreaterThan(100);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    // Errors come as every error of the API does: JSON with a code (so no generic rewrite of bare error responses touches them).
    const error = async (response: Response) => ({ status: response.status, type: response.headers.get('content-type'), code: ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code });
    for (const path of ['/assets/missing.js', '/assets/..%2F..%2Fpackage.json', '/package.json', '/web/build.ts']) {
      expect(await error(await fetch(`${origin}${path}`))).toEqual({ status: 404, type: 'application/json; charset=utf-8', code: 'NOT_FOUND' });
    }
    const post = await fetch(`${origin}/priorities`, { method: 'POST', body: '{}' });
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(await error(post)).toEqual({ status: 405, type: 'application/json; charset=utf-8', code: 'METHOD_NOT_ALLOWED' });
  });

  it('says how people sign in here, and keeps GraphQL at /graphql', async () => {
    const config = await fetch(`${origin}/web-config.json`);
    expect(config.headers.get('cache-control')).toBe('no-store');
    expect(await config.json()).toEqual({ auth: { kind: 'token', hint: 'npm run token' } });
    const { status, data } = await api.gql('{ priorities { version } }');
    expect({ status, data }).toEqual({ status: 200, data: { priorities: { version: 0 } } });
    // Without a token the API still refuses, whatever the web view is.
    expect((await api.as(null)('{ priorities { version } }')).status).toBe(401);
  });
});

describe('the web view before it is built', () => {
  it('says how to build it, as a coded JSON error, and leaves GraphQL alone', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'web-unbuilt-'));
    try {
      const yoga = createYoga({ schema, plugins: [webAppPlugin({ dir: empty, config: { auth: { kind: 'token' } } })] });
      const response = await yoga.fetch('http://local.test/priorities');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ errors: [{ message: expect.stringMatching(/npm run web:build/), extensions: { code: 'WEB_VIEW_NOT_BUILT' } }] });
      // /graphql is never the web view's: yoga answers it.
      const graphql = await yoga.fetch('http://local.test/graphql?query=%7B__typename%7D', { headers: { accept: 'application/json' } });
      expect(await graphql.json()).toEqual({ data: { __typename: 'Query' } });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('GraphiQL', () => {
  it('inlines its scripts and styles from the package: no CDN, so it works offline', async () => {
    const page = await (await fetch(api.url, { headers: { accept: 'text/html' } })).text();
    expect(page).toMatch(/<title>decision-ledger<\/title>/);
    expect(page).not.toMatch(/unpkg\.com|jsdelivr|cdnjs|esm\.sh/);
    expect(page).not.toMatch(/<script[^>]+src="https?:/);
    expect(page).not.toMatch(/__TITLE__/);
    expect(page.length).toBeGreaterThan(1_000_000);
    expect(page).toMatch(/npm run token -- --role ADMIN --sub you/);
  });
});

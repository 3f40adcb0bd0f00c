import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OAuth2Issuer, OAuth2Service } from 'oauth2-mock-server';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { loadOrCreateDevKey } from '../../api/auth/dev-key.ts';
import { mintToken } from '../../api/auth/mint-token.ts';
import { configFromEnv } from '../../api/config.ts';
import { localWebConfig } from '../../api/web-app.ts';
import { inProcessClient } from '../../demo/client.ts';
import { seedLedger, type SeedReport } from '../../demo/seed-ledger.ts';
import { WEB_DIST } from '../../web/build.ts';
import { launchChromium } from '../../web/chromium.ts';
import { createTestTable } from '../support/dynamo.ts';

/**
 * The web view end to end in headless Chromium (Debian's chromium through playwright-core), on one
 * seeded ledger served by the real API over HTTP, one browser for the file: sign-in, each page with
 * the demo's records, the time slider and permalinks, compare, roles, accessibility (axe-core
 * injected into the page) and a screenshot of each page under test-output/web/ (git-ignored).
 */
const SCREENSHOTS = new URL('../../test-output/web/', import.meta.url).pathname;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PAGES = [
  { path: '/priorities', name: 'priorities', shows: ['One-click checkout', 'In-app insights panel', 'Shared payments SDK'] },
  { path: '/okrs', name: 'okrs', shows: ['Launch one-click checkout', 'Paying insights customers', 'Checkout'] },
  { path: '/allocation', name: 'allocation', shows: ['Checkout', 'Insights', 'Platform', 'Product vs platform staffing'] },
  { path: '/decisions', name: 'decisions', shows: ['Validate insights by email before building them in the app', 'Superseded by', 'Due for revisit'] },
  { path: '/audit', name: 'audit', shows: ['LedgerClockSet', 'Integrity verified'] },
];

/** Waits for what the page shows; generous, because the machine may be busy with other test files (no timing is asserted). */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

let dataDir: string;
let server: Server;
let origin: string;
let context: BrowserContext;
let page: Page;
let seeded: SeedReport;
let ledger: { endpoint: string; tableName: string };
const tokens: Record<'ADMIN' | 'READER', string> = { ADMIN: '', READER: '' };
/** The origins the main tab asked for anything (pages, scripts, styles, fonts, GraphQL). */
const requested = new Set<string>();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'web-browser-'));
  const table = await createTestTable('web-browser');
  ledger = { endpoint: table.endpoint, tableName: table.tableName };
  const config = configFromEnv({ DYNAMODB_ENDPOINT: table.endpoint, EVENTS_TABLE: table.tableName, DATA_DIR: dataDir });
  const seed = inProcessClient(config);
  try {
    seeded = await seedLedger(seed.client, { clock: seed.clock, evaluateAlerts: seed.evaluateAlerts });
  } finally {
    seed.close();
  }
  const { yoga } = createApp(config, { web: { dir: WEB_DIST, config: localWebConfig(config) } });
  server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = await loadOrCreateDevKey(config.auth.keys.kind === 'dev-key' ? config.auth.keys.file : '');
  for (const role of ['ADMIN', 'READER'] as const) {
    tokens[role] = await mintToken(key, { sub: `web-${role.toLowerCase()}`, name: `Web ${role}`, roles: [role], org: config.auth.org, expiresIn: '1h' });
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  context = await launchChromium();
  page = await context.newPage();
  page.on('request', (request) => requested.add(new URL(request.url()).origin));
}, 240_000);

afterAll(async () => {
  await context?.close();
  server?.closeAllConnections();
  server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(role: 'ADMIN' | 'READER'): Promise<void> {
  await page.goto(`${origin}/`);
  await page.locator('#token, .sign-out').first().waitFor();
  const signOut = page.getByRole('button', { name: 'Sign out' });
  if (await signOut.isVisible()) await signOut.click();
  await page.getByLabel('Token').fill(tokens[role]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Pages' }).waitFor();
}

/** The text of the page's (first) column once its data is in. */
async function columnText(index = 0): Promise<string> {
  const column = page.locator('.moment-column').nth(index);
  await column.locator('.page-heading').waitFor();
  await eventually(() => column.locator('.stale, [aria-busy="true"], .loading').count()).toBe(0);
  return column.innerText();
}

const rankedTitles = (column = 0) => page.locator('.moment-column').nth(column).locator('.ranked > li h3').allInnerTexts();

/** axe-core in the page (evaluated, so the app's content security policy does not apply to it). */
async function seriousViolations(): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('the web view on the seeded ledger', { timeout: 90_000 }, () => {
  it('signs in with a development token pasted in the form labelled Token, kept out of the URL', async () => {
    await page.goto(`${origin}/priorities`);
    await page.getByLabel('Token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.getByRole('alert').innerText()).toMatch(/refused this token/);
    await signIn('ADMIN');
    expect(page.url()).not.toContain(tokens.ADMIN.slice(0, 20));
    expect(await page.evaluate(() => sessionStorage.getItem('decision-ledger.token'))).toBe(tokens.ADMIN);
    expect(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allInnerTexts()).toEqual([
      'Priorities',
      'OKRs',
      'Allocation',
      'Decisions and tradeoffs',
      'Audit',
    ]);
  });

  for (const spec of PAGES) {
    it(`shows ${spec.path} with the seeded records, no serious accessibility violation, and a screenshot`, async () => {
      await page.goto(`${origin}${spec.path}`);
      const text = await columnText();
      for (const expected of spec.shows) expect(text).toContain(expected);
      expect(await seriousViolations()).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `${spec.name}.png`), fullPage: true });
    });
  }

  it('moves the slider to a date in the first month: the priority list and the OKRs are those of then', async () => {
    const firstMonth = seeded.moments.find((m) => /first month/.test(m.label))!;
    await page.goto(`${origin}/priorities`);
    expect(await columnText()).toContain('now');
    const now = await rankedTitles();
    expect(now).not.toContain('Payment retry hardening');

    const slider = page.getByRole('slider', { name: 'Moment' });
    await slider.fill(String(Math.floor(Date.parse(firstMonth.asOf) / 3_600_000)));
    await eventually(() => page.url()).toContain(`at=${encodeURIComponent(firstMonth.asOf)}`);
    await eventually(rankedTitles).toEqual([
      'One-click checkout',
      'Insights email digest',
      'Deploys in under an hour',
      'Shared payments SDK',
      'In-app insights panel',
      'Payment retry hardening',
    ]);
    expect(await columnText()).toContain(`as of ${firstMonth.asOf.slice(0, 10)} ${firstMonth.asOf.slice(11, 16)} UTC`);

    // The same moment follows to the OKR page: last quarter's objectives in progress, not this quarter's.
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'OKRs' }).click();
    await eventually(() => page.url()).toContain(`/okrs?at=${encodeURIComponent(firstMonth.asOf)}`);
    const then = await columnText();
    expect(then).toContain('Make paying effortless');
    expect(then).toContain(seeded.plan.previous.cycle);
    expect(then).not.toContain('Launch one-click checkout');
    await page.goto(`${origin}/okrs`);
    const current = await columnText();
    expect(current).toContain('Launch one-click checkout');
    expect(current).not.toContain('Make paying effortless');
  });

  it('opens a permalink at its past moment, by instant or by log position, in a new tab', async () => {
    const planned = seeded.moments[0]!;
    const tab = await context.newPage();
    try {
      await tab.goto(`${origin}/`);
      await tab.evaluate((token) => sessionStorage.setItem('decision-ledger.token', token), tokens.READER);
      await tab.goto(`${origin}/priorities?at=${encodeURIComponent(planned.asOf)}`);
      const titles = () => tab.locator('.ranked > li h3').allInnerTexts();
      await eventually(titles).toEqual(['One-click checkout', 'In-app insights panel', 'Deploys in under an hour', 'Shared payments SDK', 'Payment retry hardening']);
      expect(await tab.getByRole('slider', { name: 'Moment' }).inputValue()).toBe(String(Math.floor(Date.parse(planned.asOf) / 3_600_000)));
      // Position 118 is the end of the first month in every seeded ledger (README).
      await tab.goto(`${origin}/priorities?at=118`);
      await eventually(() => tab.locator('.page-heading').innerText()).toContain('at log position 118');
      expect(await titles()).toContain('Insights email digest');
      expect(await tab.getByRole('slider', { name: 'Position' }).inputValue()).toBe('118');
    } finally {
      await tab.close();
    }
  });

  it('compares a past moment with now side by side in one click', async () => {
    const planned = seeded.moments[0]!;
    await page.goto(`${origin}/priorities?at=${encodeURIComponent(planned.asOf)}`);
    await columnText();
    await page.getByRole('button', { name: 'Compare with now' }).click();
    await eventually(() => page.url()).toContain('vs=now');
    await eventually(() => page.locator('.moment-column').count()).toBe(2);
    await columnText(1);
    expect(await rankedTitles(0)).toContain('Payment retry hardening');
    expect(await rankedTitles(1)).not.toContain('Payment retry hardening');
    expect(await page.locator('.moment-column').nth(1).locator('.page-heading').innerText()).toContain('now');
    // Two columns of the same page: still unique ids and no serious violation.
    expect(await seriousViolations()).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'priorities-compare.png'), fullPage: false });
    await page.getByRole('button', { name: 'Stop comparing' }).click();
    await eventually(() => page.locator('.moment-column').count()).toBe(1);
  });

  it('links a priority change to its evidence at the same moment', async () => {
    await page.goto(`${origin}/priorities`);
    await columnText();
    const evidence = page.locator('.ranked .evidence a', { hasText: 'Decision: Resume one-click checkout on the shared payments SDK' }).first();
    await evidence.click();
    await eventually(() => page.url()).toContain('/decisions#decision-');
    await eventually(() => page.locator('.targeted h3').innerText()).toBe('Resume one-click checkout on the shared payments SDK');
  });

  it('shows READER every page but the audit trail', async () => {
    await signIn('READER');
    expect(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allInnerTexts()).toEqual([
      'Priorities',
      'OKRs',
      'Allocation',
      'Decisions and tradeoffs',
    ]);
    await page.goto(`${origin}/audit`);
    await eventually(() => page.url()).toMatch(/\/priorities$/);
    expect(await columnText()).toContain('One-click checkout');
  });

  it('serves GraphiQL that runs without any CDN', async () => {
    await page.goto(`${origin}/graphql`);
    await page.locator('.graphiql-container').first().waitFor();
    expect(await page.title()).toBe('decision-ledger');
    expect(await page.content()).not.toContain('Loading __TITLE__');
  });

  it('asked nothing of any other origin on every page above, GraphiQL included: it works offline', () => {
    expect([...requested].filter((o) => o !== 'null')).toEqual([origin]);
  });
});

/**
 * Sign-in as in AWS, through an OpenID Connect issuer: authorization code with PKCE. The issuer is
 * a stand-in on loopback (oauth2-mock-server: discovery, /authorize answering at once, a /token
 * that checks the PKCE verifier, signed JWTs and their JWKS); the API verifies its tokens against
 * that JWKS as it does Cognito's, over the same seeded ledger.
 */
describe('signing in through an OpenID Connect issuer', { timeout: 90_000 }, () => {
  const issuer = new OAuth2Issuer();
  let issuerServer: Server;
  let oidcServer: Server;
  let oidcOrigin: string;

  beforeAll(async () => {
    await issuer.keys.generate('RS256');
    const service = new OAuth2Service(issuer);
    // Our own server around the issuer's handler, so afterAll can drop the browser's kept-alive connections.
    issuerServer = createServer(service.requestHandler);
    await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
    issuer.url = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
    // What Cognito puts in an access token: the client and the person's groups (roles).
    service.on('beforeTokenSigning', (token) => {
      Object.assign(token.payload, { client_id: 'web-view', name: 'Olivia Auditor', roles: ['AUDITOR'] });
    });
    const config = configFromEnv({
      DYNAMODB_ENDPOINT: ledger.endpoint,
      EVENTS_TABLE: ledger.tableName,
      DATA_DIR: dataDir,
      JWT_ISSUER: issuer.url!,
      JWT_JWKS_URL: `${issuer.url}/jwks`,
      JWT_AUDIENCE: 'web-view',
      JWT_ORG_CLAIM_OPTIONAL: 'true',
    });
    const web = { auth: { kind: 'oidc', issuer: issuer.url!, clientId: 'web-view', scopes: 'openid', providerName: 'the test issuer' } } as const;
    oidcServer = createServer(createApp(config, { web: { dir: WEB_DIST, config: web } }).yoga);
    await new Promise<void>((resolve) => oidcServer.listen(0, '127.0.0.1', resolve));
    oidcOrigin = `http://127.0.0.1:${(oidcServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    oidcServer?.closeAllConnections();
    oidcServer?.close();
    issuerServer?.closeAllConnections();
    issuerServer?.close();
  });

  it('goes to the issuer and back with a code, exchanges it with its verifier, and opens the page it started from', async () => {
    const tab = await context.newPage();
    try {
      await tab.goto(`${oidcOrigin}/decisions?at=94`);
      const requests: string[] = [];
      tab.on('request', (request) => requests.push(request.url()));
      await tab.getByRole('button', { name: 'Sign in with the test issuer' }).click();
      await tab.getByRole('navigation', { name: 'Pages' }).waitFor();
      // The authorization request carried a PKCE challenge; the code came back and left the address bar.
      const authorize = new URL(requests.find((url) => url.startsWith(`${issuer.url}/authorize`))!);
      expect(Object.fromEntries(['response_type', 'client_id', 'code_challenge_method', 'redirect_uri'].map((k) => [k, authorize.searchParams.get(k)]))).toEqual({
        response_type: 'code',
        client_id: 'web-view',
        code_challenge_method: 'S256',
        redirect_uri: `${oidcOrigin}/`,
      });
      expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(requests.some((url) => url.startsWith(`${oidcOrigin}/?code=`))).toBe(true);
      await eventually(() => new URL(tab.url()).pathname + new URL(tab.url()).search).toBe('/decisions?at=94');
      // The issuer's access token, which the API accepted with its role: the audit page is there.
      const token = await tab.evaluate(() => sessionStorage.getItem('decision-ledger.token'));
      expect(JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString())).toMatchObject({ iss: issuer.url, client_id: 'web-view' });
      expect(await tab.getByRole('navigation', { name: 'Pages' }).getByRole('link').allInnerTexts()).toContain('Audit');
      await eventually(() => tab.locator('.page-heading').first().innerText()).toContain('at log position 94');
    } finally {
      await tab.close();
    }
  });
});

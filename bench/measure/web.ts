import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../../api/app.ts';
import { loadOrCreateDevKey } from '../../api/auth/dev-key.ts';
import { mintToken } from '../../api/auth/mint-token.ts';
import { configFromEnv } from '../../api/config.ts';
import { localWebConfig } from '../../api/web-app.ts';
import { inProcessClient } from '../../demo/client.ts';
import { seedLedger } from '../../demo/seed-ledger.ts';
import { ensureWebBuilt, WEB_DIST } from '../../web/build.ts';
import { launchChromium } from '../../web/chromium.ts';
import { openTable } from '../lib/dynamo.ts';
import { summarize, type Summary } from '../lib/stats.ts';

export interface WebViewResult {
  /** Events of the seeded ledger the page shows. */
  events: number;
  /** JavaScript the first page (/priorities) loads, as sent (gzip), and decoded. */
  firstPageJsGzipBytes: number;
  firstPageJsBytes: number;
  scripts: { url: string; gzipBytes: number; bytes: number }[];
  /** From navigation start to the priority list rendered with its data, cold cache each run. */
  firstRender: Summary;
  runs: number[];
}

/**
 * The web view on the demo ledger (npm run seed's quarter, written through the API in this
 * process), served by the API over loopback HTTP, opened in headless Chromium with a fresh profile
 * (empty cache) per run and the token already in the tab: the scripts the priorities page loads
 * (bytes on the wire, gzip) and when its list first rendered with data (the page's
 * `priorities-rendered` mark, from navigation start). Time to first render includes the HTML, the
 * scripts, /web-config.json, the sign-in check, the time bar's queries and the page's query.
 */
export async function measureWebView(options: { endpoint: string; dataDir: string; runs: number; log: (line: string) => void }): Promise<WebViewResult> {
  await ensureWebBuilt(options.log);
  const table = await openTable(options.endpoint, 'bench-web');
  const dataDir = join(options.dataDir, 'web');
  mkdirSync(dataDir, { recursive: true });
  const config = configFromEnv({ DYNAMODB_ENDPOINT: options.endpoint, EVENTS_TABLE: table.tableName, DATA_DIR: dataDir });
  const seed = inProcessClient(config);
  let events: number;
  try {
    events = (await seedLedger(seed.client, { clock: seed.clock, evaluateAlerts: seed.evaluateAlerts })).events;
  } finally {
    seed.close();
  }
  const { yoga } = createApp(config, { web: { dir: WEB_DIST, config: localWebConfig(config) } });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = await loadOrCreateDevKey(config.auth.keys.kind === 'dev-key' ? config.auth.keys.file : '');
  const token = await mintToken(key, { sub: 'bench-reader', name: 'Bench reader', roles: ['READER'], org: config.auth.org, expiresIn: '1h' });
  const runs: number[] = [];
  let scripts: WebViewResult['scripts'] = [];
  try {
    // One warm-up run (the server's first requests read and compress the files), then the measured ones.
    for (let run = 0; run <= options.runs; run += 1) {
      const browser = await launchChromium();
      try {
        await browser.addInitScript((value) => sessionStorage.setItem('decision-ledger.token', value), token);
        const page = await browser.newPage();
        const loaded: Promise<WebViewResult['scripts'][number]>[] = [];
        page.on('response', (response) => {
          if (response.request().resourceType() !== 'script') return;
          loaded.push(
            response.body().then((body) => ({
              url: new URL(response.url()).pathname,
              gzipBytes: response.headers()['content-encoding'] === 'gzip' ? Number(response.headers()['content-length']) : body.length,
              bytes: body.length,
            })),
          );
        });
        await page.goto(`${origin}/priorities`);
        const rendered = await page.waitForFunction(() => performance.getEntriesByName('priorities-rendered')[0]?.startTime, undefined, { timeout: 30_000 });
        const ms = (await rendered.jsonValue()) as number;
        if (run > 0) runs.push(ms);
        scripts = await Promise.all(loaded);
      } finally {
        await browser.close();
      }
    }
  } finally {
    server.closeAllConnections();
    server.close();
    table.client.destroy();
  }
  return {
    events,
    firstPageJsGzipBytes: scripts.reduce((sum, s) => sum + s.gzipBytes, 0),
    firstPageJsBytes: scripts.reduce((sum, s) => sum + s.bytes, 0),
    scripts,
    firstRender: summarize(runs),
    runs,
  };
}

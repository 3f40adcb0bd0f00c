import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, devKeyFile, loadOrCreateDevKey } from '../../api/auth/dev-key.ts';
import { mintToken } from '../../api/auth/mint-token.ts';
import { freePort } from '../../events/dynamodb/local-dynamodb.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { testToken, TEST_AUTH_ENV } from '../support/auth.ts';

// Where accepted tokens come from: the development key, an inline key, an issuer's JWKS URL.

const dataDir = mkdtempSync(join(tmpdir(), 'decision-ledger-auth-'));
const closers: (() => unknown)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function serve(label: string, env: Record<string, string>): Promise<TestServer> {
  const api = await startTestServer(label, env);
  closers.push(() => api.close());
  return api;
}

/** Settings of `npm start`: no JWT_* variables, the development key in DATA_DIR. */
const DEV_ENV = { JWT_ISSUER: '', JWT_AUDIENCE: '', JWT_PUBLIC_JWK: '', ORG: '', DATA_DIR: dataDir };
const QUERY = '{ decisions(first: 1) { totalCount } }';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('the development key', () => {
  it('signs what `npm run token` prints, and the local server accepts it with the actor it names', async () => {
    const run = promisify(execFile);
    const cli = ['--import', 'tsx', 'api/cli/token.ts', '--role', 'LEAD', '--sub', 'build-bot', '--kind', 'SERVICE', '--name', 'Build bot'];
    const { stdout } = await run(process.execPath, cli, { env: { ...process.env, DATA_DIR: dataDir, ORG: '' } });
    const api = await serve('auth-dev', DEV_ENV);
    const recorded = await api.as(null)(
      `mutation { recordDecision(input: { title: "From the CLI", rationale: "r" }) { decision { recordedBy { id name kind } } } }`,
      {},
      bearer(stdout.trim()),
    );
    expect(recorded.status).toBe(200);
    expect(recorded.data.recordDecision.decision.recordedBy).toEqual({ id: 'build-bot', name: 'Build bot', kind: 'SERVICE' });
    // The test issuer's tokens mean nothing to it.
    expect((await api.gql(QUERY)).status).toBe(401);
  }, 60_000);

  it('is never accepted in production, even with its issuer and audience configured and the key file present', async () => {
    const devToken = await mintToken(await loadOrCreateDevKey(devKeyFile(dataDir)), { sub: 'dev', roles: ['ADMIN'], org: 'local' });
    const production = await serve('auth-prod', {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      JWT_ISSUER: DEV_ISSUER,
      JWT_AUDIENCE: DEV_AUDIENCE,
      ORG: 'local',
    });
    const refused = await production.as(null)(QUERY, {}, bearer(devToken));
    expect(refused).toMatchObject({ status: 401, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    // The same token on a development server: accepted.
    const local = await serve('auth-local', DEV_ENV);
    expect((await local.as(null)(QUERY, {}, bearer(devToken))).status).toBe(200);
  });
});

describe('an issuer JWKS URL', () => {
  it('is fetched once and cached across requests', async () => {
    let fetches = 0;
    const jwks: Server = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [JSON.parse(TEST_AUTH_ENV.JWT_PUBLIC_JWK)] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    closers.push(() => jwks.close());
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    const api = await serve('auth-jwks', { JWT_PUBLIC_JWK: '', JWT_JWKS_URL: url });
    for (let i = 0; i < 3; i++) expect((await api.gql(QUERY)).status).toBe(200);
    expect(fetches).toBe(1);
  });

  it('answers 503 AUTH_UNAVAILABLE, not 401, while the issuer cannot be reached', async () => {
    const api = await serve('auth-jwks-down', { JWT_PUBLIC_JWK: '', JWT_JWKS_URL: `http://127.0.0.1:${await freePort()}/jwks.json` });
    const response = await api.as(null)(QUERY, {}, bearer(await testToken()));
    expect(response).toMatchObject({ status: 503, errors: [{ extensions: { code: 'AUTH_UNAVAILABLE', retryable: true } }] });
  });
});

import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { authorization } from '../support/auth.ts';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('audits');
});
afterAll(() => api.close());

describe('GraphQL over HTTP audit (graphql-http serverAudits)', () => {
  it('passes every audit for a request with a valid token', async () => {
    const credentials = await authorization();
    const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', credentials.authorization);
      return fetch(input, { ...init, headers });
    };
    const audits = serverAudits({ url: () => api.url, fetchFn });
    const results = await Promise.all(audits.map(async (audit) => ({ name: audit.name, result: await audit.fn() })));
    const failed = results.filter((r) => r.result.status !== 'ok');
    expect(failed.map((f) => `${f.name}: ${'reason' in f.result ? f.result.reason : ''}`)).toEqual([]);
    expect(results.length).toBeGreaterThan(20);
  });
});

import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api-server.ts';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('audits');
});
afterAll(() => api.close());

describe('GraphQL over HTTP audit (graphql-http serverAudits)', () => {
  it('passes every audit', async () => {
    const audits = serverAudits({ url: () => api.url, fetchFn: fetch });
    const results = await Promise.all(audits.map(async (audit) => ({ name: audit.name, result: await audit.fn() })));
    const failed = results.filter((r) => r.result.status !== 'ok');
    expect(failed.map((f) => `${f.name}: ${'reason' in f.result ? f.result.reason : ''}`)).toEqual([]);
    expect(results.length).toBeGreaterThan(20);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as operations from '../../web/src/gql/graphql.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';

/** The real API accepts every operation of the web view, now and at a past moment, within its query limits. */
describe('against the API', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer('web-operations');
  });
  afterAll(() => api?.close());

  /** Variables each operation needs (page sizes as the pages send them). */
  const VARIABLES: Record<string, Record<string, unknown>> = {
    PrioritiesPage: { changes: 100 },
    OkrsPage: { first: 100 },
    AllocationSetup: { first: 100 },
    DecisionsPage: { first: 100 },
    AllocationTrends: { fromWeek: '2026-W01', toWeek: '2026-W20', team: null },
    StaffingPage: { fromWeek: '2026-W01', toWeek: '2026-W20' },
    AuditPage: { first: 50, filter: { kinds: ['decision'] } },
  };

  it('accepts every operation of the web view, now and at a past moment, within the query limits', async () => {
    await api.gql('mutation { recordDecision(input: { title: "First", rationale: "So the log has a position 1" }) { userErrors { message } } }');
    const documents = Object.entries(operations).filter(([name]) => name.endsWith('Document'));
    expect(documents.length).toBeGreaterThanOrEqual(11);
    for (const [name, document] of documents) {
      const operation = name.replace(/Document$/, '');
      for (const moment of [{}, { atPosition: 1 }]) {
        const { status, errors } = await api.gql(String(document), { ...VARIABLES[operation], ...moment });
        expect({ operation, status, errors }).toEqual({ operation, status: 200, errors: undefined });
      }
    }
  });
});

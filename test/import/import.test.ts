import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { testToken } from '../support/auth.ts';
import { ImportFileError, MAX_IMPORT_BYTES } from '../../api/import/file.ts';
import { runImport, type ImportOptions, type ImportTransport } from '../../api/import/importer.ts';
import { httpTransport } from '../../api/import/transport.ts';
import { IMPORT_KINDS, templateCsv } from '../../api/import/kinds.ts';
import { taxonomyV2 } from '../support/taxonomy.ts';

let api: TestServer;
let transport: ImportTransport;
const dir = mkdtempSync(join(tmpdir(), 'ledger-import-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const head = async () => (await api.app.store.head()).position;
const run = (kind: string, path: string, options: Partial<ImportOptions> = {}) => runImport({ kind, file: path, transport, ...options });

// 50 teams x 100 weeks = 5 000 reports, one a row.
const TEAMS = Array.from({ length: 50 }, (_, i) => `team-${String(i).padStart(2, '0')}`);
const WEEKS = Array.from({ length: 100 }, (_, i) => (i < 52 ? `2024-W${String(i + 1).padStart(2, '0')}` : `2025-W${String(i - 51).padStart(2, '0')}`));

beforeAll(async () => {
  api = await startTestServer('import');
  const token = await testToken({ sub: 'importer' });
  // The rows go over real HTTP, as `npm run import -- --url` sends them.
  transport = httpTransport(api.url, async () => `Bearer ${token}`);
});
afterAll(() => api.close());

describe('npm run import, over HTTP on DynamoDB Local', () => {
  // 5 000 rows run at the API's own mutation rate: 150 s alone on the shared two cores, more inside `npm test`.
  it('imports teams, then 5 000 allocation rows with 3 bad ones: refused whole, dry run, then --partial', { timeout: 300_000 }, async () => {
    const teams = file('teams.csv', `key,name,kind,headcount,effectiveWeek\n${TEAMS.map((key) => `${key},Team ${key},product,6,2024-W01`).join('\n')}\n`);
    const defined = await run('teams', teams);
    expect(defined).toMatchObject({ rows: 50, accepted: 50, appended: 50, errors: [] });

    const lines = ['team,week,new-features,tech-debt,incidents'];
    for (const team of TEAMS) for (const week of WEEKS) lines.push(`${team},${week},60,25,15`);
    // Lines 2..5001; three bad rows at known places.
    lines[100] = `${TEAMS[0]},${WEEKS[98]},60,25,abc`; // line 101: not a number
    lines[2500] = `no-such-team,2025-W01,60,25,15`; // line 2501: unknown team
    lines[4999] = `${TEAMS[49]},${WEEKS[98]},60,30,15`; // line 5000: adds up to 105
    const path = file('allocation.csv', `${lines.join('\n')}\n`);

    const before = await head();
    const refused = await run('allocation', path);
    expect(refused).toMatchObject({ rows: 5000, valid: 4997, accepted: 0, wrote: false });
    expect(refused.errors.map(({ line, column, field, code }) => ({ line, column, field, code }))).toEqual([
      { line: 101, column: 5, field: 'incidents', code: 'INVALID_INPUT' },
      { line: 2501, column: 1, field: 'team', code: 'NOT_FOUND' },
      { line: 5000, column: null, field: 'entries', code: 'INVALID_INPUT' },
    ]);
    expect(refused.errors[2]!.message).toContain('add up to 105');
    expect(await head()).toBe(before);

    const dry = await run('allocation', path, { dryRun: true });
    expect(dry).toMatchObject({ valid: 4997, accepted: 0, wrote: false, dryRun: true });
    expect(dry.errors).toEqual(refused.errors);
    expect(await head()).toBe(before);

    const progress: number[] = [];
    const partial = await run('allocation', path, { partial: true, onProgress: (done) => progress.push(done) });
    expect(partial).toMatchObject({ valid: 4997, accepted: 4997, appended: 4997, wrote: true });
    expect(partial.errors).toHaveLength(3);
    expect(progress.at(-1)).toBe(4997);
    expect(await head()).toBe(before + 4997);

    const trend = await api.gql(`{ allocationReports(team: "${TEAMS[0]}", first: 100) { totalCount edges { node { week entries { category { key } percent } } } } }`);
    expect(trend.errors).toBeUndefined();
    const reports = trend.data.allocationReports;
    expect(reports.totalCount).toBe(99);
    expect(reports.edges[0].node).toMatchObject({ week: '2024-W01', entries: expect.arrayContaining([{ category: { key: 'incidents' }, percent: 15 }]) });
  });

  it('writes nothing new when a file is imported again: one idempotency key per row', async () => {
    const decisions = file(
      'decisions.csv',
      'title,rationale,context,options,chosenOption,status,tags,links\n' +
        'Move sessions to DynamoDB,"Two Redis failovers,\nboth at peak",Q3 incidents,DynamoDB; Redis cluster,DynamoDB,accepted,infra; sessions,https://acme.atlassian.net/browse/PLAT-12\n' +
        'Weekly release train,Fewer hotfixes,,,,,,\n' +
        'Weekly release train,Fewer hotfixes,,,,,,\n',
    );
    const before = await head();
    const first = await run('decisions', decisions);
    expect(first).toMatchObject({ rows: 3, accepted: 3, appended: 3, errors: [] });
    const again = await run('decisions', decisions);
    expect(again).toMatchObject({ rows: 3, accepted: 3, appended: 0, errors: [] });
    expect(await head()).toBe(before + 3);

    const list = await api.gql('{ decisions(tag: ["sessions"]) { edges { node { title rationale status options { title } chosenOption links { url kind } } } } }');
    expect(list.data.decisions.edges).toEqual([
      {
        node: {
          title: 'Move sessions to DynamoDB',
          rationale: 'Two Redis failovers,\nboth at peak',
          status: 'ACCEPTED',
          options: [{ title: 'DynamoDB' }, { title: 'Redis cluster' }],
          chosenOption: 'DynamoDB',
          links: [{ url: 'https://acme.atlassian.net/browse/PLAT-12', kind: 'JIRA' }],
        },
      },
    ]);
  });

  it('imports initiatives from NDJSON, naming the line and field of each bad one', async () => {
    const path = file(
      'initiatives.ndjson',
      [
        JSON.stringify({ title: 'Self-serve refunds', kind: 'INNOVATION', owner: 'checkout', tags: ['support'] }),
        JSON.stringify({ title: 'Faster CI', kind: 'SIDEWAYS', owner: 'platform' }),
        '{"title": "broken"',
        JSON.stringify({ title: 'Drop the monolith', kind: 'TUNE_UP', owner: 'platform', priority: 1 }),
        JSON.stringify({ title: 'Own key', kind: 'TUNE_UP', owner: 'platform', idempotencyKey: 'mine' }),
      ].join('\n'),
    );
    const before = await head();
    const refused = await run('initiatives', path);
    expect(refused.errors.map(({ line, field, code }) => ({ line, field, code }))).toEqual([
      { line: 2, field: 'kind', code: 'INVALID_INPUT' },
      { line: 3, field: '', code: 'PARSE_ERROR' },
      { line: 4, field: 'priority', code: 'INVALID_INPUT' },
      { line: 5, field: 'idempotencyKey', code: 'INVALID_INPUT' },
    ]);
    expect(await head()).toBe(before);
    const partial = await run('initiatives', path, { partial: true });
    expect(partial).toMatchObject({ accepted: 1, appended: 1 });
    const list = await api.gql('{ initiatives(tag: ["support"]) { edges { node { title kind owner } } } }');
    expect(list.data.initiatives.edges).toEqual([{ node: { title: 'Self-serve refunds', kind: 'INNOVATION', owner: 'checkout' } }]);
  });

  it('imports key-result check-ins, refusing ids that are not key results before writing', async () => {
    await api.gql('mutation($input: DefineTeamInput!) { defineTeam(input: $input) { userErrors { code } } }', {
      input: { key: 'okr-team', name: 'OKR team', kind: 'PRODUCT', headcount: 4, effectiveWeek: '2024-W01' },
    });
    const objective = await api.gql('mutation($input: SetObjectiveInput!) { setObjective(input: $input) { objective { id } userErrors { message } } }', {
      input: { cycle: '2025-Q1', level: 'TEAM', ownerTeam: 'okr-team', title: 'Imports are painless' },
    });
    expect(objective.data.setObjective.userErrors).toEqual([]);
    const keyResult = await api.gql('mutation($input: DefineKeyResultInput!) { defineKeyResult(input: $input) { keyResult { id } userErrors { message } } }', {
      input: { objective: objective.data.setObjective.objective.id, title: 'Rows per second', kind: 'METRIC', baseline: 10, target: 1000, unit: 'rows/s' },
    });
    const id: string = keyResult.data.defineKeyResult.keyResult.id;
    const decision = (await api.gql('{ decisions(first: 1) { edges { node { id } } } }')).data.decisions.edges[0].node.id;
    const path = file(
      'check-ins.csv',
      `keyResult,reportedFor,value,confidence,note\n${id},2025-01-10,100,0.6,first week\n${id},2025-01-17,250,0.7,\n${decision},2025-01-17,5,0.5,\n${id},2025-01-24,300,1.5,\n`,
    );
    const refused = await run('check-ins', path);
    expect(refused.errors.map(({ line, column, field, code }) => ({ line, column, field, code }))).toEqual([
      { line: 4, column: 1, field: 'keyResult', code: 'NOT_FOUND' },
      { line: 5, column: 4, field: 'confidence', code: 'INVALID_INPUT' },
    ]);
    const partial = await run('check-ins', path, { partial: true });
    expect(partial).toMatchObject({ accepted: 2, appended: 2 });
    const read = await api.gql(`{ node(id: "${id}") { ... on KeyResult { checkIns { value note } } } }`);
    expect(read.errors).toBeUndefined();
    expect(read.data.node.checkIns.map((c: { value: number }) => c.value)).toEqual([100, 250]);
  });

  it('refuses a wrong header, a file that is not UTF-8 and one over 200 MB, with typed errors and nothing written', async () => {
    const before = await head();
    const refusal = async (kind: string, path: string) => {
      const error = await run(kind, path).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ImportFileError);
      return error as ImportFileError;
    };
    expect(await refusal('allocation', file('unknown-column.csv', 'team,week,new-features,snacks\ncheckout,2025-W01,100,0\n'))).toMatchObject({
      code: 'WRONG_HEADER',
      line: 1,
      column: 4,
    });
    expect(await refusal('decisions', file('missing-column.csv', 'title,context\nA,B\n'))).toMatchObject({ code: 'WRONG_HEADER', message: expect.stringContaining('"rationale"') });
    expect(await refusal('decisions', file('latin1.csv', Buffer.from('title,rationale\nCaf\xe9,ok\n', 'latin1')))).toMatchObject({
      code: 'WRONG_ENCODING',
      line: 2,
      column: 4,
    });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('title,rationale\nA,B\n', 'utf16le')]);
    expect(await refusal('decisions', file('utf16.csv', utf16))).toMatchObject({ code: 'WRONG_ENCODING' });
    // A sparse file: over the limit without writing 200 MB.
    const huge = file('huge.csv', '');
    truncateSync(huge, MAX_IMPORT_BYTES + 1);
    expect(await refusal('decisions', huge)).toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(await refusal('decisions', file('notes.txt', 'title,rationale\n'))).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    expect(await head()).toBe(before);
    expect((await api.gql('{ teams(first: 1) { totalCount } }')).data.teams.totalCount).toBeGreaterThan(0);
  });

  it('the template CSV of every kind is a header the importer accepts', async () => {
    for (const kind of IMPORT_KINDS) {
      const path = file(`template-${kind.name}.csv`, templateCsv(kind));
      const report = await run(kind.name, path, { dryRun: true });
      expect(report.rows, kind.name).toBe(1);
    }
  });

  it('checks each allocation row against the taxonomy version in force for its week', async () => {
    const published = await api.gql(`mutation($input: DefineAllocationTaxonomyInput!) { defineAllocationTaxonomy(input: $input) { userErrors { message } } }`, {
      input: taxonomyV2('2026-W10'),
    });
    expect(published.data.defineAllocationTaxonomy.userErrors).toEqual([]);
    const path = file(
      'taxonomy-change.csv',
      ['team,week,incidents,new-features,ktlo-ops,new-products', `${TEAMS[1]},2026-W09,30,70,,`, `${TEAMS[1]},2026-W10,,,30,70`, `${TEAMS[1]},2026-W11,30,,,70`].join('\n'),
    );
    const before = await head();
    const refused = await run('allocation', path);
    expect(refused.errors.map(({ line, column, field, code }) => ({ line, column, field, code }))).toEqual([{ line: 4, column: 3, field: 'incidents', code: 'INVALID_INPUT' }]);
    expect(refused.errors[0]!.message).toContain('not a category of taxonomy version 2, in force for 2026-W11');
    expect(await head()).toBe(before);

    expect(await run('allocation', path, { partial: true })).toMatchObject({ accepted: 2, appended: 2 });
    const reports = await api.gql(`{ allocationReports(team: "${TEAMS[1]}", fromWeek: "2026-W09") { edges { node { week taxonomyVersion } } } }`);
    expect(reports.data.allocationReports.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { week: '2026-W09', taxonomyVersion: 1 },
      { week: '2026-W10', taxonomyVersion: 2 },
    ]);
  });
});

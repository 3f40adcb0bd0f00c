import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_FILE } from '../../api/print-schema.ts';

// The real relay-compiler (the pinned npm package's own binary) on a small set of client
// operations (test/relay/) against the committed schema.graphql: a @refetchable fragment on a
// record type and on Query, a @connection list, a mutation with @prependNode, and a record read
// through ledger(asOf:). Relay refuses @refetchable unless Query.node is exactly node(id: ID!): Node.

const run = promisify(execFile);
const COMPILER = createRequire(import.meta.url).resolve('relay-compiler/cli.js');
const OPERATIONS = fileURLToPath(new URL('../relay/', import.meta.url));

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'relay-compiler-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Compiles the operations against `schema` in a fresh directory: exit status, output and artifacts. */
async function compile(name: string, schema: string) {
  const dir = join(work, name);
  await mkdir(join(dir, '__generated__'), { recursive: true });
  await cp(OPERATIONS, join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'schema.graphql'), schema);
  await writeFile(
    join(dir, 'relay.config.json'),
    JSON.stringify({
      src: './src',
      schema: './schema.graphql',
      language: 'typescript',
      artifactDirectory: './__generated__',
      customScalarTypes: { DateTime: 'string', JSON: 'unknown' },
    }),
  );
  const output = await run(process.execPath, [COMPILER], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } }).then(
    ({ stdout, stderr }) => ({ ok: true, text: stdout + stderr }),
    (error: { stdout?: string; stderr?: string }) => ({ ok: false, text: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  );
  const artifacts = output.ok ? (await readdir(join(dir, '__generated__'))).sort() : [];
  const artifact = (file: string) => readFile(join(dir, '__generated__', file), 'utf8');
  return { ...output, text: output.text.replace(/\x1b\[[0-9;]*m/g, ''), artifacts, artifact };
}

describe('relay-compiler on the committed schema', () => {
  it('compiles every operation, with refetch queries through node(id:) and the connection pagination', async () => {
    const result = await compile('current', await readFile(SCHEMA_FILE, 'utf8'));
    console.log(result.text);
    expect(result.ok, result.text).toBe(true);
    expect(result.artifacts).toEqual([
      'DecisionAsOfQuery.graphql.ts',
      'DecisionCardRefetchQuery.graphql.ts',
      'DecisionCard_decision.graphql.ts',
      'DecisionListPaginationQuery.graphql.ts',
      'DecisionListQuery.graphql.ts',
      'DecisionList_query.graphql.ts',
      'RecordDecisionMutation.graphql.ts',
    ]);
    expect(await result.artifact('DecisionCardRefetchQuery.graphql.ts')).toContain('node(id: $id)');
    expect(await result.artifact('DecisionListPaginationQuery.graphql.ts')).toMatch(/decisions\(first: \$count, after: \$cursor\)/);
    expect(await result.artifact('DecisionList_query.graphql.ts')).toMatch(/"connection": \[/);
    expect(await result.artifact('RecordDecisionMutation.graphql.ts')).toMatch(/"handle": "prependNode"/);
    expect(await result.artifact('DecisionAsOfQuery.graphql.ts')).toMatch(/ledger\(asOf: \$asOf\)/);
  });

  it('fails, as it did, when Query.node takes time arguments besides id', async () => {
    const current = await readFile(SCHEMA_FILE, 'utf8');
    const node = /^(type Query \{[\s\S]*?\n  )node\((?:\s*"""[^"]*""")?\s*id: ID!\s*\): Node$/m; // id may carry a description
    expect(current).toMatch(node);
    const result = await compile('node-with-time-args', current.replace(node, '$1node(asOf: DateTime, atPosition: Int, id: ID!): Node'));
    expect(result.ok).toBe(false);
    expect(result.text).toMatch(/Invalid use of @refetchable on fragment 'DecisionCard_decision'/);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../web/codegen.ts';

/**
 * The web view's GraphQL operations (web/src/**\/*.graphql) against the committed schema.graphql:
 * the typed documents in web/src/gql/ are what the generator makes of them now (so `tsc -p web`
 * checks the pages against the schema as it is), and an operation that does not match the schema
 * fails the generation. (Apart from the API tests: in a file that loads the API, the generator
 * reported no validation errors.)
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const OUTPUT = Object.keys(config.generates)[0]!;

const generated = (documents: string[] = config.documents as string[], output = OUTPUT) =>
  generate({ ...config, documents, generates: { [output]: config.generates[OUTPUT]! }, silent: true } as typeof config, false) as Promise<
    { filename: string; content: string }[]
  >;

describe('typed operations', () => {
  it('are generated from the operations and schema.graphql as they are (run npm run web:codegen)', async () => {
    const files = await generated();
    expect(files.map((f) => f.filename.replace(ROOT, '')).sort()).toEqual([`${OUTPUT}gql.ts`, `${OUTPUT}graphql.ts`, `${OUTPUT}index.ts`]);
    for (const file of files) expect(readFileSync(join(ROOT, file.filename.replace(ROOT, '')), 'utf8')).toBe(file.content);
  }, 60_000);

  it('fail when an operation asks for a field the schema does not have, or passes a wrong argument', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-operations-'));
    try {
      writeFileSync(join(dir, 'bad.graphql'), 'query Bad { priorities { version rankedSomehow } }\n');
      // (The generator caches what it loaded per output: these write nowhere near web/src/gql.)
      const failure = (output: string) => generated([...(config.documents as string[]), join(dir, 'bad.graphql')], join(dir, output)).then(
          () => 'generated',
          (e: AggregateError) => String(e.errors ?? e),
        );
      expect(await failure('one/')).toMatch(/Cannot query field "rankedSomehow" on type "PriorityList"/);
      writeFileSync(join(dir, 'bad.graphql'), 'query Bad { priorities(atPosition: "last week") { version } }\n');
      expect(await failure('two/')).toMatch(/Int cannot represent non-integer value: "last week"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});


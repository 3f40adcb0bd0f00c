import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOperations, OUTPUT_DIR, operationFiles } from '../../web/codegen.ts';

/**
 * The web view's GraphQL operations (web/src/**\/*.graphql) against the committed schema.graphql:
 * the typed documents in web/src/gql/ are what the generator makes of them now (so `tsc -p web`
 * checks the pages against the schema as it is), and an operation that does not match the schema
 * fails the generation.
 */
const ROOT = new URL('../../', import.meta.url).pathname;

describe('typed operations', () => {
  it('are generated from the operations and schema.graphql as they are (run npm run web:codegen)', async () => {
    const files = await generateOperations();
    expect(files.map((f) => f.filename).sort()).toEqual([`${OUTPUT_DIR}gql.ts`, `${OUTPUT_DIR}graphql.ts`, `${OUTPUT_DIR}index.ts`]);
    for (const file of files) expect(readFileSync(join(ROOT, file.filename), 'utf8')).toBe(file.content);
  }, 60_000);

  it('fail when an operation asks for a field the schema does not have, or passes a wrong argument', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-operations-'));
    try {
      const failure = async (operation: string) => {
        writeFileSync(join(dir, 'bad.graphql'), operation);
        return generateOperations([...operationFiles(), join(dir, 'bad.graphql')], `${dir}/out/`).then(
          () => 'generated',
          (e: AggregateError) => String(e.errors ?? e),
        );
      };
      expect(await failure('query Bad { priorities { version rankedSomehow } }\n')).toMatch(/Cannot query field "rankedSomehow" on type "PriorityList"/);
      expect(await failure('query Bad { priorities(atPosition: "last week") { version } }\n')).toMatch(/Int cannot represent non-integer value: "last week"/);
      // The operations as they are generate.
      expect(await failure('query Fine { priorities { version } }\n')).toBe('generated');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

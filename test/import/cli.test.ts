import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTestTable } from '../support/dynamo.ts';
import { progressLine } from '../../api/import/progress.ts';

/** `npm run import` as a user runs it: its own process, the API in that process, a development token. */
function importCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'api/cli/import.ts', ...args], { env: { ...process.env, NODE_NO_WARNINGS: '1', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run import (the command)', () => {
  it('imports through the API in its own process, writes nothing on a re-run, and exits 2 on a refused file', { timeout: 120_000 }, async () => {
    const table = await createTestTable('import-cli');
    const dir = mkdtempSync(join(tmpdir(), 'ledger-import-cli-'));
    // No JWT_* settings: the command signs its own development token with the key in DATA_DIR.
    const env = { DYNAMODB_ENDPOINT: table.endpoint, EVENTS_TABLE: table.tableName, DATA_DIR: dir };
    const teams = join(dir, 'teams.csv');
    writeFileSync(teams, 'key,name,kind,headcount\npayments,Payments,product,7\nsearch,Search,platform,4\n');

    const first = await importCli(['teams', teams], env);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain('2 of 2 teams rows accepted (2 new events');
    const again = await importCli(['teams', teams], env);
    expect(again.stdout).toContain('2 of 2 teams rows accepted (0 new events');
    expect((await table.store.head()).position).toBe(2);

    const wrong = join(dir, 'wrong.csv');
    writeFileSync(wrong, 'key,name,kind,size\npayments,Payments,PRODUCT,7\n');
    const refused = await importCli(['teams', wrong], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('WRONG_HEADER: Header, column 4: unknown column "size"');
    expect((await table.store.head()).position).toBe(2);
  });

  it('shows progress only for files over 300 rows: in place on a terminal, every 10% otherwise', () => {
    const capture = (isTTY: boolean, total: number) => {
      const stream = Object.assign(new PassThrough(), { isTTY }) as unknown as NodeJS.WriteStream;
      let text = '';
      (stream as unknown as PassThrough).on('data', (chunk) => (text += chunk));
      let clock = 0;
      const progress = progressLine(stream, () => (clock += 10));
      for (let done = 1; done <= total; done++) progress.update(done, total);
      progress.end();
      return text;
    };
    expect(capture(false, 300)).toBe('');
    const log = capture(false, 1000).trimEnd().split('\n');
    expect(log).toHaveLength(11);
    expect(log.at(-1)).toMatch(/^writing 1000\/1000 rows \(100%\), \d+ rows\/s$/);
    const tty = capture(true, 1000);
    expect(tty.startsWith('\rwriting 25/1000 rows (2%)')).toBe(true);
    expect(tty.endsWith('writing 1000/1000 rows (100%), 100 rows/s\n')).toBe(true);
  });
});

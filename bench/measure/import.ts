import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import { ALLOCATION_REPORT_STREAM, allocationReportId } from '../../domain/allocation/events.ts';
import { runImport } from '../../api/import/importer.ts';
import { httpTransport } from '../../api/import/transport.ts';

export interface ImportThroughput {
  rows: number;
  /** Allocation rows per second through `npm run import`'s importer over HTTP (validation included). */
  rowsPerSecond: number;
  /** store.append of the same events (one new stream each), same concurrency, from the bench process. */
  appendsPerSecond: number;
  /** rowsPerSecond / appendsPerSecond: the share of the store's own write rate the import reaches. */
  ratio: number;
  seconds: number;
  concurrency: number;
}

const weekOf = (i: number) => `${2020 + Math.floor(i / 52)}-W${String((i % 52) + 1).padStart(2, '0')}`;

/**
 * import_rows_per_s and import_append_ratio: `rows` allocation reports (teams x weeks) imported
 * over HTTP into the API process at `url`, then as many AllocationReported events appended with
 * DynamoEventStore.append to another table at the same concurrency, in the same run.
 */
export async function measureImport(options: {
  url: string;
  authorization: string;
  store: DynamoEventStore;
  dir: string;
  rows: number;
  concurrency?: number;
}): Promise<ImportThroughput> {
  const concurrency = options.concurrency ?? 32;
  const weeks = 100;
  const teamCount = Math.ceil(options.rows / weeks);
  const teams = Array.from({ length: teamCount }, (_, i) => `import-team-${i}`);
  const transport = httpTransport(options.url, async () => options.authorization);
  const teamsFile = join(options.dir, 'import-teams.csv');
  writeFileSync(teamsFile, `key,name,kind,headcount,effectiveWeek\n${teams.map((key) => `${key},${key},PRODUCT,6,2020-W01`).join('\n')}\n`);
  const defined = await runImport({ kind: 'teams', file: teamsFile, transport });
  if (defined.errors.length) throw new Error(`import of teams failed: ${JSON.stringify(defined.errors.slice(0, 3))}`);

  const lines = ['team,week,new-features,tech-debt,incidents'];
  const reports: { team: string; week: string }[] = [];
  for (let i = 0; i < options.rows; i++) {
    const team = teams[i % teamCount]!;
    const week = weekOf(Math.floor(i / teamCount));
    reports.push({ team, week });
    lines.push(`${team},${week},60,25,15`);
  }
  const file = join(options.dir, 'import-allocation.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const imported = await runImport({ kind: 'allocation', file, transport, concurrency });
  if (imported.errors.length || imported.accepted !== options.rows) {
    throw new Error(`import of allocation rows failed: ${imported.accepted} accepted, ${JSON.stringify(imported.errors.slice(0, 3))}`);
  }

  const actor = { id: 'bench', name: 'Bench runner', kind: 'HUMAN' as const };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < reports.length) {
        const { team, week } = reports[next++]!;
        const payload = { team, week, taxonomyVersion: 1, entries: [{ category: 'new-features', percent: 60 }, { category: 'tech-debt', percent: 25 }, { category: 'incidents', percent: 15 }] };
        await options.store.append({ kind: ALLOCATION_REPORT_STREAM, id: allocationReportId(team, week) }, 'no-stream', [{ type: 'AllocationReported', payload }], { actor, reason: null });
      }
    }),
  );
  const appendSeconds = (performance.now() - started) / 1000;
  const rowsPerSecond = options.rows / imported.seconds;
  const appendsPerSecond = reports.length / appendSeconds;
  return { rows: options.rows, rowsPerSecond, appendsPerSecond, ratio: rowsPerSecond / appendsPerSecond, seconds: imported.seconds, concurrency };
}

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exportLog, type ExportOptions } from '../../events/cli/export.ts';
import type { RecordedEvent } from '../../events/envelope.ts';
import { verifyChain } from '../../events/integrity.ts';
import type { EventStore } from '../../events/store.ts';
import { createTestTable } from '../support/dynamo.ts';
import { contractRegistry } from './store-contract.ts';

async function exported(store: EventStore, options: ExportOptions): Promise<string[]> {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c) => chunks.push(String(c)));
  await exportLog(store, out, options);
  return chunks.join('').trimEnd().split('\n');
}

describe('exportLog', async () => {
  const table = await createTestTable('export', contractRegistry());
  const actor = { id: 'u', name: 'Ada, "the auditor"', kind: 'HUMAN' as const };
  for (let i = 0; i < 7; i += 1) {
    await table.store.append({ kind: i % 2 ? 'odd' : 'even', id: `s${i}` }, 'no-stream', [{ type: 'Noted', payload: { n: i, text: 'line1\nline2' } }], {
      actor,
      reason: i === 3 ? 'why, "quoted"' : null,
    });
  }

  it('streams NDJSON in pages, ending with the head, and the hashes recompute', async () => {
    const lines = await exported(table.store, { format: 'ndjson', pageSize: 3 });
    expect(lines).toHaveLength(8);
    const events = lines.slice(0, 7).map((l) => JSON.parse(l) as RecordedEvent);
    expect(events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(verifyChain(events)).toMatchObject({ ok: true, checked: 7 });
    const head = await table.store.head();
    expect(JSON.parse(lines[7]!)).toEqual({ head: { headPosition: 7, headHash: head.hash, exported: 7 } });
  });

  it('filters by record kind and recorded time, still ending with the head of the whole log', async () => {
    const lines = await exported(table.store, { format: 'ndjson', kind: 'odd', pageSize: 2 });
    expect(lines.slice(0, -1).map((l) => JSON.parse(l).position)).toEqual([2, 4, 6]);
    expect(JSON.parse(lines.at(-1)!).head).toMatchObject({ headPosition: 7, exported: 3 });
    const future = await exported(table.store, { format: 'ndjson', from: new Date(Date.now() + 60_000) });
    expect(JSON.parse(future[0]!).head.exported).toBe(0);
  });

  it('writes CSV with a header, quoted cells, and a head line', async () => {
    const lines = await exported(table.store, { format: 'csv' });
    expect(lines[0]).toBe(
      'position,type,schemaVersion,subjectKind,subjectId,version,actorId,actorName,actorKind,recordedAt,reason,idempotencyKey,previousHash,hash,payload',
    );
    const body = lines.slice(1, -1).join('\n');
    expect(body).toContain('"Ada, ""the auditor"""');
    expect(body).toContain('"why, ""quoted"""');
    // The payload is JSON text (its newline escaped), quoted as one cell.
    expect(body).toContain('"{""n"":0,""text"":""line1\\nline2""}"');
    expect(lines.at(-1)).toMatch(/^# head position 7 hash [0-9a-f]{64} exported 7$/);
  });
});

import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { RecordedEvent } from '../envelope.ts';
import type { EventStore } from '../store.ts';
import { openLedgerStore, runIfMain } from './connect.ts';

export interface ExportOptions {
  format: 'ndjson' | 'csv';
  from?: Date;
  to?: Date;
  kind?: string;
  pageSize?: number;
}

const CSV_COLUMNS = [
  'position', 'type', 'schemaVersion', 'subjectKind', 'subjectId', 'version', 'actorId', 'actorName', 'actorKind',
  'recordedAt', 'reason', 'idempotencyKey', 'previousHash', 'hash', 'payload',
] as const;

const csvCell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

function row(event: RecordedEvent): Record<(typeof CSV_COLUMNS)[number], unknown> {
  return {
    position: event.position,
    type: event.type,
    schemaVersion: event.schemaVersion,
    subjectKind: event.stream.kind,
    subjectId: event.stream.id,
    version: event.version,
    actorId: event.actor.id,
    actorName: event.actor.name,
    actorKind: event.actor.kind,
    recordedAt: event.recordedAt,
    reason: event.reason,
    idempotencyKey: event.idempotencyKey,
    previousHash: event.previousHash,
    hash: event.hash,
    payload: JSON.stringify(event.payload),
  };
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * Streams the log to `out` page by page (never all of it in memory), payloads exactly as stored
 * so every hash can be recomputed, and ends with the head of the whole log. Returns the count.
 */
export async function exportLog(store: EventStore, out: Writable, options: ExportOptions): Promise<number> {
  const pageSize = options.pageSize ?? 1000;
  const from = options.from?.toISOString();
  const to = options.to?.toISOString();
  if (options.format === 'csv') await write(out, `${CSV_COLUMNS.join(',')}\n`);
  let exported = 0;
  let after = 0;
  let last: RecordedEvent | undefined;
  for (;;) {
    const page = await store.readAll(after, pageSize, { raw: true });
    for (const event of page) {
      last = event;
      if ((from && event.recordedAt < from) || (to && event.recordedAt >= to) || (options.kind && event.stream.kind !== options.kind)) continue;
      exported += 1;
      if (options.format === 'ndjson') await write(out, `${JSON.stringify(event)}\n`);
      else await write(out, `${CSV_COLUMNS.map((c) => csvCell(row(event)[c])).join(',')}\n`);
    }
    if (page.length < pageSize) break;
    after = page[page.length - 1]!.position;
  }
  const head = { headPosition: last?.position ?? 0, headHash: last?.hash ?? null, exported };
  if (options.format === 'ndjson') await write(out, `${JSON.stringify({ head })}\n`);
  else await write(out, `# head position ${head.headPosition} hash ${head.headHash ?? ''} exported ${exported}\n`);
  return exported;
}

const USAGE = 'usage: npm run export -- --format ndjson|csv [--from DATE] [--to DATE] [--kind KIND] [--out FILE]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      format: { type: 'string', default: 'ndjson' },
      from: { type: 'string' },
      to: { type: 'string' },
      kind: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const format = values.format;
  if (format !== 'ndjson' && format !== 'csv') throw new Error(`--format must be ndjson or csv\n${USAGE}`);
  const date = (name: string, text?: string) => {
    if (!text) return undefined;
    const parsed = new Date(text);
    if (Number.isNaN(parsed.getTime())) throw new Error(`--${name} is not a date: ${text}\n${USAGE}`);
    return parsed;
  };
  const ledger = await openLedgerStore();
  const { store } = ledger;
  try {
    const out = values.out ? createWriteStream(values.out) : process.stdout;
    const count = await exportLog(store, out, { format, from: date('from', values.from), to: date('to', values.to), kind: values.kind });
    if (values.out) {
      out.end();
      await once(out, 'finish');
    }
    console.error(`exported ${count} events from ${ledger.tableName}`);
  } finally {
    await ledger.close();
  }
}

runIfMain(import.meta.url, main);

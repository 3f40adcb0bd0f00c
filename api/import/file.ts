import { statSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';

/** Files larger than this are refused before they are read. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export type ImportFileErrorCode = 'FILE_NOT_FOUND' | 'FILE_TOO_LARGE' | 'WRONG_ENCODING' | 'UNSUPPORTED_FORMAT' | 'WRONG_HEADER' | 'PARSE_ERROR' | 'EMPTY_FILE';

/** A problem with the file as a whole: nothing of it is validated or written. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  constructor(
    readonly code: ImportFileErrorCode,
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

export type ImportFormat = 'csv' | 'ndjson';

/**
 * One data row: its 1-based line, its values by column (CSV: strings; NDJSON: JSON values) and
 * where each column is, for error messages (CSV: the column number; NDJSON: the field name).
 */
export interface SourceRow {
  line: number;
  values: Record<string, unknown>;
  /** The raw row as read, for the idempotency key. */
  raw: string;
}

export interface SourceFile {
  format: ImportFormat;
  /** CSV: the header's column names in order. */
  header: string[] | null;
  rows: SourceRow[];
  /** Rows that could not be read at all (NDJSON lines that are not JSON objects, CSV rows of the wrong width). */
  unreadable: { line: number; column: number | string; message: string }[];
}

export function formatOf(path: string): ImportFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  throw new ImportFileError('UNSUPPORTED_FORMAT', `${path}: expected a .csv or .ndjson (.jsonl) file`);
}

/** The file's text, refusing (before reading) files over MAX_IMPORT_BYTES and anything that is not UTF-8. */
export function readText(path: string, maxBytes = MAX_IMPORT_BYTES): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new ImportFileError('FILE_NOT_FOUND', `${path}: no such file`);
  }
  if (size > maxBytes) {
    throw new ImportFileError('FILE_TOO_LARGE', `${path} is ${(size / 1024 / 1024).toFixed(1)} MB; an import file may be at most ${maxBytes / 1024 / 1024} MB: split it`);
  }
  const bytes = readFileSync(path);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportFileError('WRONG_ENCODING', `${path} is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8`, 1, 1);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Where the first byte that is not UTF-8 is, for the message: the lenient decoding marks it.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const at = lenient.indexOf('\uFFFD');
    const before = lenient.slice(0, Math.max(at, 0));
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new ImportFileError(
      'WRONG_ENCODING',
      `${path} is not UTF-8 (first invalid byte at line ${line}, column ${column}; Latin-1 or Windows-1252 perhaps): save it as UTF-8`,
      line,
      column,
    );
  }
}

function parseCsv(text: string): SourceFile {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as never;
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number; column?: number };
    throw new ImportFileError('PARSE_ERROR', `CSV: ${e.message}`, e.lines, typeof e.column === 'number' ? e.column : undefined);
  }
  const [first, ...data] = records;
  if (!first) throw new ImportFileError('EMPTY_FILE', 'The file is empty: it needs a header line and at least one row');
  const header = first.record.map((name) => name.trim());
  const unreadable: SourceFile['unreadable'] = [];
  const rows: SourceRow[] = [];
  for (const { record, info } of data) {
    // csv-parse reports the line a record ends on; quoted line breaks move its start up.
    const line = info.lines - record.reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== header.length) {
      unreadable.push({ line, column: Math.min(record.length, header.length) + 1, message: `has ${record.length} fields, the header ${header.length}` });
      continue;
    }
    const values: Record<string, unknown> = {};
    header.forEach((name, i) => (values[name] = record[i]));
    rows.push({ line, values, raw: JSON.stringify(record) });
  }
  return { format: 'csv', header, rows, unreadable };
}

function parseNdjson(text: string): SourceFile {
  const rows: SourceRow[] = [];
  const unreadable: SourceFile['unreadable'] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((source, i) => {
    const line = i + 1;
    const trimmed = source.trim();
    if (!trimmed) return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      const position = /position (\d+)/.exec((error as Error).message)?.[1];
      unreadable.push({ line, column: position ? Number(position) + 1 : 1, message: `not JSON: ${(error as Error).message}` });
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      unreadable.push({ line, column: 1, message: 'must be one JSON object per line' });
      return;
    }
    rows.push({ line, values: value as Record<string, unknown>, raw: trimmed });
  });
  if (rows.length === 0 && unreadable.length === 0) throw new ImportFileError('EMPTY_FILE', 'The file has no rows');
  return { format: 'ndjson', header: null, rows, unreadable };
}

/** Reads, decodes and parses an import file (CSV through csv-parse, NDJSON one JSON object a line). */
export function readImportFile(path: string, maxBytes = MAX_IMPORT_BYTES): SourceFile {
  const format = formatOf(path);
  const text = readText(path, maxBytes);
  return format === 'csv' ? parseCsv(text) : parseNdjson(text);
}

import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { canonicalJson } from '../../events/integrity.ts';
import type { z } from 'zod';
import { ImportFileError, MAX_IMPORT_BYTES, readImportFile, type SourceFile } from './file.ts';
import { importKind, IMPORT_KINDS, type ImportContext, type ImportKind, type ValueError } from './kinds.ts';

/** One GraphQL request to the API (in this process or over HTTP): the response body as JSON. */
export type ImportTransport = (query: string, variables?: Record<string, unknown>) => Promise<{ data?: any; errors?: { message: string; extensions?: { code?: string } }[] }>;

/** A row that was not (or could not be) written: where it is in the file and what is wrong. */
export interface RowError {
  line: number;
  /** CSV: the 1-based column number; NDJSON: null (the field says where). */
  column: number | null;
  /** The CSV column name or NDJSON field path, e.g. "tech-debt" or "entries[1].percent"; "" for the whole row. */
  field: string;
  code: string;
  message: string;
}

export interface ImportReport {
  kind: string;
  file: string;
  rows: number;
  /** Rows that passed every check made before writing. */
  valid: number;
  /** Rows the API accepted (a re-run's rows are accepted as replays of the first run and append nothing). */
  accepted: number;
  /** Events the log grew by during the import: 0 on a dry run, a refused file or a re-run. */
  appended: number;
  errors: RowError[];
  dryRun: boolean;
  partial: boolean;
  /** Whether writes ran (false: dry run, or a refused file without --partial). */
  wrote: boolean;
  seconds: number;
}

export interface ImportOptions {
  kind: string;
  file: string;
  dryRun?: boolean;
  partial?: boolean;
  transport: ImportTransport;
  /** Rows in flight at once across lanes (rows of one lane are written in order). */
  concurrency?: number;
  /** Progress of the writes: done of total. */
  onProgress?: (done: number, total: number) => void;
  maxBytes?: number;
}

interface PreparedRow {
  line: number;
  input: Record<string, unknown>;
  key: string;
}

const RETRYABLE = new Set(['STORE_UNAVAILABLE', 'CONTENTION']);

export function unknownKindError(name: string): ImportFileError {
  return new ImportFileError('UNSUPPORTED_FORMAT', `Unknown kind "${name}": one of ${IMPORT_KINDS.map((k) => k.name).join(', ')}`);
}

async function request(transport: ImportTransport, query: string, variables?: Record<string, unknown>): Promise<any> {
  const body = await transport(query, variables);
  if (body.errors?.length || !body.data) {
    const first = body.errors?.[0];
    throw Object.assign(new Error(`The API refused ${query.trim().split(/\s+/).slice(0, 2).join(' ')}: ${first?.message ?? 'no data'}`), {
      code: first?.extensions?.code,
    });
  }
  return body.data;
}

async function logHead(transport: ImportTransport): Promise<number> {
  const data = await request(transport, '{ auditTrail(last: 1) { edges { node { position } } } }');
  return data.auditTrail.edges[0]?.node.position ?? 0;
}

async function loadContext(kind: ImportKind, transport: ImportTransport): Promise<ImportContext> {
  const context: ImportContext = { categories: new Set(), taxonomies: [], teams: new Set(), keyResults: new Set() };
  if (kind.needs.includes('categories')) {
    const data = await request(transport, '{ allocationTaxonomies { versions { version effectiveFrom categories { key } } } }');
    for (const { version, effectiveFrom, categories } of data.allocationTaxonomies.versions) {
      const keys = new Set<string>(categories.map((c: { key: string }) => c.key));
      context.taxonomies.push({ version, effectiveFrom, categories: keys });
      for (const key of keys) context.categories.add(key);
    }
  }
  if (kind.needs.includes('teams')) {
    let after: string | null = null;
    do {
      const data: any = await request(transport, 'query ($after: String) { teams(first: 100, after: $after) { edges { node { key } } pageInfo { hasNextPage endCursor } } }', { after });
      for (const edge of data.teams.edges) context.teams.add(edge.node.key);
      after = data.teams.pageInfo.hasNextPage ? data.teams.pageInfo.endCursor : null;
    } while (after);
  }
  return context;
}

async function loadKeyResults(ids: string[], transport: ImportTransport, context: ImportContext): Promise<void> {
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    const batch = unique.slice(i, i + 100);
    // A malformed id is null with an error of its own; the others still resolve.
    const body = await transport('query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids: batch });
    (body.data?.nodes ?? []).forEach((node: { __typename: string } | null, j: number) => {
      if (node?.__typename === 'KeyResult') context.keyResults.add(batch[j]!);
    });
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), '');
}

/** Checks a CSV header against the kind's columns: every required one, no unknown or repeated ones. */
function checkHeader(kind: ImportKind, header: string[], context: ImportContext): void {
  const known = new Set([...kind.columns.map((c) => c.name), ...(kind.dynamicColumns?.(context) ?? [])]);
  const expected = `expected ${kind.columns.map((c) => (c.required ? c.name : `[${c.name}]`)).join(',')}${kind.dynamicColumns ? ',<category keys>' : ''}`;
  header.forEach((name, i) => {
    if (!known.has(name)) {
      const hint = kind.dynamicColumns ? ` (categories: ${[...context.categories].join(', ')})` : '';
      throw new ImportFileError('WRONG_HEADER', `Header, column ${i + 1}: unknown column "${name}" for ${kind.name}; ${expected}${hint}`, 1, i + 1);
    }
    if (header.indexOf(name) !== i) throw new ImportFileError('WRONG_HEADER', `Header, column ${i + 1}: "${name}" appears twice`, 1, i + 1);
  });
  for (const column of kind.columns) {
    if (column.required && !header.includes(column.name)) {
      throw new ImportFileError('WRONG_HEADER', `Header: the column "${column.name}" is missing for ${kind.name}; ${expected}`, 1);
    }
  }
  if (kind.dynamicColumns && !header.some((name) => context.categories.has(name))) {
    throw new ImportFileError('WRONG_HEADER', `Header: no category column; ${expected} (categories: ${[...context.categories].join(', ')})`, 1);
  }
}

function shapeKeys(schema: z.ZodType): Set<string> | null {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? new Set(Object.keys(shape)) : null;
}

/** One idempotency key per row: the same file name, row content and occurrence give the same key on every run. */
function rowKey(kind: ImportKind, file: string, input: Record<string, unknown>, occurrence: number): string {
  const digest = createHash('sha256')
    .update(`${kind.name}\n${basename(file)}\n${canonicalJson(input)}\n${occurrence}`)
    .digest('hex')
    .slice(0, 48);
  return `import:${kind.name}:${digest}`;
}

/**
 * Validates every row of the file (the input schemas the API uses, then what the ledger must
 * know of), and only then writes: nothing when any row is invalid, unless `partial`.
 */
export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const kind = importKind(options.kind);
  if (!kind) throw unknownKindError(options.kind);
  const source: SourceFile = readImportFile(options.file, options.maxBytes ?? MAX_IMPORT_BYTES);
  const context = await loadContext(kind, options.transport);
  if (source.header) checkHeader(kind, source.header, context);

  const errors: RowError[] = source.unreadable.map((u) => ({
    line: u.line,
    column: typeof u.column === 'number' ? u.column : null,
    field: typeof u.column === 'string' ? u.column : '',
    code: 'PARSE_ERROR',
    message: u.message,
  }));
  const columnNumber = (field: string) => (source.header ? source.header.indexOf(field) + 1 || null : null);
  const rowError = (line: number, field: string, code: string, message: string): RowError => ({
    line,
    column: columnNumber(field.split(/[.[]/)[0]!),
    field,
    code,
    message,
  });

  const allowed = shapeKeys(kind.schema);
  const built: { line: number; input: Record<string, unknown>; problems: ValueError[] }[] = [];
  for (const row of source.rows) {
    const problems: ValueError[] = [];
    let input: Record<string, unknown>;
    if (source.format === 'csv') {
      const cells: Record<string, string> = {};
      for (const [name, value] of Object.entries(row.values)) if (value !== '') cells[name] = String(value);
      input = kind.fromCsv!(cells, context, problems);
    } else {
      input = { ...row.values };
      for (const field of Object.keys(input)) {
        if (field === 'idempotencyKey') problems.push({ path: [field], message: 'the importer makes the idempotency key of each row: leave it out' });
        else if (allowed && !allowed.has(field)) problems.push({ path: [field], message: `unknown field for ${kind.inputType}` });
      }
    }
    built.push({ line: row.line, input, problems });
  }
  if (kind.needs.includes('keyResults')) {
    await loadKeyResults(
      built.map((b) => b.input.keyResult).filter((id): id is string => typeof id === 'string' && id.length > 0),
      options.transport,
      context,
    );
  }

  const valid: PreparedRow[] = [];
  const seenUnique = new Map<string, number>();
  const occurrences = new Map<string, number>();
  for (const { line, input, problems } of built) {
    const parsed = kind.schema.safeParse(input);
    // A cell that could not be converted has its own message; the schema's about the same field would repeat it.
    const named = new Set(problems.map((p) => p.path[0]));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) if (!named.has(issue.path[0] as string)) problems.push({ path: issue.path as (string | number)[], message: issue.message });
    } else if (problems.length === 0) problems.push(...(kind.check?.(input, context) ?? []));
    const unique = problems.length === 0 ? kind.uniqueBy?.(input) : null;
    if (unique) {
      const first = seenUnique.get(unique);
      if (first !== undefined) problems.push({ path: [], code: 'DUPLICATE_ROW', message: `repeats line ${first} (${unique}): one row each` });
      else seenUnique.set(unique, line);
    }
    if (problems.length) {
      for (const problem of problems) {
        const field = source.format === 'csv' && kind.columnOf ? kind.columnOf(problem.path, input) : pathText(problem.path);
        errors.push(rowError(line, field, problem.code ?? 'INVALID_INPUT', problem.message));
      }
      continue;
    }
    const content = canonicalJson(input);
    const occurrence = occurrences.get(content) ?? 0;
    occurrences.set(content, occurrence + 1);
    valid.push({ line, input, key: rowKey(kind, options.file, input, occurrence) });
  }

  const report: ImportReport = {
    kind: kind.name,
    file: options.file,
    rows: source.rows.length + source.unreadable.length,
    valid: valid.length,
    accepted: 0,
    appended: 0,
    errors,
    dryRun: Boolean(options.dryRun),
    partial: Boolean(options.partial),
    wrote: false,
    seconds: 0,
  };
  const finish = () => {
    report.errors.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    report.seconds = (performance.now() - started) / 1000;
    return report;
  };
  if (options.dryRun || (errors.length && !options.partial) || valid.length === 0) return finish();

  report.wrote = true;
  const headBefore = await logHead(options.transport);
  await writeRows(kind, valid, options, report, rowError);
  report.appended = (await logHead(options.transport)) - headBefore;
  return finish();
}

async function writeRows(
  kind: ImportKind,
  rows: PreparedRow[],
  options: ImportOptions,
  report: ImportReport,
  rowError: (line: number, field: string, code: string, message: string) => RowError,
): Promise<void> {
  const mutation = `mutation ($input: ${kind.inputType}!) { ${kind.mutation}(input: $input) { ${kind.selection} userErrors { code field message } } }`;
  const lanes = new Map<string, PreparedRow[]>();
  for (const row of rows) {
    const lane = kind.lane(row.input);
    const queue = lanes.get(lane);
    if (queue) queue.push(row);
    else lanes.set(lane, [row]);
  }
  const queues = [...lanes.values()];
  let done = 0;
  // Without --partial a refused row stops the import: rows already in flight finish, no new ones start.
  let stop = false;

  const writeOne = async (row: PreparedRow): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const body = await options.transport(mutation, { input: { ...row.input, idempotencyKey: row.key } });
      const error = body.errors?.[0];
      if (error) {
        const code = error.extensions?.code ?? 'ERROR';
        // Safe to retry: the row carries its idempotency key.
        if (RETRYABLE.has(code) && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
          continue;
        }
        report.errors.push(rowError(row.line, '', code, error.message));
        if (!options.partial) stop = true;
        return;
      }
      const payload = body.data?.[kind.mutation];
      const userErrors: { code: string; field: string[] | null; message: string }[] = payload?.userErrors ?? [];
      if (userErrors.length) {
        for (const e of userErrors) {
          const path = (e.field ?? []).slice(e.field?.[0] === 'input' ? 1 : 0).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
          const field = kind.columnOf && report.file.toLowerCase().endsWith('.csv') ? kind.columnOf(path, row.input) : pathText(path);
          report.errors.push(rowError(row.line, field, e.code, e.message));
        }
        if (!options.partial) stop = true;
        return;
      }
      report.accepted++;
      return;
    }
  };

  let next = 0;
  const worker = async () => {
    while (!stop && next < queues.length) {
      const queue = queues[next++]!;
      for (const row of queue) {
        if (stop) return;
        await writeOne(row);
        options.onProgress?.(++done, rows.length);
      }
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? 32);
  await Promise.all(Array.from({ length: Math.min(concurrency, queues.length) }, worker));
}

/** `line 12, column 4 (tech-debt): must be between 0 and 100 [INVALID_INPUT]` */
export function formatRowError(error: RowError): string {
  const where = [`line ${error.line}`];
  if (error.column) where.push(`column ${error.column}${error.field ? ` (${error.field})` : ''}`);
  else if (error.field) where.push(`field ${error.field}`);
  return `${where.join(', ')}: ${error.message} [${error.code}]`;
}

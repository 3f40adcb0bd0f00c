import type { z } from 'zod';
import { RecordDecisionInput } from '../../domain/decisions/inputs.ts';
import { CreateInitiativeInput } from '../../domain/initiatives/inputs.ts';
import { ReportAllocationInput } from '../../domain/allocation/inputs.ts';
import { SUM_TOLERANCE, taxonomyInForce } from '../../domain/allocation/taxonomy.ts';
import { CheckInKeyResultInput } from '../../domain/okrs/key-result-inputs.ts';
import { DefineTeamInput } from '../../domain/teams/inputs.ts';

/** What the importer learnt from the ledger before validating (only what a kind asks for). */
export interface ImportContext {
  /** Allocation category keys of every taxonomy version (the CSV columns a file may have). */
  categories: Set<string>;
  /** Every taxonomy version, oldest first: a row is checked against the one in force for its week. */
  taxonomies: { version: number; effectiveFrom: string | null; categories: Set<string> }[];
  /** Keys of the teams defined so far. */
  teams: Set<string>;
  /** Ids (as given in the file) that are key results. */
  keyResults: Set<string>;
}

/** A problem with one value, before the input reaches the API: `path` is the input field it is about. */
export interface ValueError {
  path: (string | number)[];
  message: string;
  code?: string;
}

export interface CsvColumn {
  name: string;
  required?: boolean;
  /** For the README's templates. */
  example: string;
  /** Turns the cell (already trimmed, never empty) into the input value. */
  convert?: (cell: string) => unknown;
}

export interface ImportKind {
  /** The name on the command line, e.g. `allocation`. */
  name: string;
  aliases: string[];
  /** The mutation each row becomes, its input type and what to select of its payload. */
  mutation: string;
  inputType: string;
  selection: string;
  schema: z.ZodType;
  columns: CsvColumn[];
  /** Columns named by the ledger's own data (allocation: one per category key). */
  dynamicColumns?: (context: ImportContext) => string[];
  /** A CSV row (cells by column, empty cells left out) as the mutation's input. */
  fromCsv?: (cells: Record<string, string>, context: ImportContext, errors: ValueError[]) => Record<string, unknown>;
  /** The CSV column (or NDJSON field) a path of the input came from. */
  columnOf?: (path: (string | number)[], input: Record<string, unknown>) => string;
  /** What the ledger must know of for the row to be accepted, checked before anything is written. */
  check?: (input: Record<string, unknown>, context: ImportContext) => ValueError[];
  /** Rows that must not appear twice in one file (e.g. one report per team and week). */
  uniqueBy?: (input: Record<string, unknown>) => string | null;
  /** Rows of one lane are written in file order, lanes in parallel: one lane keeps the file's order in the log. */
  lane: (input: Record<string, unknown>) => string;
  /** Which context the kind needs. */
  needs: ('categories' | 'teams' | 'keyResults')[];
}

const list = (cell: string) =>
  cell
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
const links = (cell: string) => list(cell).map((url) => ({ url }));
const options = (cell: string) => list(cell).map((title) => ({ title }));
/** A cell that cannot be the value its column takes. */
export class CellError extends Error {}

const number = (cell: string) => {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell)) throw new CellError(`must be a number, not "${cell.slice(0, 40)}"`);
  return Number(cell);
};
const boolean = (cell: string) => {
  const value = cell.toLowerCase();
  if (['true', 'yes', '1'].includes(value)) return true;
  if (['false', 'no', '0'].includes(value)) return false;
  throw new CellError(`must be true or false, not "${cell.slice(0, 40)}"`);
};
const upper = (cell: string) => cell.toUpperCase();

/** A CSV row of fixed columns: each cell through its column's conversion (a wrong type is left for the schema to name). */
function fixedColumns(columns: CsvColumn[]) {
  return (cells: Record<string, string>, _context: ImportContext, errors: ValueError[]): Record<string, unknown> => {
    const input: Record<string, unknown> = {};
    for (const column of columns) {
      const cell = cells[column.name];
      if (cell === undefined) continue;
      try {
        input[column.name] = column.convert ? column.convert(cell) : cell;
      } catch (error) {
        if (!(error instanceof CellError)) throw error;
        errors.push({ path: [column.name], message: error.message });
      }
    }
    return input;
  };
}

const fieldColumn = (path: (string | number)[]) => String(path[0] ?? '');

/** The `tags` and `links` columns, last, of the kinds that carry both. */
const tagsAndLinksColumns = (tagsExample: string, linksExample: string): CsvColumn[] => [
  { name: 'tags', example: tagsExample, convert: list },
  { name: 'links', example: linksExample, convert: links },
];

const decisionColumns: CsvColumn[] = [
  { name: 'title', required: true, example: 'Move sessions to DynamoDB' },
  { name: 'rationale', required: true, example: 'Redis failovers cost us two incidents this quarter' },
  { name: 'context', example: 'Session store outages in Q3' },
  { name: 'options', example: 'DynamoDB; Redis cluster', convert: options },
  { name: 'chosenOption', example: 'DynamoDB' },
  { name: 'consequences', example: 'One more table to operate' },
  { name: 'status', example: 'ACCEPTED', convert: upper },
  { name: 'owner', example: 'Ana Lima' },
  ...tagsAndLinksColumns('infra; sessions', 'https://acme.atlassian.net/browse/PLAT-12'),
];

const initiativeColumns: CsvColumn[] = [
  { name: 'title', required: true, example: 'Self-serve refunds' },
  { name: 'kind', required: true, example: 'INNOVATION', convert: upper },
  { name: 'owner', required: true, example: 'checkout' },
  { name: 'status', example: 'ACTIVE', convert: upper },
  { name: 'description', example: 'Let support agents refund without engineering' },
  ...tagsAndLinksColumns('support; q1', 'https://github.com/acme/checkout/issues/42'),
];

const checkInColumns: CsvColumn[] = [
  { name: 'keyResult', required: true, example: 'S2V5UmVzdWx0OmtyLTEyMw' },
  { name: 'reportedFor', required: true, example: '2026-11-16' },
  { name: 'value', example: '42.5', convert: number },
  { name: 'done', example: '', convert: boolean },
  { name: 'confidence', required: true, example: '0.7', convert: number },
  { name: 'status', example: 'ON_TRACK', convert: upper },
  { name: 'note', example: 'Conversion up after the new checkout page' },
  { name: 'links', example: 'https://acme.grafana.net/d/checkout', convert: links },
];

const teamColumns: CsvColumn[] = [
  { name: 'key', required: true, example: 'payments' },
  { name: 'name', required: true, example: 'Payments' },
  { name: 'kind', required: true, example: 'PRODUCT', convert: upper },
  { name: 'headcount', required: true, example: '7', convert: number },
  { name: 'effectiveWeek', example: '2026-W01' },
  { name: 'links', example: 'https://acme.atlassian.net/wiki/spaces/PAY', convert: links },
];

const allocationColumns: CsvColumn[] = [
  { name: 'team', required: true, example: 'checkout' },
  { name: 'week', required: true, example: '2026-W47' },
  { name: 'reason', example: '' },
];

const ALLOCATION_EXAMPLE_CATEGORIES = ['new-features', 'tech-debt', 'incidents'];

export const IMPORT_KINDS: ImportKind[] = [
  {
    name: 'decisions',
    aliases: ['decision'],
    mutation: 'recordDecision',
    inputType: 'RecordDecisionInput',
    selection: 'decision { id }',
    schema: RecordDecisionInput,
    columns: decisionColumns,
    columnOf: fieldColumn,
    lane: () => 'file-order',
    needs: [],
  },
  {
    name: 'initiatives',
    aliases: ['initiative'],
    mutation: 'createInitiative',
    inputType: 'CreateInitiativeInput',
    selection: 'initiative { id }',
    schema: CreateInitiativeInput,
    columns: initiativeColumns,
    columnOf: fieldColumn,
    lane: () => 'file-order',
    needs: [],
  },
  {
    name: 'allocation',
    aliases: ['allocation-reports', 'allocations', 'reports'],
    mutation: 'reportAllocation',
    inputType: 'ReportAllocationInput',
    selection: 'report { id }',
    schema: ReportAllocationInput,
    columns: allocationColumns,
    // Wide: one column per category key of any taxonomy version, the percent in each (empty: 0);
    // each row's categories must be those of the version in force for its week.
    dynamicColumns: (context) => [...context.categories],
    fromCsv: (cells, context, errors) => {
      const input: Record<string, unknown> = { team: cells.team, week: cells.week };
      if (cells.reason) input.reason = cells.reason;
      const entries: { category: string; percent: number }[] = [];
      for (const category of context.categories) {
        const cell = cells[category];
        if (cell === undefined) continue;
        try {
          entries.push({ category, percent: number(cell) });
        } catch (error) {
          if (!(error instanceof CellError)) throw error;
          errors.push({ path: ['entries', category], message: error.message });
        }
      }
      input.entries = entries;
      return input;
    },
    columnOf: (path, input) => {
      if (path[0] === 'entries' && typeof path[1] === 'string') return path[1];
      if (path[0] === 'entries' && typeof path[1] === 'number') {
        const entry = (input.entries as { category?: unknown }[] | undefined)?.[path[1]];
        return typeof entry?.category === 'string' ? entry.category : `entries[${path[1]}]`;
      }
      return fieldColumn(path);
    },
    check: (input, context) => {
      const errors: ValueError[] = [];
      if (!context.teams.has(String(input.team))) errors.push({ path: ['team'], code: 'NOT_FOUND', message: `No team has the key "${input.team}"` });
      const entries = (input.entries as { category: string; percent: number }[]) ?? [];
      const seen = new Set<string>();
      const taxonomy = taxonomyInForce(context.taxonomies, String(input.week));
      entries.forEach((entry, i) => {
        if (!taxonomy.categories.has(entry.category)) {
          errors.push({ path: ['entries', i, 'category'], message: `"${entry.category}" is not a category of taxonomy version ${taxonomy.version}, in force for ${input.week}` });
        }
        if (seen.has(entry.category)) errors.push({ path: ['entries', i, 'category'], message: `"${entry.category}" is listed twice` });
        seen.add(entry.category);
      });
      const sum = entries.reduce((total, entry) => total + entry.percent, 0);
      if (entries.length && Math.abs(sum - 100) > SUM_TOLERANCE) {
        errors.push({ path: ['entries'], message: `The percents add up to ${Math.round(sum * 100) / 100}, not 100 (within ${SUM_TOLERANCE})` });
      }
      return errors;
    },
    uniqueBy: (input) => `${input.team} ${input.week}`,
    // One team's rows in file order, teams in parallel: each report's append checks its team's
    // version in the same transaction, and DynamoDB refuses concurrent transactions on one item.
    lane: (input) => String(input.team),
    needs: ['categories', 'teams'],
  },
  {
    name: 'check-ins',
    aliases: ['checkins', 'key-result-check-ins'],
    mutation: 'checkInKeyResult',
    inputType: 'CheckInKeyResultInput',
    selection: 'checkIn { id }',
    schema: CheckInKeyResultInput,
    columns: checkInColumns,
    columnOf: fieldColumn,
    check: (input, context) =>
      context.keyResults.has(String(input.keyResult)) ? [] : [{ path: ['keyResult'], code: 'NOT_FOUND', message: `No key result has the id "${input.keyResult}"` }],
    // Check-ins of one key result in file order (the latest one counts); key results in parallel.
    lane: (input) => String(input.keyResult),
    needs: ['keyResults'],
  },
  {
    name: 'teams',
    aliases: ['team'],
    mutation: 'defineTeam',
    inputType: 'DefineTeamInput',
    selection: 'team { id }',
    schema: DefineTeamInput,
    columns: teamColumns,
    columnOf: fieldColumn,
    uniqueBy: (input) => String(input.key),
    lane: () => 'file-order',
    needs: [],
  },
];

for (const kind of IMPORT_KINDS) if (!kind.fromCsv) kind.fromCsv = fixedColumns(kind.columns);

export function importKind(name: string): ImportKind | undefined {
  const wanted = name.toLowerCase();
  return IMPORT_KINDS.find((kind) => kind.name === wanted || kind.aliases.includes(wanted));
}

/** A template CSV of a kind: its header and one example row (allocation with example category columns). */
export function templateCsv(kind: ImportKind): string {
  const quote = (value: string) => (/[",\n;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const columns = kind.columns.map((c) => c.name);
  const examples = kind.columns.map((c) => c.example);
  if (kind.dynamicColumns) {
    columns.splice(2, 0, ...ALLOCATION_EXAMPLE_CATEGORIES);
    examples.splice(2, 0, '60', '25', '15');
  }
  return `${columns.join(',')}\n${examples.map(quote).join(',')}\n`;
}

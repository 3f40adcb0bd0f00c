import { z } from 'zod';

/**
 * Input rules shared by every record kind. Inputs are zod schemas; the API builds its GraphQL
 * input types from them (api/zod-input.ts), reading `.describe()` texts and the `.meta()` below.
 */

export const trimmed = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
export const required = (max: number) => trimmed(max).min(1, 'must not be empty');

/** A reason is required for every change to an existing record: it is what auditors read. */
export const ReasonSchema = required(2000);

export const ExpectedVersionSchema = z.number().int().min(1, 'must be a version the record has reached (1 or more)');

export const IdempotencyKeySchema = z
  .string()
  .min(1)
  .max(128)
  // `server~<uuid>`: a key the server made for a write sent without one, given back when that
  // write's outcome was unknown (api/run-command.ts), so the client can retry it safely.
  .regex(/^(?:[A-Za-z0-9._:-]+|server~[0-9a-f-]{36})$/, 'may use letters, digits and . _ : - only')
  .describe('Retrying with the same key returns the first result and writes nothing.');

/** An optional idempotency key, as every input has one. */
export const IdempotencyKey = IdempotencyKeySchema.nullish();

/** The id of a record of node type `type` (e.g. `Decision`): clients give its opaque node id, which the API decodes. */
export const recordId = (type: string) => z.string().meta({ node: type });

/** The opaque node id of a record of any of several types, checked by whoever resolves it. */
export const nodeId = () => z.string().meta({ graphql: 'ID' });

/** Text with no length rule of its own: only the 400 KB item limit of the log bounds it (TOO_LARGE). */
export const LongText = z.string().trim();

/**
 * What every change to an existing record of node type `type` carries besides its own fields;
 * `record` (e.g. "decision") words the descriptions of the version and the reason.
 */
export const changeOf = (type: string, record?: string) =>
  z.object({
    id: recordId(type).describe(`Global id of the ${record ?? type} to change (its id field).`),
    expectedVersion: record
      ? ExpectedVersionSchema.describe(`The version you last read; the change is refused if the ${record} moved on.`)
      : ExpectedVersionSchema.describe(`The version you last read; the change is refused (VERSION_CONFLICT) if the ${type} moved on.`),
    reason: record ? ReasonSchema.describe('Why: kept in the log for auditors.') : ReasonSchema.describe('Why (1-2000 characters): kept in the log for auditors.'),
    idempotencyKey: IdempotencyKey,
  });

/** A list of at most `max` entries (`noun` words the limit's message); a repeated entry is kept once, where it first stands. */
export const distinctList = <T extends z.ZodType>(entry: T, max: number, noun: string) =>
  z
    .array(entry)
    .max(max, `at most ${max} ${noun}`)
    .transform((entries) => [...new Set(entries)]);

/** The status a new record starts in: the first of `statuses` unless another of them is given. */
export const initialStatus = <const S extends readonly [string, ...string[]]>(statuses: S, graphql: string) =>
  z
    .enum(statuses)
    .meta({ graphql })
    .describe(`${statuses[0]} (default) or ${statuses.slice(1).join(' or ')}.`)
    .nullish()
    .transform((status): S[number] => status ?? statuses[0]);

/** An optional field of a new record: absent, null or empty all mean "none". */
export const optionalText = (schema: z.ZodString) => schema.nullish().transform((v) => v || null);

/** An optional field of a revision: absent means "unchanged", null or empty clears it. */
export const clearable = <T extends z.ZodType>(schema: T) =>
  schema.nullish().transform((value) => (value === undefined ? undefined : value === '' ? null : value));

/** For a field that cannot be cleared, null means "leave as it is". */
export const unchangedWhenNull = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

/** A calendar date, YYYY-MM-DD (a business date, separate from when it was recorded). */
export const IsoDateSchema = z.iso.date({ error: 'must be a calendar date written YYYY-MM-DD' });

/** A fraction such as a grade or a confidence. */
export const UnitInterval = z.number().min(0, 'must be between 0.0 and 1.0').max(1, 'must be between 0.0 and 1.0');

/** A reason where one is welcome but not required: it goes in the event envelope. */
export const OptionalReason = optionalText(trimmed(2000));

const optionalField = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value || null);
const listField = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? []);

type CreateShape<S extends Record<string, z.ZodType>, O extends keyof S, L extends keyof S> = {
  [K in keyof S]: K extends O ? ReturnType<typeof optionalField<S[K]>> : K extends L ? ReturnType<typeof listField<S[K]>> : S[K];
};
type ReviseShape<S extends Record<string, z.ZodType>, O extends keyof S> = {
  [K in keyof S]: K extends O ? ReturnType<typeof clearable<S[K]>> : ReturnType<typeof unchangedWhenNull<S[K]>>;
};

/**
 * A record kind's content fields, declared once for its create and its revise input. `create`: an
 * `optional` field may be absent, null or "" (none), a `lists` field defaults to empty, any other is
 * required. `revise`: every field may be left out or null to keep it as it is; null or "" clears an
 * `optional` one. Fields whose rules differ between the two inputs are declared in each input instead.
 */
export function contentFields<S extends Record<string, z.ZodType>, O extends keyof S = never, L extends keyof S = never>(
  fields: S,
  kinds: { optional?: readonly O[]; lists?: readonly L[] },
): { create: CreateShape<S, O, L>; revise: ReviseShape<S, O> } {
  const optional = new Set<keyof S>(kinds.optional ?? []);
  const lists = new Set<keyof S>(kinds.lists ?? []);
  const entries = Object.entries(fields);
  const create = entries.map(([key, schema]) => [
    key,
    optional.has(key) ? optionalField(schema) : lists.has(key) ? listField(schema) : schema,
  ]);
  const revise = entries.map(([key, schema]) => [key, optional.has(key) ? clearable(schema) : unchangedWhenNull(schema)]);
  return { create: Object.fromEntries(create), revise: Object.fromEntries(revise) } as {
    create: CreateShape<S, O, L>;
    revise: ReviseShape<S, O>;
  };
}

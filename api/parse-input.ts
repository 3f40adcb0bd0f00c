import type { z } from 'zod';
import { parseGlobalId } from './global-id.ts';
import type { UserError } from './schema/user-error.ts';

/** Validates a mutation input with its zod schema; every issue becomes a user error at its field path. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; errors: UserError[] } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      code: 'INVALID_INPUT',
      field: ['input', ...issue.path.map(String)],
      message: issue.message,
    })),
  };
}

/** Parses the input of a change to an existing record and decodes its `id` as a `typename` id. */
export function parseChange<S extends z.ZodType<{ id: string }>>(schema: S, input: Record<string, unknown>, typename: string) {
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const id = parseGlobalId(String(input.id), typename, ['input', 'id']);
  return id.ok ? { ok: true as const, data: parsed.data, id: id.id } : { ok: false as const, errors: [id.error] };
}

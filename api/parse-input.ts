import type { z } from 'zod';
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

import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { UserError } from './schema/user-error.ts';

/** The GraphQL type behind each stream kind, for subject ids in the audit trail (filled by recordNode). */
export const TYPE_OF_KIND: Record<string, string> = {};

export const globalIdOf = (kind: string, id: string): string => encodeGlobalID(TYPE_OF_KIND[kind] ?? kind, id);

/** Decodes an opaque id of the expected type, or says what is wrong with it at `field`. */
export function parseGlobalId(
  value: string,
  typename: string,
  field: string[],
): { ok: true; id: string } | { ok: false; error: UserError } {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(value);
  } catch {
    return { ok: false, error: { code: 'INVALID_INPUT', field, message: `"${value}" is not a valid ${typename} id` } };
  }
  if (decoded.typename !== typename || !decoded.id) {
    return {
      ok: false,
      error: { code: 'INVALID_INPUT', field, message: `"${value}" is not a ${typename} id${decoded.typename ? ` (it is a ${decoded.typename} id)` : ''}` },
    };
  }
  return { ok: true, id: decoded.id };
}

import { brandWithType } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { ApiContext, ReadModels } from './context.ts';
import type { UserError } from './schema/user-error.ts';

/**
 * How to find a record of each GraphQL node type in the read models: used to check that linked
 * ids (evidence, related records, supersededBy) exist, and to resolve them for display. Each
 * record type registers its own (api/schema/record-node.ts); the audit event is not a record.
 */
export const RECORD_LOOKUPS: Record<string, (models: ReadModels, id: string) => object | undefined | Promise<object | undefined>> = {
  // An event the log cache no longer holds is read from the store.
  AuditEvent: (models, id) => (/^\d+$/.test(id) ? models.log.at(Number(id)) : undefined),
};

export interface FoundRecord {
  typename: string;
  id: string;
  globalId: string;
  /** Branded with its type, so it can be returned where a `Node` is expected. */
  record: object;
}

/**
 * Resolves linked global ids to existing records, or explains which one is wrong: a malformed
 * id or one of a type that may not be linked is INVALID_INPUT, an unknown record NOT_FOUND.
 */
export async function findRecords(
  ctx: ApiContext,
  globalIds: readonly string[],
  field: string[],
  allowedTypes: readonly string[],
): Promise<{ ok: true; records: FoundRecord[] } | { ok: false; errors: UserError[] }> {
  const models = await ctx.read();
  const records: FoundRecord[] = [];
  const errors: UserError[] = [];
  for (const [index, globalId] of globalIds.entries()) {
    const at = [...field, String(index)];
    let decoded: { typename: string; id: string };
    try {
      decoded = decodeGlobalID(globalId);
    } catch {
      errors.push({ code: 'INVALID_INPUT', field: at, message: `"${globalId}" is not a valid id` });
      continue;
    }
    if (!allowedTypes.includes(decoded.typename) || !RECORD_LOOKUPS[decoded.typename]) {
      errors.push({
        code: 'INVALID_INPUT',
        field: at,
        message: `A ${decoded.typename || 'malformed'} id cannot be linked here; expected ${allowedTypes.join(', ')}`,
      });
      continue;
    }
    const record = await RECORD_LOOKUPS[decoded.typename]!(models, decoded.id);
    if (!record) {
      errors.push({ code: 'NOT_FOUND', field: at, message: `No ${decoded.typename} has the id "${globalId}"` });
      continue;
    }
    brandWithType(record, decoded.typename as never);
    records.push({ typename: decoded.typename, id: decoded.id, globalId, record });
  }
  return errors.length ? { ok: false, errors } : { ok: true, records };
}

/** One linked id that must exist and be of an allowed type; errors are placed at `field` itself. */
export async function findRecord(
  ctx: ApiContext,
  globalId: string,
  field: string[],
  allowedTypes: readonly string[],
): Promise<{ ok: true; record: FoundRecord } | { ok: false; errors: UserError[] }> {
  const found = await findRecords(ctx, [globalId], field, allowedTypes);
  return found.ok ? { ok: true, record: found.records[0]! } : { ok: false, errors: found.errors.map((e) => ({ ...e, field })) };
}

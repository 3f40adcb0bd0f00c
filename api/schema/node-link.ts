import { brandWithType } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import type { RecordLink } from '../../domain/common-fields.ts';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { findRecords, RECORD_LOOKUPS } from '../record-lookup.ts';
import type { UserError } from './user-error.ts';

/**
 * Links between records (a tradeoff's related records, a priority change's evidence) and the id
 * plumbing of the mutations that make them. Links are stored in events as `{ type, id }` and
 * resolved to records at read time, so they always show the linked record as it is now.
 */

/** The GraphQL `Node` interface: a `[NodeList]` field can hold records of any linked type. */
export const NodeInterface = builder.nodeInterfaceRef();

/** Checks that every linked global id exists and is of an allowed type; errors carry `field` + index. */
export async function findLinks(
  ctx: ApiContext,
  globalIds: readonly string[],
  field: string[],
  allowedTypes: readonly string[],
): Promise<{ ok: true; links: RecordLink[] } | { ok: false; errors: UserError[] }> {
  const found = await findRecords(ctx, globalIds, field, allowedTypes);
  return found.ok ? { ok: true, links: found.records.map(({ typename, id }) => ({ type: typename, id })) } : found;
}

/** The records behind stored links, branded with their type so they resolve as `Node`. */
export async function resolveLinks(ctx: ApiContext, links: readonly RecordLink[]): Promise<object[]> {
  const models = await ctx.read();
  const records: object[] = [];
  for (const link of links) {
    const record = await RECORD_LOOKUPS[link.type]?.(models, link.id);
    if (!record) continue;
    brandWithType(record, link.type as never);
    records.push(record);
  }
  return records;
}

/** Decodes a global id given as a query filter argument; a malformed one is a BAD_USER_INPUT error. */
export function linkArg(globalId: string, arg: string): RecordLink {
  try {
    const { typename, id } = decodeGlobalID(globalId);
    if (typename && id) return { type: typename, id };
  } catch {
    // reported below
  }
  throw new GraphQLError(`Argument "${arg}" is not a valid id`, { extensions: { code: 'BAD_USER_INPUT' } });
}

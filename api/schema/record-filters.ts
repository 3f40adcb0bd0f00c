import type { EnumRef } from '@pothos/core';
import { toArray, type Indexed } from '../../domain/copyable.ts';
import { builder, type BuilderTypes } from '../builder.ts';

/** The tag and owner filters every list query of a kind with tags or an owner takes. */

export const TAG_ARG_DESCRIPTION = 'Only records carrying every one of these tags.';
export const OWNER_ARG_DESCRIPTION = 'Only records with this owner (exactly as recorded).';
/** The status filter of the list queries of kinds with a lifecycle. */
export const STATUS_ARG_DESCRIPTION = 'Only records in one of these statuses; omit (or give none) for every status.';

/** The tag and owner arguments, last among a list query's arguments. */
export const tagOwnerArgs = builder.args((t) => ({
  tag: t.stringList({ required: false, description: TAG_ARG_DESCRIPTION }),
  owner: t.string({ description: OWNER_ARG_DESCRIPTION }),
}));

/** The `status` argument of a list query over a kind with a lifecycle, whose statuses are `type`. */
export const statusArg = <V extends string>(type: EnumRef<BuilderTypes, V>) =>
  builder.args((t) => ({ status: t.field({ type: [type], required: false, description: STATUS_ARG_DESCRIPTION }) }));

export interface TagOwnerArgs {
  tag?: readonly string[] | null;
  owner?: string | null;
}

/** The records that match the tag and owner arguments (all of them when neither is given). */
export function tagsAndOwner<T extends { tags?: readonly string[]; owner?: string | null }>(records: Indexed<T>, args: TagOwnerArgs): Indexed<T> {
  const tags = args.tag?.map((tag) => tag.trim()).filter(Boolean) ?? [];
  const owner = args.owner?.trim() || null;
  if (!tags.length && owner === null) return records;
  return toArray(records).filter((r) => (owner === null || r.owner === owner) && tags.every((tag) => r.tags?.includes(tag)));
}

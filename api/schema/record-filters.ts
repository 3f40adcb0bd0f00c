/** The tag and owner filters every list query of a kind with tags or an owner takes. */

export const TAG_ARG_DESCRIPTION = 'Only records carrying every one of these tags.';
export const OWNER_ARG_DESCRIPTION = 'Only records with this owner (exactly as recorded).';
/** The status filter of the list queries of kinds with a lifecycle. */
export const STATUS_ARG_DESCRIPTION = 'Only records in one of these statuses; omit (or give none) for every status.';

export interface TagOwnerArgs {
  tag?: readonly string[] | null;
  owner?: string | null;
}

/** The records that match the tag and owner arguments (all of them when neither is given). */
export function tagsAndOwner<T extends { tags?: readonly string[]; owner?: string | null }>(records: T[], args: TagOwnerArgs): T[] {
  const tags = args.tag?.map((tag) => tag.trim()).filter(Boolean) ?? [];
  const owner = args.owner?.trim() || null;
  if (!tags.length && owner === null) return records;
  return records.filter((r) => (owner === null || r.owner === owner) && tags.every((tag) => r.tags?.includes(tag)));
}

import type { AlignmentTarget } from '../../../domain/okrs/objective.ts';
import type { ApiContext } from '../../context.ts';
import { findRecord } from '../../record-lookup.ts';
import type { UserError } from '../user-error.ts';

/** Checking the records an objective or key result refers to, before the command is decided. */

type Found<T> = { ok: true; value: T } | { ok: false; errors: UserError[] };

/** A team key in an input must name a defined team. */
export async function teamErrors(ctx: ApiContext, key: string | null | undefined, field: string[]): Promise<UserError[]> {
  if (!key || (await ctx.read()).teams.get(key)) return [];
  return [{ code: 'NOT_FOUND', field, message: `No team has the key "${key}"` }];
}

/** `alignedTo` (an Objective or KeyResult id) as the decider sees it: the target and the objectives above it. */
export async function alignmentTarget(ctx: ApiContext, globalId: string): Promise<Found<AlignmentTarget>> {
  const found = await findRecord(ctx, globalId, ['input', 'alignedTo'], ['Objective', 'KeyResult']);
  if (!found.ok) return found;
  const target = { kind: found.record.typename === 'Objective' ? ('objective' as const) : ('key-result' as const), id: found.record.id };
  return { ok: true, value: { ...target, objectiveChain: (await ctx.read()).okrs.objectiveChain(target) } };
}

/**
 * The links of an objective input: its owner team must exist, its alignment target too. `alignedTo`
 * keeps the input's meaning: undefined leaves it as it is, null clears it.
 */
export async function objectiveLinks(
  ctx: ApiContext,
  input: { ownerTeam?: string | null; alignedTo?: string | null },
): Promise<Found<{ alignedTo: AlignmentTarget | null | undefined }>> {
  const errors = await teamErrors(ctx, input.ownerTeam, ['input', 'ownerTeam']);
  let alignedTo: AlignmentTarget | null | undefined = input.alignedTo === undefined ? undefined : null;
  if (input.alignedTo) {
    const target = await alignmentTarget(ctx, input.alignedTo);
    if (target.ok) alignedTo = target.value;
    else errors.push(...target.errors);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: { alignedTo } };
}

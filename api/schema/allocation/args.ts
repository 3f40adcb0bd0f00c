import { GraphQLError } from 'graphql';
import { AllocationAnalysis, MAX_RANGE_WEEKS } from '../../../domain/allocation/allocation-analysis.ts';
import { isIsoWeek, weeksBetween } from '../../../domain/allocation/iso-week.ts';
import { isoWeekOf } from '../../../domain/allocation/iso-week.ts';
import type { ApiContext, ReadModels } from '../../context.ts';

/** Checks of the arguments of allocation queries: bad ones are GraphQL errors (queries have no userErrors). */

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

export function checkWeek(value: string, arg: string): string {
  if (!isIsoWeek(value)) throw badInput(`Argument "${arg}" must be an ISO week like 2026-W47, not "${value}"`);
  return value;
}

export function checkRange(fromWeek: string, toWeek: string): { fromWeek: string; toWeek: string } {
  checkWeek(fromWeek, 'fromWeek');
  checkWeek(toWeek, 'toWeek');
  const weeks = weeksBetween(fromWeek, toWeek) + 1;
  if (weeks < 1) throw badInput(`"toWeek" (${toWeek}) is before "fromWeek" (${fromWeek})`);
  if (weeks > MAX_RANGE_WEEKS) throw badInput(`The range covers ${weeks} weeks; at most ${MAX_RANGE_WEEKS} at once`);
  return { fromWeek, toWeek };
}

export function checkTeam(models: ReadModels, key: string): string {
  if (!models.teams.get(key)) throw new GraphQLError(`No team has the key "${key}"`, { extensions: { code: 'NOT_FOUND' } });
  return key;
}

export const analysisOf = (models: ReadModels): AllocationAnalysis => new AllocationAnalysis(models.allocation, models.teams);

/** The week "now" is in: the asked instant's (asOf), else the clock's. */
export async function currentWeek(ctx: ApiContext): Promise<string> {
  const { asOf } = await ctx.pointInTime();
  return isoWeekOf(asOf ?? ctx.now());
}

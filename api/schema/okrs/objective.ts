import { OWNER_ARG_DESCRIPTION, TAG_ARG_DESCRIPTION, tagsAndOwner } from '../record-filters.ts';
import { ExternalLinkType, LINKS_DESCRIPTION } from '../links.ts';
import { GraphQLError } from 'graphql';
import { cycleEnd, cycleStart, parseCycle } from '../../../domain/okrs/cycle.ts';
import type { KeyResultState } from '../../../domain/okrs/key-result.ts';
import { objectives, type ObjectiveState } from '../../../domain/okrs/objective.ts';
import { isoDateOf } from '../../../domain/okrs/cycle.ts';
import { CloseObjectiveInput, ReviseObjectiveInput, SetObjectiveInput } from '../../../domain/okrs/objective-inputs.ts';
import { OBJECTIVE_STREAM } from '../../../domain/okrs/objective-events.ts';
import { recordNode } from '../record-node.ts';
import { builder } from '../../builder.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { objectiveLinks } from './objective-links.ts';
import { timeArgs } from '../time-args.ts';
import { countedConnection } from '../counted-connection.ts';
import { keyedConnection } from '../../connection.ts';
import { KeyResultRef, ObjectiveLevelEnum, ObjectiveOutcomeEnum, ObjectiveRef, ObjectiveStatusEnum } from './objective-refs.ts';
import { pageArgs } from '../page-args.ts';
import { TeamRef } from '../teams/team.ts';

export const AlignmentTargetUnion = builder.unionType('AlignmentTarget', {
  description: 'What an objective is aligned to: a parent objective or a key result.',
  types: [ObjectiveRef, KeyResultRef],
  resolveType: (target) => ('measure' in target ? KeyResultRef : ObjectiveRef),
});

/** A cycle argument of a query: `YYYY-Qn`, or a BAD_USER_INPUT error. */
export function cycleArg(cycle: string | null | undefined): string | null {
  if (cycle == null) return null;
  if (!parseCycle(cycle)) {
    throw new GraphQLError(`Argument "cycle" must be a quarter written YYYY-Qn, e.g. 2026-Q4`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return cycle;
}

recordNode(ObjectiveRef, {
  description: 'An objective of a cycle (quarter), at company, team or individual level, with its key results and progress.',
  stream: OBJECTIVE_STREAM,
  lookup: (models, id) => models.okrs.objective(id),
  history: true,
  stamped: true,
  fields: (t) => ({
    tags: t.exposeStringList('tags', { description: 'Labels to filter by.' }),
    links: t.field({ type: [ExternalLinkType], description: LINKS_DESCRIPTION, resolve: (r) => r.links }),
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    cycle: t.exposeString('cycle', { description: 'The quarter, e.g. 2026-Q4. It never changes.' }),
    cycleStart: t.string({ description: 'First day of the cycle (ISO date).', resolve: (o) => cycleStart(o.cycle) }),
    cycleEnd: t.string({ description: 'Last day of the cycle (ISO date).', resolve: (o) => cycleEnd(o.cycle) }),
    level: t.field({ type: ObjectiveLevelEnum, resolve: (o) => o.level }),
    ownerTeamKey: t.exposeString('ownerTeam', { nullable: true, description: 'Key of the owning team.' }),
    ownerTeam: t.field({
      type: TeamRef,
      nullable: true,
      resolve: async (o, _args, ctx) => (o.ownerTeam ? ((await ctx.read()).teams.get(o.ownerTeam) ?? null) : null),
    }),
    owner: t.exposeString('owner', { nullable: true, description: 'The person accountable for it.' }),
    alignedTo: t.field({
      type: AlignmentTargetUnion,
      nullable: true,
      description: 'The parent objective or key result this objective contributes to.',
      resolve: async (o, _args, ctx): Promise<ObjectiveState | KeyResultState | null> => {
        if (!o.alignedTo) return null;
        const okrs = (await ctx.read()).okrs;
        return (o.alignedTo.kind === 'objective' ? okrs.objective(o.alignedTo.id) : okrs.keyResult(o.alignedTo.id)) ?? null;
      },
    }),
    children: t.field({
      type: [ObjectiveRef],
      description: 'Objectives aligned to this objective or to one of its key results, in the order they were set.',
      resolve: async (o, _args, ctx) => (await ctx.read()).okrs.children(o.id),
    }),
    status: t.field({ type: ObjectiveStatusEnum, resolve: (o) => o.status }),
    outcome: t.field({ type: ObjectiveOutcomeEnum, nullable: true, description: 'Set when the objective is closed.', resolve: (o) => o.outcome }),
    closingNote: t.exposeString('closingNote', { nullable: true }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (o) => o.closedAt }),
    keyResults: t.field({
      type: [KeyResultRef],
      description: 'In the order they were defined.',
      resolve: async (o, _args, ctx) => (await ctx.read()).okrs.keyResultsOf(o.id),
    }),
    progress: t.float({
      nullable: true,
      description:
        'Mean progress (0-1) of its key results, each from its latest check-in (0 before its first); null while it has no key results.',
      resolve: async (o, _args, ctx) => (await ctx.read()).okrs.objectiveProgress(o.id),
    }),
  }),
});

const ObjectiveConnection = countedConnection('Objective', ObjectiveRef);

builder.queryField('objectives', (t) =>
  t.field({
    type: ObjectiveConnection,
    description: 'Objectives in the order they were set, filtered by cycle (YYYY-Qn), owner team key, level, status, tags and owner.',
    args: {
      ...pageArgs,
      ...timeArgs,
      cycle: t.arg.string(),
      team: t.arg.string({ description: 'Owner team key.' }),
      level: t.arg({ type: ObjectiveLevelEnum }),
      status: t.arg({ type: ObjectiveStatusEnum }),
      tag: t.arg.stringList({ required: false, description: TAG_ARG_DESCRIPTION }),
      owner: t.arg.string({ description: OWNER_ARG_DESCRIPTION }),
    },
    resolve: async (_root, args, ctx) => {
      const filter = { cycle: cycleArg(args.cycle), team: args.team, level: args.level, status: args.status };
      return keyedConnection(tagsAndOwner((await ctx.read()).okrs.objectives(filter), args), (o) => o.createdPosition, args);
    },
  }),
);

const mutation = mutationsOf({ kind: objectives, payload: recordPayload('objective', ObjectiveRef) });

mutation('setObjective', {
  description: 'Sets a new ACTIVE objective for a cycle.',
  permission: 'lead',
  input: SetObjectiveInput,
  command: async (data, { ctx }) => {
    const links = await objectiveLinks(ctx, data);
    if (!links.ok) return links.errors;
    return { type: 'SetObjective', data: { ...data, alignedTo: links.value.alignedTo ?? null }, today: isoDateOf(new Date()) };
  },
});

mutation('reviseObjective', {
  description: 'Changes an ACTIVE objective, with a reason.',
  permission: 'lead',
  input: ReviseObjectiveInput,
  command: async ({ alignedTo, ...changes }, { ctx }) => {
    const links = await objectiveLinks(ctx, { ownerTeam: changes.ownerTeam, alignedTo });
    if (!links.ok) return links.errors;
    return { type: 'ReviseObjective', changes: { ...changes, alignedTo: links.value.alignedTo } };
  },
});

mutation('closeObjective', {
  description: 'Closes an ACTIVE objective with its outcome and a closing note.',
  permission: 'lead',
  input: CloseObjectiveInput,
  command: ({ outcome, note }) => ({ type: 'CloseObjective', outcome, note }),
});

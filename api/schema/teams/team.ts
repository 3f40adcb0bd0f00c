import { linksField } from '../links.ts';
import { teams, teamSince, type HeadcountEntry, type TeamState } from '../../../domain/teams/team.ts';
import { DefineTeamInput, ReviseTeamInput } from '../../../domain/teams/inputs.ts';
import { TEAM_STREAM, TeamKindSchema } from '../../../domain/teams/events.ts';
import { recordNode, stampDescription } from '../record-node.ts';
import { builder } from '../../builder.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { enumType } from '../../zod-input.ts';
import { timeArgs } from '../time-args.ts';
import { countedConnection } from '../counted-connection.ts';
import { creationOrder } from '../../connection.ts';
import { listArgs } from '../page-args.ts';

export const TeamKindEnum = enumType(
  'TeamKind',
  TeamKindSchema,
  'PRODUCT teams build features; PLATFORM and INFRASTRUCTURE teams build what product teams build on.',
  {
    PRODUCT: 'Builds product features for customers.',
    PLATFORM: 'Builds the shared components and tools product teams build on.',
    INFRASTRUCTURE: 'Runs the systems everything else runs on.',
  },
);

const TeamHeadcountType = builder.objectRef<HeadcountEntry>('TeamHeadcount').implement({
  description: 'A headcount and the ISO week from which it is in force.',
  fields: (t) => ({
    fromWeek: t.exposeString('fromWeek', { description: 'The ISO week (e.g. 2026-W40) from which it is in force.' }),
    headcount: t.exposeInt('headcount', { description: 'People in the team.' }),
    recordedAt: t.field({ type: 'DateTime', description: 'When it was recorded (it may take effect in an earlier or later week).', resolve: (h) => h.recordedAt }),
  }),
});

export const TeamRef = builder.objectRef<TeamState>('Team');

recordNode(TeamRef, TEAM_STREAM, (models, key) => models.teams.get(key), {
  description: 'A team: what allocation reports and OKRs belong to. Its id is derived from its key.',
  id: (team) => team.key,
  history: true,
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Stable lowercase key, e.g. "payments": what reports and targets refer to.' }),
    name: t.exposeString('name', { description: 'The team’s name as shown to people.' }),
    links: linksField(t),
    kind: t.field({ type: TeamKindEnum, description: 'The latest kind in force.', resolve: (team) => team.kind }),
    headcount: t.exposeInt('headcount', { description: 'The latest headcount in force.' }),
    since: t.string({ description: 'The ISO week from which the team has a headcount.', resolve: (team) => teamSince(team)! }),
    headcountHistory: t.field({
      type: [TeamHeadcountType],
      description: 'Every headcount recorded, by the week it took effect (then recording order).',
      resolve: (team) =>
        [...team.headcounts].sort((a, b) => (a.fromWeek === b.fromWeek ? a.position - b.position : a.fromWeek < b.fromWeek ? -1 : 1)),
    }),
    version: t.exposeInt('version', { description: 'Pass it as expectedVersion when revising the team.' }),
    createdAt: t.field({ type: 'DateTime', description: stampDescription.createdAt('team'), resolve: (team) => team.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: stampDescription.updatedAt('team'), resolve: (team) => team.updatedAt }),
  }),
});

const TeamConnection = countedConnection('Team', TeamRef);

builder.queryFields((t) => ({
  teams: t.field({
    type: TeamConnection,
    description: 'Teams in the order they were defined, optionally only those of the given kinds.',
    args: { ...listArgs, kind: t.arg({ type: [TeamKindEnum], required: false, description: 'Only teams of these kinds; omit for all teams.' }) },
    resolve: async (_root, args, ctx) => creationOrder((await ctx.read()).teams.ofKinds(args.kind), args),
  }),
  team: t.field({
    type: TeamRef,
    nullable: true,
    description: 'A team by its key.',
    args: { ...timeArgs, key: t.arg.string({ required: true, description: 'The key the team was defined under (defineTeam).' }) },
    resolve: async (_root, args, ctx) => (await ctx.read()).teams.get(args.key) ?? null,
  }),
}));

const mutation = mutationsOf({ kind: teams, payload: recordPayload('team', TeamRef) });

mutation('defineTeam', {
  description: 'Defines a new team under a key no other team has.',
  permission: 'administer',
  input: DefineTeamInput,
  id: (data) => data.key,
  command: ({ key: _key, effectiveWeek, ...data }) => ({ type: 'DefineTeam', data, effectiveWeek }),
});

mutation('reviseTeam', {
  description: "Changes a team's name, kind or headcount, with a reason; kind and headcount keep their history.",
  permission: 'administer',
  input: ReviseTeamInput,
  command: ({ effectiveWeek, ...changes }) => ({ type: 'ReviseTeam', changes, effectiveWeek }),
});

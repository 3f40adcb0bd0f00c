import { ExternalLinkType } from '../links.ts';
import { GraphQLError } from 'graphql';
import type { PriorityChange, PriorityListSnapshot, RankedEntry, RankShift } from '../../../domain/priorities/view.ts';
import { PRIORITIES_STREAM, PRIORITY_LIST_ID } from '../../../domain/priorities/events.ts';
import { EVIDENCE_TYPES, RemoveFromPrioritiesInput, ReprioritizeInput } from '../../../domain/priorities/inputs.ts';
import { priorityList, type PriorityListState } from '../../../domain/priorities/priority-list.ts';
import { initiatives, latestScore } from '../../../domain/initiatives/initiative.ts';
import { recordNode } from '../record-node.ts';
import { builder } from '../../builder.ts';
import { mutationsOf, type PayloadOf } from '../../mutation.ts';
import type { CommandResult } from '../../run-command.ts';
import { timeArgs } from '../time-args.ts';
import { countedConnection } from '../counted-connection.ts';
import { keyedConnection } from '../../connection.ts';
import type { ApiContext } from '../../context.ts';
import { parseGlobalId } from '../../global-id.ts';
import { ActorType } from '../actor.ts';
import { AuditEventRef } from '../audit-event.ts';
import { InitiativeRef, InitiativeScoreType } from '../initiatives/initiative.ts';
import { findLinks, NodeInterface, resolveLinks } from '../node-link.ts';
import type { UserError } from '../user-error.ts';
import { payloadDescription, userErrorsField } from '../payload.ts';
import { listArgs } from '../page-args.ts';

/** The list as shown: one of its versions, and the instant it was asked for (null: now). */
export interface PriorityListShape {
  snapshot: PriorityListSnapshot;
  asOf: string | null;
}


async function initiative(ctx: ApiContext, id: string) {
  const found = (await ctx.read()).initiatives.get(id);
  if (!found) throw new Error(`initiative ${id} of the priority list is not in the read model`);
  return found;
}

export const PriorityChangeKindEnum = builder.enumType('PriorityChangeKind', {
  description: 'What a change did to the initiative it names.',
  values: {
    ADDED: { description: 'Put on the list at toRank.' },
    MOVED_UP: { description: 'Moved to a higher place (a smaller rank number).' },
    MOVED_DOWN: { description: 'Moved to a lower place (a larger rank number).' },
    REMOVED: { description: 'Taken off the list (removeFromPriorities).' },
  } as const,
});

const RankShiftType = builder.objectRef<RankShift>('RankShift').implement({
  description: 'An initiative whose rank changed because another one was added, moved or removed.',
  fields: (t) => ({
    initiative: t.field({ type: InitiativeRef, description: 'The initiative that shifted.', resolve: (s, _args, ctx) => initiative(ctx, s.initiativeId) }),
    fromRank: t.exposeInt('fromRank', { description: 'Its rank before the change.' }),
    toRank: t.exposeInt('toRank', { description: 'Its rank after the change.' }),
  }),
});

export const PriorityChangeType = builder.objectRef<PriorityChange>('PriorityChange').implement({
  description: 'One change of the priority list: who moved which initiative from where to where, when, why and on what evidence.',
  fields: (t) => ({
    kind: t.field({ type: PriorityChangeKindEnum, description: 'Added, moved up, moved down or removed.', resolve: (c) => c.kind }),
    initiative: t.field({ type: InitiativeRef, description: 'The initiative the change was made to.', resolve: (c, _args, ctx) => initiative(ctx, c.initiativeId) }),
    fromRank: t.exposeInt('fromRank', { nullable: true, description: 'null when the initiative was added to the list.' }),
    toRank: t.exposeInt('toRank', { nullable: true, description: 'null when the initiative was removed from the list.' }),
    reason: t.string({ description: 'Why: required on every change.', resolve: (c) => c.reason ?? '' }),
    evidence: t.field({
      type: [NodeInterface],
      description: 'The decisions, tradeoffs, key-result check-ins and allocation reports cited, as they are now.',
      resolve: (c, _args, ctx) => resolveLinks(ctx, c.evidence),
    }),
    evidenceLinks: t.field({
      type: [ExternalLinkType],
      description: 'Evidence outside the ledger (tracker issues, documents, dashboards) cited with the change.',
      resolve: (c) => c.evidenceLinks,
    }),
    actor: t.field({ type: ActorType, description: 'Who made the change.', resolve: (c) => c.actor }),
    recordedAt: t.field({ type: 'DateTime', description: 'When the change was recorded.', resolve: (c) => c.recordedAt }),
    shifted: t.field({
      type: [RankShiftType],
      description: 'The other initiatives that moved as a consequence, top first.',
      resolve: async (c, _args, ctx) => (await ctx.read()).priorities.shifted(c),
    }),
    listVersion: t.exposeInt('listVersion', { description: 'Version of the priority list after this change.' }),
    auditEvent: t.field({
      type: AuditEventRef,
      description: 'The event in the log, with its place in the hash chain.',
      resolve: async (c, _args, ctx) => (await (await ctx.read()).log.at(c.position))!,
    }),
  }),
});

const PriorityEntryType = builder.objectRef<{ entry: RankedEntry }>('PriorityEntry').implement({
  description: 'One place on the priority list: a rank and the initiative holding it.',
  fields: (t) => ({
    rank: t.int({ description: '1 is the top priority.', resolve: ({ entry }) => entry.rank }),
    initiative: t.field({ type: InitiativeRef, description: 'The initiative at this rank.', resolve: ({ entry }, _args, ctx) => initiative(ctx, entry.initiativeId) }),
    score: t.field({
      type: InitiativeScoreType,
      nullable: true,
      description: 'The initiative’s latest score at the list’s point in time.',
      resolve: async ({ entry }, _args, ctx) => latestScore(await initiative(ctx, entry.initiativeId)),
    }),
    since: t.field({ type: 'DateTime', description: 'When the initiative got this rank.', resolve: ({ entry }) => entry.since }),
  }),
});

export const PriorityListRef = builder.objectRef<PriorityListShape>('PriorityList');

recordNode(PriorityListRef, PRIORITIES_STREAM, (models, id) => (id === PRIORITY_LIST_ID ? { snapshot: models.priorities.current(), asOf: null } : undefined), {
  description: 'The organisation’s ranked priority list, changed only by reprioritize and removeFromPriorities.',
  id: () => PRIORITY_LIST_ID,
  fields: (t) => ({
    version: t.int({
      description: 'Pass it as expectedVersion to reprioritize (0 while nothing is ranked).',
      resolve: ({ snapshot }) => snapshot.version,
    }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the list last changed; null while nothing was ever ranked.', resolve: ({ snapshot }) => snapshot.updatedAt }),
    asOf: t.field({ type: 'DateTime', nullable: true, description: 'The instant asked for; null for now.', resolve: ({ asOf }) => asOf }),
    entries: t.field({
      type: [PriorityEntryType],
      description: 'The ranked initiatives, rank 1 first.',
      resolve: ({ snapshot }) => snapshot.entries.map((entry) => ({ entry })),
    }),
  }),
});

const PriorityChangeConnection = countedConnection('PriorityChange', PriorityChangeType);

const includeShiftsDescription = 'Also the changes of other initiatives that shifted this one (see `shifted`).';

builder.queryFields((t) => ({
  priorities: t.field({
    type: PriorityListRef,
    description: 'The ranked priority list now, or as it stood at `asOf` / `atPosition`.',
    args: timeArgs,
    resolve: async (_root, _args, ctx) => {
      const [models, { asOf }] = await Promise.all([ctx.read(), ctx.pointInTime()]);
      return { snapshot: models.priorities.current(), asOf };
    },
  }),
  priorityChanges: t.field({
    type: PriorityChangeConnection,
    description: 'Changes of the priority list, oldest first: all of them, or those of one initiative.',
    args: {
      ...listArgs,
      initiativeId: t.arg.id({ description: 'Global id of an Initiative: only the changes made to it; omit for every change.' }),
      includeShifts: t.arg.boolean({ defaultValue: false, description: includeShiftsDescription }),
    },
    resolve: async (_root, args, ctx) => {
      let initiativeId: string | undefined;
      if (args.initiativeId != null) {
        const parsed = parseGlobalId(String(args.initiativeId), 'Initiative', ['initiativeId']);
        if (!parsed.ok) throw new GraphQLError(`Argument "initiativeId": ${parsed.error.message}`, { extensions: { code: 'BAD_USER_INPUT' } });
        initiativeId = parsed.id;
      }
      const { priorities } = await ctx.read();
      const changes = initiativeId === undefined ? priorities.allChanges() : priorities.changes({ initiativeId, includeShifts: args.includeShifts ?? false });
      return keyedConnection(changes, (c) => c.position, args);
    },
  }),
}));

builder.objectFields(InitiativeRef, (t) => ({
  rank: t.int({
    nullable: true,
    description: 'Current rank on the priority list; null when not on it.',
    resolve: async (i, _args, ctx) => (await ctx.read()).priorities.rankOf(i.id),
  }),
  why: t.field({
    type: [PriorityChangeType],
    description: 'Why this initiative is where it is: every change of its place on the priority list, oldest first.',
    args: { includeShifts: t.arg.boolean({ defaultValue: false, description: includeShiftsDescription }) },
    resolve: async (i, args, ctx) => (await ctx.read()).priorities.changes({ initiativeId: i.id, includeShifts: args.includeShifts ?? false }),
  }),
}));

interface ListPayload {
  list: PriorityListShape | null;
  change: PriorityChange | null;
  userErrors: UserError[];
}

/** A list change answers with the list after it and the change itself. */
const listPayload: PayloadOf<PriorityListState, ListPayload> = {
  type: (name) =>
    builder.objectRef<ListPayload>(name).implement({
      description: payloadDescription('the priority list after the change and the change made'),
      fields: (t) => ({
        priorities: t.field({ type: PriorityListRef, nullable: true, description: 'The list after the change.', resolve: (p) => p.list }),
        change: t.field({ type: PriorityChangeType, nullable: true, description: 'The change made; null when it was refused (see userErrors).', resolve: (p) => p.change }),
        userErrors: userErrorsField(t),
      }),
    }),
  of: async ({ state, userErrors }: CommandResult<PriorityListState>, ctx) => {
    if (!state) return { list: null, change: null, userErrors };
    const view = (await ctx.read()).priorities;
    return {
      list: { snapshot: view.atVersion(state.version) ?? view.current(), asOf: null },
      change: view.changeAt(state.version) ?? null,
      userErrors: [],
    };
  },
};

const mutation = mutationsOf({ kind: priorityList, payload: listPayload });
const theList = () => PRIORITY_LIST_ID;

mutation('reprioritize', {
  description: 'The only way to rank an initiative: moves it (or adds it) to toRank, with the reason and the evidence.',
  permission: 'lead',
  input: ReprioritizeInput,
  id: theList,
  command: async ({ initiativeId, toRank, evidence, evidenceLinks }, { ctx, read }) => {
    const cited = await findLinks(ctx, evidence, ['input', 'evidence'], EVIDENCE_TYPES);
    if (!cited.ok) return cited.errors;
    return { type: 'Reprioritize', initiative: await read(initiatives, initiativeId), toRank, evidence: cited.links, evidenceLinks };
  },
});

mutation('removeFromPriorities', {
  description: 'Takes an initiative off the priority list, with the reason and the evidence (e.g. before it is DONE or DROPPED).',
  permission: 'lead',
  input: RemoveFromPrioritiesInput,
  id: theList,
  command: async ({ initiativeId, evidence, evidenceLinks }, { ctx, read }) => {
    const cited = await findLinks(ctx, evidence, ['input', 'evidence'], EVIDENCE_TYPES);
    if (!cited.ok) return cited.errors;
    return { type: 'RemoveFromPriorities', initiative: await read(initiatives, initiativeId), evidence: cited.links, evidenceLinks };
  },
});

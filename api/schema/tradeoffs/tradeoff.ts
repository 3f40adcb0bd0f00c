import { TAG_ARG_DESCRIPTION, tagsAndOwner } from '../record-filters.ts';
import { toArray } from '../../../domain/copyable.ts';
import { tagsAndLinks } from '../links.ts';
import { isDueForRevisit, tradeoffs, type TradeoffRevisit, type TradeoffState } from '../../../domain/tradeoffs/tradeoff.ts';
import { NoteTradeoffInput, ReviseTradeoffInput, RevisitTradeoffInput, TRADEOFF_LINK_TYPES } from '../../../domain/tradeoffs/inputs.ts';
import {
  RevisitOutcomeSchema,
  TRADEOFF_STREAM,
  TradeoffStatusSchema,
} from '../../../domain/tradeoffs/events.ts';
import { recordNode } from '../record-node.ts';
import { builder } from '../../builder.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { enumType } from '../../zod-input.ts';
import type { ApiContext } from '../../context.ts';
import { timeArgs } from '../time-args.ts';
import { ActorType } from '../actor.ts';
import { findLinks, linkArg, NodeInterface, resolveLinks } from '../node-link.ts';
import { recordListQuery } from '../record-list.ts';

export const TradeoffStatusEnum = enumType(
  'TradeoffStatus',
  TradeoffStatusSchema,
  'Whether a tradeoff still holds.',
  {
    IN_EFFECT: 'The choice holds.',
    REVERSED: 'A revisit found it no longer does; final.',
  },
);

export const RevisitOutcomeEnum = enumType('RevisitOutcome', RevisitOutcomeSchema, 'What a revisit of a tradeoff concluded.', {
  UPHELD: 'The choice still holds; a next revisit date may be set.',
  REVERSED: 'It no longer does: the tradeoff becomes REVERSED.',
});

/** The calendar date (UTC) of the point in time a field reads at: today, or the day of `asOf`. */
async function readingDate(ctx: ApiContext): Promise<string> {
  const { asOf } = await ctx.pointInTime();
  return (asOf ?? new Date().toISOString()).slice(0, 10);
}

const TradeoffRevisitType = builder.objectRef<TradeoffRevisit>('TradeoffRevisit').implement({
  description: 'One look back at a tradeoff: what was concluded, by whom, when and why.',
  fields: (t) => ({
    outcome: t.field({ type: RevisitOutcomeEnum, description: 'Upheld or reversed.', resolve: (r) => r.outcome }),
    reason: t.exposeString('reason', { nullable: true, description: 'What the revisit found.' }),
    nextRevisitBy: t.exposeString('nextRevisitBy', { nullable: true, description: 'ISO date of the next revisit, if one was set.' }),
    revisitedAt: t.field({ type: 'DateTime', description: 'When the revisit was recorded.', resolve: (r) => r.revisitedAt }),
    revisitedBy: t.field({ type: ActorType, description: 'Who revisited it.', resolve: (r) => r.revisitedBy }),
    version: t.exposeInt('version', { description: 'Version of the tradeoff after this revisit.' }),
  }),
});

export const TradeoffRef = builder.objectRef<TradeoffState>('Tradeoff');

recordNode(TradeoffRef, TRADEOFF_STREAM, (models, id) => models.tradeoffs.get(id), {
  description: 'A tradeoff note: what was chosen, what was given up for it and why, linked to the records it concerns.',
  history: true,
  stamped: true,
  fields: (t) => ({
    ...tagsAndLinks(t),
    title: t.exposeString('title', { description: 'Short title of the tradeoff.' }),
    chose: t.exposeString('chose', { description: 'What was chosen.' }),
    over: t.exposeString('over', { description: 'What was given up for it.' }),
    rationale: t.exposeString('rationale', { description: 'Why what was chosen was worth what was given up.' }),
    relatedTo: t.field({
      type: [NodeInterface],
      description: 'The decisions, key results, initiatives and allocation targets this tradeoff concerns, as they are now.',
      resolve: (tradeoff, _args, ctx) => resolveLinks(ctx, tradeoff.relatedTo),
    }),
    revisitBy: t.exposeString('revisitBy', { nullable: true, description: 'ISO date by which to look at the tradeoff again.' }),
    dueForRevisit: t.boolean({
      description: 'In effect with a revisit date on or before the day read at (today, or the day of the query’s `asOf`).',
      resolve: async (tradeoff, _args, ctx) => isDueForRevisit(tradeoff, await readingDate(ctx)),
    }),
    status: t.field({ type: TradeoffStatusEnum, description: 'In effect, or reversed by a revisit.', resolve: (tradeoff) => tradeoff.status }),
    revisits: t.field({ type: [TradeoffRevisitType], description: 'Every revisit, oldest first.', resolve: (tradeoff) => tradeoff.revisits }),
  }),
});

recordListQuery('tradeoffs', TradeoffRef, {
  description: 'Tradeoffs in the order they were noted, optionally only those linked to one record (e.g. a decision), with the given tags or in the given statuses.',
  args: builder.args((t) => ({
    relatedTo: t.id({ description: 'Id of a decision, key result, initiative or allocation target.' }),
    tag: t.stringList({ required: false, description: TAG_ARG_DESCRIPTION }),
    status: t.field({ type: [TradeoffStatusEnum], required: false, description: 'Only tradeoffs in these statuses.' }),
  })),
  list: (models, args) => {
    const relatedTo = args.relatedTo == null ? undefined : linkArg(String(args.relatedTo), 'relatedTo');
    const listed = tagsAndOwner(relatedTo ? models.tradeoffs.relatedTo(relatedTo) : models.tradeoffs.records(), { tag: args.tag });
    return args.status?.length ? toArray(listed).filter((tradeoff) => args.status!.includes(tradeoff.status)) : listed;
  },
});

builder.queryFields((t) => ({
  tradeoffsDueForRevisit: t.field({
    type: [TradeoffRef],
    description: 'Tradeoffs in effect whose revisit date is on or before today (or the day of `asOf`), the most overdue first.',
    args: timeArgs,
    resolve: async (_root, _args, ctx) => (await ctx.read()).tradeoffs.dueForRevisit(await readingDate(ctx)),
  }),
}));

const mutation = mutationsOf({ kind: tradeoffs, payload: recordPayload('tradeoff', TradeoffRef) });

mutation('noteTradeoff', {
  description: 'Notes a tradeoff: what was chosen over what and why, linked to the records it concerns.',
  permission: 'lead',
  input: NoteTradeoffInput,
  command: async ({ relatedTo, ...content }, { ctx }) => {
    const links = await findLinks(ctx, relatedTo, ['input', 'relatedTo'], TRADEOFF_LINK_TYPES);
    return links.ok ? { type: 'NoteTradeoff', data: { ...content, relatedTo: links.links } } : links.errors;
  },
});

mutation('reviseTradeoff', {
  description: 'Changes a tradeoff in effect (e.g. a new revisit date or more links), with a reason.',
  permission: 'lead',
  input: ReviseTradeoffInput,
  command: async ({ relatedTo, ...changes }, { ctx }) => {
    const links = relatedTo === undefined ? undefined : await findLinks(ctx, relatedTo, ['input', 'relatedTo'], TRADEOFF_LINK_TYPES);
    if (links && !links.ok) return links.errors;
    return { type: 'ReviseTradeoff', changes: { ...changes, relatedTo: links?.links } };
  },
});

mutation('revisitTradeoff', {
  description: 'Records that a tradeoff was looked at again: UPHELD (optionally with a next revisit date) or REVERSED.',
  permission: 'lead',
  input: RevisitTradeoffInput,
  command: ({ outcome, nextRevisitBy }) => ({ type: 'RevisitTradeoff', outcome, nextRevisitBy }),
});

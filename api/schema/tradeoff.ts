import { GraphQLError } from 'graphql';
import type { TradeoffRevisit, TradeoffState } from '../../domain/tradeoffs/tradeoff.ts';
import { isDueForRevisit } from '../../domain/tradeoffs/tradeoff.ts';
import {
  IsoDateSchema,
  RevisitOutcomeSchema,
  TRADEOFF_STREAM,
  TradeoffStatusSchema,
} from '../../events/schemas/tradeoff-events.ts';
import { builder } from '../builder.ts';
import { keyedConnection } from '../connection.ts';
import { ActorType } from './actor.ts';
import { AuditEventConnection } from './audit-event.ts';
import { linkArg, NodeInterface, resolveLinks } from './node-link.ts';
import { pageArgs } from './page-args.ts';

export const TradeoffStatusEnum = builder.enumType('TradeoffStatus', {
  description: 'IN_EFFECT: the choice holds. REVERSED: a revisit found it no longer does.',
  values: TradeoffStatusSchema.options,
});

export const RevisitOutcomeEnum = builder.enumType('RevisitOutcome', {
  description: 'UPHELD: the choice still holds. REVERSED: it no longer does.',
  values: RevisitOutcomeSchema.options,
});

/** The types a tradeoff can be linked to. */
export const TRADEOFF_LINK_TYPES = ['Decision', 'KeyResult', 'Initiative', 'AllocationTarget'] as const;

/** An ISO date argument (e.g. `asOf`), defaulting to today (UTC). */
export function dateArg(value: string | null | undefined, arg: string): string {
  if (value == null) return new Date().toISOString().slice(0, 10);
  const parsed = IsoDateSchema.safeParse(value.trim());
  if (!parsed.success) {
    throw new GraphQLError(`Argument "${arg}" must be a date like 2026-12-31`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return parsed.data;
}

const TradeoffRevisitType = builder.objectRef<TradeoffRevisit>('TradeoffRevisit').implement({
  description: 'One look back at a tradeoff: what was concluded, by whom, when and why.',
  fields: (t) => ({
    outcome: t.field({ type: RevisitOutcomeEnum, resolve: (r) => r.outcome }),
    reason: t.exposeString('reason', { nullable: true, description: 'What the revisit found.' }),
    nextRevisitBy: t.exposeString('nextRevisitBy', { nullable: true, description: 'ISO date of the next revisit, if one was set.' }),
    revisitedAt: t.field({ type: 'DateTime', resolve: (r) => r.revisitedAt }),
    revisitedBy: t.field({ type: ActorType, resolve: (r) => r.revisitedBy }),
    version: t.exposeInt('version', { description: 'Version of the tradeoff after this revisit.' }),
  }),
});

export const TradeoffRef = builder.objectRef<TradeoffState>('Tradeoff');

builder.node(TradeoffRef, {
  description: 'A tradeoff note: what was chosen, what was given up for it and why, linked to the records it concerns.',
  id: { resolve: (t) => t.id },
  loadOne: async (id, ctx) => (await ctx.read()).tradeoffs.get(id) ?? null,
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'Pass it as expectedVersion when changing the tradeoff.' }),
    title: t.exposeString('title'),
    chose: t.exposeString('chose', { description: 'What was chosen.' }),
    over: t.exposeString('over', { description: 'What was given up for it.' }),
    rationale: t.exposeString('rationale'),
    relatedTo: t.field({
      type: [NodeInterface],
      description: 'The decisions, key results, initiatives and allocation targets this tradeoff concerns, as they are now.',
      resolve: (tradeoff, _args, ctx) => resolveLinks(ctx, tradeoff.relatedTo),
    }),
    revisitBy: t.exposeString('revisitBy', { nullable: true, description: 'ISO date by which to look at the tradeoff again.' }),
    dueForRevisit: t.boolean({
      description: 'In effect with a revisit date on or before `asOf` (ISO date, default today).',
      args: { asOf: t.arg.string() },
      resolve: (tradeoff, args) => isDueForRevisit(tradeoff, dateArg(args.asOf, 'asOf')),
    }),
    status: t.field({ type: TradeoffStatusEnum, resolve: (tradeoff) => tradeoff.status }),
    revisits: t.field({ type: [TradeoffRevisitType], description: 'Every revisit, oldest first.', resolve: (tradeoff) => tradeoff.revisits }),
    createdAt: t.field({ type: 'DateTime', resolve: (tradeoff) => tradeoff.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (tradeoff) => tradeoff.updatedAt }),
    recordedBy: t.field({ type: ActorType, nullable: true, resolve: (tradeoff) => tradeoff.createdBy }),
    history: t.field({
      type: AuditEventConnection,
      description: 'Every event of this tradeoff, oldest first.',
      args: pageArgs,
      resolve: async (tradeoff, args, ctx) =>
        keyedConnection((await ctx.read()).log.stream(TRADEOFF_STREAM, tradeoff.id), (e) => e.version, args),
    }),
  }),
});

const TradeoffConnection = builder.connectionObject({ type: TradeoffRef, name: 'TradeoffConnection' }, { name: 'TradeoffEdge' });
builder.objectField(TradeoffConnection, 'totalCount', (t) =>
  t.int({ resolve: (connection) => (connection as unknown as { totalCount: number }).totalCount }),
);

builder.queryFields((t) => ({
  tradeoffs: t.field({
    type: TradeoffConnection,
    description: 'Tradeoffs in the order they were noted, optionally only those linked to one record (e.g. a decision).',
    args: { ...pageArgs, relatedTo: t.arg.id({ description: 'Id of a decision, key result, initiative or allocation target.' }) },
    resolve: async (_root, args, ctx) => {
      const relatedTo = args.relatedTo == null ? undefined : linkArg(String(args.relatedTo), 'relatedTo');
      return keyedConnection((await ctx.read()).tradeoffs.list(relatedTo), (tradeoff) => tradeoff.createdPosition, args);
    },
  }),
  tradeoffsDueForRevisit: t.field({
    type: [TradeoffRef],
    description: 'Tradeoffs in effect whose revisit date is on or before `asOf` (ISO date, default today UTC), the most overdue first.',
    args: { asOf: t.arg.string() },
    resolve: async (_root, args, ctx) => (await ctx.read()).tradeoffs.dueForRevisit(dateArg(args.asOf, 'asOf')),
  }),
}));

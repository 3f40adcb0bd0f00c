import { OWNER_ARG_DESCRIPTION, TAG_ARG_DESCRIPTION, tagsAndOwner } from '../record-filters.ts';
import { decisions, type DecisionState } from '../../../domain/decisions/decision.ts';
import { DECISION_STREAM, DecisionStatusSchema } from '../../../domain/decisions/events.ts';
import { ChangeDecisionStatusInput, RecordDecisionInput, ReviseDecisionInput, SupersedeDecisionInput } from '../../../domain/decisions/inputs.ts';
import { recordNode } from '../record-node.ts';
import { builder } from '../../builder.ts';
import { keyedConnection } from '../../connection.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { enumType } from '../../zod-input.ts';
import { countedConnection } from '../counted-connection.ts';
import { pageArgs } from '../page-args.ts';
import { timeArgs } from '../time-args.ts';
import { ExternalLinkType, LINKS_DESCRIPTION } from '../links.ts';

export const DecisionStatusEnum = enumType('DecisionStatus', DecisionStatusSchema);

const DecisionOptionType = builder.objectRef<DecisionState['options'][number]>('DecisionOption').implement({
  description: 'An option that was considered, with its pros and cons.',
  fields: (t) => ({
    title: t.exposeString('title'),
    pros: t.exposeStringList('pros'),
    cons: t.exposeStringList('cons'),
  }),
});

export const DecisionRef = builder.objectRef<DecisionState>('Decision');

recordNode(DecisionRef, {
  description: 'An architecture or product decision (ADR/MADR style) with its options, rationale and lifecycle.',
  stream: DECISION_STREAM,
  lookup: (models, id) => models.decisions.get(id),
  history: true,
  stamped: true,
  fields: (t) => ({
    title: t.exposeString('title'),
    context: t.exposeString('context', { nullable: true }),
    options: t.field({ type: [DecisionOptionType], resolve: (d) => d.options }),
    chosenOption: t.exposeString('chosenOption', { nullable: true }),
    rationale: t.exposeString('rationale'),
    consequences: t.exposeString('consequences', { nullable: true }),
    owner: t.exposeString('owner', { nullable: true }),
    tags: t.exposeStringList('tags'),
    links: t.field({ type: [ExternalLinkType], description: LINKS_DESCRIPTION, resolve: (d) => d.links }),
    status: t.field({ type: DecisionStatusEnum, resolve: (d) => d.status }),
    supersededBy: t.field({
      type: DecisionRef,
      nullable: true,
      description: 'The decision that replaced this one.',
      resolve: async (d, _args, ctx) => (d.supersededBy ? ((await ctx.read()).decisions.get(d.supersededBy) ?? null) : null),
    }),
    supersedes: t.field({
      type: [DecisionRef],
      description: 'The decisions this one replaced.',
      resolve: async (d, _args, ctx) => (await ctx.read()).decisions.supersedes(d.id),
    }),
  }),
});

const DecisionConnection = countedConnection('Decision', DecisionRef);

builder.queryField('decisions', (t) =>
  t.field({
    type: DecisionConnection,
    description: 'Decisions in the order they were recorded, optionally only those in the given statuses, with the given tags or owner.',
    args: {
      ...pageArgs,
      ...timeArgs,
      status: t.arg({ type: [DecisionStatusEnum], required: false }),
      tag: t.arg.stringList({ required: false, description: TAG_ARG_DESCRIPTION }),
      owner: t.arg.string({ description: OWNER_ARG_DESCRIPTION }),
    },
    resolve: async (_root, args, ctx) =>
      keyedConnection(tagsAndOwner((await ctx.read()).decisions.byStatus(args.status), args), (d) => d.createdPosition, args),
  }),
);

const mutation = mutationsOf({ kind: decisions, payload: recordPayload('decision', DecisionRef) });

mutation('recordDecision', {
  description: 'Records a new decision as PROPOSED or ACCEPTED.',
  permission: 'lead',
  input: RecordDecisionInput,
  command: (data) => ({ type: 'RecordDecision', data }),
});

mutation('reviseDecision', {
  description: 'Changes the content of a PROPOSED or ACCEPTED decision, with a reason.',
  permission: 'lead',
  input: ReviseDecisionInput,
  command: (changes) => ({ type: 'ReviseDecision', changes }),
});

mutation('changeDecisionStatus', {
  description: 'Accepts, rejects or deprecates a decision, with a reason.',
  permission: 'lead',
  input: ChangeDecisionStatusInput,
  command: ({ status }) => ({ type: 'ChangeDecisionStatus', status }),
});

mutation('supersedeDecision', {
  description: 'Marks a decision SUPERSEDED by another; the other lists it in `supersedes`.',
  permission: 'lead',
  input: SupersedeDecisionInput,
  command: async ({ supersededBy }, { read }) => ({ type: 'SupersedeDecision', successor: await read(decisions, supersededBy) }),
});

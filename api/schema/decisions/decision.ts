import { tagsAndOwner, tagOwnerArgs, statusArg } from '../record-filters.ts';
import { decisions, type DecisionState } from '../../../domain/decisions/decision.ts';
import { DECISION_STREAM, DecisionStatusSchema } from '../../../domain/decisions/events.ts';
import { ChangeDecisionStatusInput, RecordDecisionInput, ReviseDecisionInput, SupersedeDecisionInput } from '../../../domain/decisions/inputs.ts';
import { recordNode, linkedRecord } from '../record-node.ts';
import { builder } from '../../builder.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { enumType } from '../../zod-input.ts';
import { tagsAndLinks } from '../links.ts';
import { recordListQuery } from '../record-list.ts';

export const DecisionStatusEnum = enumType('DecisionStatus', DecisionStatusSchema, 'Where a decision is in its lifecycle.', {
  PROPOSED: 'Put forward, not decided yet: it may be revised, accepted or rejected.',
  ACCEPTED: 'In force: it may be revised, deprecated or superseded.',
  REJECTED: 'Turned down; final.',
  DEPRECATED: 'No longer in force, with nothing replacing it; it can still be superseded.',
  SUPERSEDED: 'Replaced by another decision (supersededBy); final.',
});

const DecisionOptionType = builder.objectRef<DecisionState['options'][number]>('DecisionOption').implement({
  description: 'An option that was considered, with its pros and cons.',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'What the option is; chosenOption names the chosen one by this title.' }),
    pros: t.exposeStringList('pros', { description: 'Arguments for it.' }),
    cons: t.exposeStringList('cons', { description: 'Arguments against it.' }),
  }),
});

export const DecisionRef = builder.objectRef<DecisionState>('Decision');

recordNode(DecisionRef, DECISION_STREAM, (models, id) => models.decisions.get(id), {
  description: 'An architecture or product decision (ADR/MADR style) with its options, rationale and lifecycle.',
  history: true,
  stamped: true,
  fields: (t) => ({
    title: t.exposeString('title', { description: 'Short title of the decision.' }),
    context: t.exposeString('context', { nullable: true, description: 'The situation that called for a decision; null when none was given.' }),
    options: t.field({ type: [DecisionOptionType], description: 'The options considered, in the order given; empty when none were recorded.', resolve: (d) => d.options }),
    chosenOption: t.exposeString('chosenOption', { nullable: true, description: 'Title of the option chosen; null when none is named.' }),
    rationale: t.exposeString('rationale', { description: 'Why this choice was made.' }),
    consequences: t.exposeString('consequences', { nullable: true, description: 'What follows from the decision, good and bad; null when none were given.' }),
    owner: t.exposeString('owner', { nullable: true, description: 'Who is accountable for it, as recorded (free text); null when nobody is named.' }),
    ...tagsAndLinks(t, 'Labels to filter by (decisions(tag:)).'),
    status: t.field({ type: DecisionStatusEnum, description: 'Where it is in its lifecycle.', resolve: (d) => d.status }),
    supersededBy: linkedRecord(t, DecisionRef, 'The decision that replaced this one.', (d) => d.supersededBy),
    supersedes: t.field({
      type: [DecisionRef],
      description: 'The decisions this one replaced.',
      resolve: async (d, _args, ctx) => (await ctx.read()).decisions.supersedes(d.id),
    }),
  }),
});

recordListQuery('decisions', DecisionRef, {
  description: 'Decisions in the order they were recorded, optionally only those in the given statuses, with the given tags or owner.',
  args: { ...statusArg(DecisionStatusEnum), ...tagOwnerArgs },
  list: (models, args) => tagsAndOwner(args.status?.length ? models.decisions.byStatus(args.status) : models.decisions.records(), args),
});

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

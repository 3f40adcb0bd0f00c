import { randomUUID } from 'node:crypto';
import { decisionDecider, initialDecisionState, type DecisionState } from '../../domain/decisions/decision.ts';
import {
  ChangeDecisionStatusInput,
  RecordDecisionInput,
  ReviseDecisionInput,
  SupersedeDecisionInput,
} from '../../domain/decisions/inputs.ts';
import { DECISION_STREAM } from '../../domain/decisions/events.ts';
import { builder, type BuilderTypes } from '../builder.ts';
import { parseGlobalId } from '../global-id.ts';
import { parseChange, parseInput } from '../parse-input.ts';
import { recordExecutor } from '../run-command.ts';
import { DecisionRef, DecisionStatusEnum } from './decision.ts';
import { payloadType, refused } from './payload.ts';

const DecisionOptionInput = builder.inputType('DecisionOptionInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    pros: t.stringList(),
    cons: t.stringList(),
  }),
});

/** Content fields shared by recordDecision and reviseDecision. */
const contentFields = (t: PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>) => ({
  context: t.string(),
  options: t.field({ type: [DecisionOptionInput] }),
  chosenOption: t.string({ description: 'Title of one of the options.' }),
  consequences: t.string(),
  owner: t.string(),
  tags: t.stringList(),
  idempotencyKey: t.string({ description: 'Retrying with the same key returns the first result and writes nothing.' }),
});

const RecordDecisionInputType = builder.inputType('RecordDecisionInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    rationale: t.string({ required: true }),
    status: t.field({ type: DecisionStatusEnum, description: 'PROPOSED (default) or ACCEPTED.' }),
    ...contentFields(t),
  }),
});

const changeFields = (t: Parameters<typeof contentFields>[0]) => ({
  id: t.id({ required: true }),
  expectedVersion: t.int({ required: true, description: 'The version you last read; the change is refused if the decision moved on.' }),
  reason: t.string({ required: true, description: 'Why: kept in the log for auditors.' }),
  idempotencyKey: t.string({ description: 'Retrying with the same key returns the first result and writes nothing.' }),
});

const ReviseDecisionInputType = builder.inputType('ReviseDecisionInput', {
  description: 'Only the fields given change; null clears an optional field.',
  fields: (t) => ({
    ...changeFields(t),
    title: t.string(),
    rationale: t.string(),
    ...contentFields(t),
  }),
});

const ChangeDecisionStatusInputType = builder.inputType('ChangeDecisionStatusInput', {
  fields: (t) => ({ ...changeFields(t), status: t.field({ type: DecisionStatusEnum, required: true }) }),
});

const SupersedeDecisionInputType = builder.inputType('SupersedeDecisionInput', {
  fields: (t) => ({ ...changeFields(t), supersededBy: t.id({ required: true, description: 'The decision that replaces this one.' }) }),
});

const payload = (name: string) => payloadType<DecisionState>(name, 'decision', DecisionRef);
const RecordDecisionPayload = payload('RecordDecisionPayload');
const ReviseDecisionPayload = payload('ReviseDecisionPayload');
const ChangeDecisionStatusPayload = payload('ChangeDecisionStatusPayload');
const SupersedeDecisionPayload = payload('SupersedeDecisionPayload');

const execute = recordExecutor(decisionDecider, DECISION_STREAM, initialDecisionState);

builder.mutationFields((t) => ({
  recordDecision: t.field({
    type: RecordDecisionPayload,
    description: 'Records a new decision as PROPOSED or ACCEPTED.',
    args: { input: t.arg({ type: RecordDecisionInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(RecordDecisionInput, input);
      if (!parsed.ok) return refused(parsed.errors);
      const { idempotencyKey, ...data } = parsed.data;
      return execute(ctx, {
        operation: 'recordDecision',
        input,
        id: randomUUID(),
        newRecord: true,
        idempotencyKey,
        command: () => ({ type: 'RecordDecision', data }),
      });
    },
  }),

  reviseDecision: t.field({
    type: ReviseDecisionPayload,
    description: 'Changes the content of a PROPOSED or ACCEPTED decision, with a reason.',
    args: { input: t.arg({ type: ReviseDecisionInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseChange(ReviseDecisionInput, input, 'Decision');
      if (!parsed.ok) return refused(parsed.errors);
      const { id: _id, expectedVersion, reason, idempotencyKey, ...changes } = parsed.data;
      return execute(ctx, {
        operation: 'reviseDecision',
        input,
        id: parsed.id,
        expectedVersion,
        reason,
        idempotencyKey,
        command: () => ({ type: 'ReviseDecision', changes }),
      });
    },
  }),

  changeDecisionStatus: t.field({
    type: ChangeDecisionStatusPayload,
    description: 'Accepts, rejects or deprecates a decision, with a reason.',
    args: { input: t.arg({ type: ChangeDecisionStatusInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseChange(ChangeDecisionStatusInput, input, 'Decision');
      if (!parsed.ok) return refused(parsed.errors);
      const { expectedVersion, reason, idempotencyKey, status } = parsed.data;
      return execute(ctx, {
        operation: 'changeDecisionStatus',
        input,
        id: parsed.id,
        expectedVersion,
        reason,
        idempotencyKey,
        command: () => ({ type: 'ChangeDecisionStatus', status: status as Exclude<typeof status, 'SUPERSEDED'> }),
      });
    },
  }),

  supersedeDecision: t.field({
    type: SupersedeDecisionPayload,
    description: 'Marks a decision SUPERSEDED by another; the other lists it in `supersedes`.',
    args: { input: t.arg({ type: SupersedeDecisionInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseChange(SupersedeDecisionInput, input, 'Decision');
      if (!parsed.ok) return refused(parsed.errors);
      const successorId = parseGlobalId(parsed.data.supersededBy, 'Decision', ['input', 'supersededBy']);
      if (!successorId.ok) return refused([successorId.error]);
      const { expectedVersion, reason, idempotencyKey } = parsed.data;
      return execute(ctx, {
        operation: 'supersedeDecision',
        input,
        id: parsed.id,
        expectedVersion,
        reason,
        idempotencyKey,
        command: async (_decision, read) => ({
          type: 'SupersedeDecision',
          successor: await read(decisionDecider, initialDecisionState(successorId.id), { kind: DECISION_STREAM, id: successorId.id }),
        }),
      });
    },
  }),
}));

import { randomUUID } from 'node:crypto';
import { isoDateOf } from '../../domain/okrs/cycle.ts';
import { initialObjectiveState, objectiveDecider, type ObjectiveState } from '../../domain/okrs/objective.ts';
import { CloseObjectiveInput, ReviseObjectiveInput, SetObjectiveInput } from '../../domain/okrs/objective-inputs.ts';
import { OBJECTIVE_STREAM } from '../../domain/okrs/objective-events.ts';
import { recordExecutor } from '../run-command.ts';
import { builder } from '../builder.ts';
import { parseChange, parseInput } from '../parse-input.ts';
import { objectiveLinks } from './objective-links.ts';
import { ObjectiveLevelEnum, ObjectiveOutcomeEnum, ObjectiveRef } from './objective-refs.ts';
import { payloadType, refused } from './payload.ts';

const idempotencyKeyDescription = 'Retrying with the same key returns the first result and writes nothing.';
const ownerTeamDescription = 'Key of the owning team (must exist). Required for TEAM objectives.';
const ownerDescription = 'The person accountable. Required for INDIVIDUAL objectives.';
const alignedToDescription = 'Id of the parent Objective or KeyResult this objective contributes to (must exist, no cycles).';

const SetObjectiveInputType = builder.inputType('SetObjectiveInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    description: t.string(),
    cycle: t.string({ description: 'The quarter, e.g. 2026-Q4; defaults to the current quarter. It cannot be changed later.' }),
    level: t.field({ type: ObjectiveLevelEnum, required: true }),
    ownerTeam: t.string({ description: ownerTeamDescription }),
    owner: t.string({ description: ownerDescription }),
    alignedTo: t.id({ description: alignedToDescription }),
    idempotencyKey: t.string({ description: idempotencyKeyDescription }),
  }),
});

const ReviseObjectiveInputType = builder.inputType('ReviseObjectiveInput', {
  description: 'Only the fields given change; null clears an optional field. The cycle is fixed.',
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true, description: 'The version you last read; the change is refused if the objective moved on.' }),
    reason: t.string({ required: true, description: 'Why: kept in the log for auditors.' }),
    title: t.string(),
    description: t.string(),
    level: t.field({ type: ObjectiveLevelEnum }),
    ownerTeam: t.string({ description: ownerTeamDescription }),
    owner: t.string({ description: ownerDescription }),
    alignedTo: t.id({ description: alignedToDescription }),
    idempotencyKey: t.string({ description: idempotencyKeyDescription }),
  }),
});

const CloseObjectiveInputType = builder.inputType('CloseObjectiveInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
    outcome: t.field({ type: ObjectiveOutcomeEnum, required: true }),
    note: t.string({ required: true, description: 'What was achieved or learned.' }),
    reason: t.string(),
    idempotencyKey: t.string({ description: idempotencyKeyDescription }),
  }),
});

const payload = (name: string) => payloadType<ObjectiveState>(name, 'objective', ObjectiveRef);
const execute = recordExecutor(objectiveDecider, OBJECTIVE_STREAM, initialObjectiveState);

builder.mutationFields((t) => ({
  setObjective: t.field({
    type: payload('SetObjectivePayload'),
    description: 'Sets a new ACTIVE objective for a cycle.',
    args: { input: t.arg({ type: SetObjectiveInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(SetObjectiveInput, input);
      if (!parsed.ok) return refused(parsed.errors);
      const { idempotencyKey, ...data } = parsed.data;
      const links = await objectiveLinks(ctx, data);
      if (!links.ok) return refused(links.errors);
      return execute(ctx, {
        operation: 'setObjective',
        input,
        id: randomUUID(),
        newRecord: true,
        idempotencyKey,
        command: () => ({ type: 'SetObjective', data: { ...data, alignedTo: links.value.alignedTo ?? null }, today: isoDateOf(new Date()) }),
      });
    },
  }),

  reviseObjective: t.field({
    type: payload('ReviseObjectivePayload'),
    description: 'Changes an ACTIVE objective, with a reason.',
    args: { input: t.arg({ type: ReviseObjectiveInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseChange(ReviseObjectiveInput, input, 'Objective');
      if (!parsed.ok) return refused(parsed.errors);
      const { id: _id, expectedVersion, reason, idempotencyKey, alignedTo: _alignedTo, ...changes } = parsed.data;
      const links = await objectiveLinks(ctx, parsed.data);
      if (!links.ok) return refused(links.errors);
      return execute(ctx, {
        operation: 'reviseObjective',
        input,
        id: parsed.id,
        expectedVersion,
        reason,
        idempotencyKey,
        command: () => ({ type: 'ReviseObjective', changes: { ...changes, alignedTo: links.value.alignedTo } }),
      });
    },
  }),

  closeObjective: t.field({
    type: payload('CloseObjectivePayload'),
    description: 'Closes an ACTIVE objective with its outcome and a closing note.',
    args: { input: t.arg({ type: CloseObjectiveInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseChange(CloseObjectiveInput, input, 'Objective');
      if (!parsed.ok) return refused(parsed.errors);
      const { expectedVersion, reason, idempotencyKey, outcome, note } = parsed.data;
      return execute(ctx, {
        operation: 'closeObjective',
        input,
        id: parsed.id,
        expectedVersion,
        reason,
        idempotencyKey,
        command: () => ({ type: 'CloseObjective', outcome, note }),
      });
    },
  }),
}));

import { randomUUID } from 'node:crypto';
import { initialKeyResultState, keyResultDecider, type KeyResultState } from '../../domain/okrs/key-result.ts';
import { DefineKeyResultInput, GradeKeyResultInput, ReviseKeyResultTargetInput } from '../../domain/okrs/key-result-inputs.ts';
import { initialObjectiveState, objectiveDecider, type ObjectiveState } from '../../domain/okrs/objective.ts';
import { KEY_RESULT_STREAM } from '../../domain/okrs/key-result-events.ts';
import { OBJECTIVE_STREAM } from '../../domain/okrs/objective-events.ts';
import { builder } from '../builder.ts';
import { parseGlobalId } from '../global-id.ts';
import { parseChange, parseInput } from '../parse-input.ts';
import { recordExecutor, type ReadStream } from '../run-command.ts';
import { findRecord } from '../record-lookup.ts';
import { KeyResultKindEnum, KeyResultRef, MetricDirectionEnum } from './objective-refs.ts';
import { payloadType, refused } from './payload.ts';

const idempotencyKeyDescription = 'Retrying with the same key returns the first result and writes nothing.';

const DefineKeyResultInputType = builder.inputType('DefineKeyResultInput', {
  description: 'A METRIC needs baseline, target and unit (direction follows from them when left out); a MILESTONE takes none of them.',
  fields: (t) => ({
    objective: t.id({ required: true, description: 'The ACTIVE objective it belongs to.' }),
    title: t.string({ required: true }),
    description: t.string(),
    owner: t.string(),
    kind: t.field({ type: KeyResultKindEnum, required: true }),
    baseline: t.float(),
    target: t.float({ description: 'Must differ from the baseline in the direction of the metric.' }),
    unit: t.string({ description: 'e.g. "%", "ms", "customers".' }),
    direction: t.field({ type: MetricDirectionEnum }),
    idempotencyKey: t.string({ description: idempotencyKeyDescription }),
  }),
});

const ReviseKeyResultTargetInputType = builder.inputType('ReviseKeyResultTargetInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
    target: t.float({ required: true }),
    reason: t.string({ required: true, description: 'Why the target moved: kept with the old and new target.' }),
    decision: t.id({ description: 'The Decision behind the change (must exist).' }),
    idempotencyKey: t.string({ description: idempotencyKeyDescription }),
  }),
});

const GradeKeyResultInputType = builder.inputType('GradeKeyResultInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
    grade: t.float({ required: true, description: '0.0-1.0' }),
    reason: t.string(),
    idempotencyKey: t.string({ description: idempotencyKeyDescription }),
  }),
});

const payload = (name: string) => payloadType<KeyResultState>(name, 'keyResult', KeyResultRef);
export const executeKeyResult = recordExecutor(keyResultDecider, KEY_RESULT_STREAM, initialKeyResultState);

/** The objective a key result command is decided against, read from its stream (version 0 when there is none). */
export const loadObjective = (read: ReadStream, id: string): Promise<ObjectiveState> =>
  id ? read(objectiveDecider, initialObjectiveState(id), { kind: OBJECTIVE_STREAM, id }) : Promise.resolve(initialObjectiveState());

builder.mutationFields((t) => ({
  defineKeyResult: t.field({
    type: payload('DefineKeyResultPayload'),
    description: 'Defines a key result of an ACTIVE objective.',
    args: { input: t.arg({ type: DefineKeyResultInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(DefineKeyResultInput, input);
      if (!parsed.ok) return refused(parsed.errors);
      const objectiveId = parseGlobalId(parsed.data.objective, 'Objective', ['input', 'objective']);
      if (!objectiveId.ok) return refused([objectiveId.error]);
      return executeKeyResult(ctx, {
        operation: 'defineKeyResult',
        input,
        id: randomUUID(),
        newRecord: true,
        idempotencyKey: parsed.data.idempotencyKey,
        command: async (_keyResult, read) => ({ type: 'DefineKeyResult', data: parsed.data.data, objective: await loadObjective(read, objectiveId.id) }),
      });
    },
  }),

  reviseKeyResultTarget: t.field({
    type: payload('ReviseKeyResultTargetPayload'),
    description: 'Moves the target of a metric key result of an ACTIVE objective; the old and new target are kept.',
    args: { input: t.arg({ type: ReviseKeyResultTargetInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseChange(ReviseKeyResultTargetInput, input, 'KeyResult');
      if (!parsed.ok) return refused(parsed.errors);
      const { expectedVersion, reason, idempotencyKey, target, decision } = parsed.data;
      const found = decision ? await findRecord(ctx, decision, ['input', 'decision'], ['Decision']) : null;
      if (found && !found.ok) return refused(found.errors);
      return executeKeyResult(ctx, {
        operation: 'reviseKeyResultTarget',
        input,
        id: parsed.id,
        expectedVersion,
        reason,
        idempotencyKey,
        command: async (state, read) => ({
          type: 'ReviseKeyResultTarget',
          target,
          decisionId: found?.record.id ?? null,
          objective: await loadObjective(read, state.objectiveId),
        }),
      });
    },
  }),

  gradeKeyResult: t.field({
    type: payload('GradeKeyResultPayload'),
    description: 'Grades a key result 0.0-1.0 (again, if need be: every grade stays in its history).',
    args: { input: t.arg({ type: GradeKeyResultInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseChange(GradeKeyResultInput, input, 'KeyResult');
      if (!parsed.ok) return refused(parsed.errors);
      const { expectedVersion, reason, idempotencyKey, grade } = parsed.data;
      return executeKeyResult(ctx, {
        operation: 'gradeKeyResult',
        input,
        id: parsed.id,
        expectedVersion,
        reason,
        idempotencyKey,
        command: () => ({ type: 'GradeKeyResult', grade }),
      });
    },
  }),
}));

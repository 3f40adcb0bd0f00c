import { randomUUID } from 'node:crypto';
import { initialInitiativeState, initiativeDecider, type InitiativeState } from '../../domain/initiatives/initiative.ts';
import {
  ChangeInitiativeStatusInput,
  CreateInitiativeInput,
  ReviseInitiativeInput,
  ScoreInitiativeInput,
} from '../../domain/initiatives/inputs.ts';
import { initialPriorityListState, priorityListDecider, rankOf } from '../../domain/priorities/priority-list.ts';
import { INITIATIVE_STREAM } from '../../domain/initiatives/events.ts';
import { PRIORITIES_STREAM, PRIORITY_LIST_ID } from '../../domain/priorities/events.ts';
import { builder, type BuilderTypes } from '../builder.ts';
import { parseChange, parseInput } from '../parse-input.ts';
import { recordExecutor } from '../run-command.ts';
import { InitiativeKindEnum, InitiativeRef, InitiativeStatusEnum } from './initiative.ts';
import { payloadType, refused } from './payload.ts';

type Fields = PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>;

const idempotencyKey = (t: Fields) =>
  t.string({ description: 'Retrying with the same key returns the first result and writes nothing.' });

/** Fields of every change to an existing initiative. */
const changeFields = (t: Fields) => ({
  id: t.id({ required: true }),
  expectedVersion: t.int({ required: true, description: 'The version you last read; the change is refused if the initiative moved on.' }),
  reason: t.string({ required: true, description: 'Why: kept in the log for auditors.' }),
  idempotencyKey: idempotencyKey(t),
});

const CreateInitiativeInputType = builder.inputType('CreateInitiativeInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    description: t.string(),
    owner: t.string({ required: true, description: 'Who answers for it: a person or a team.' }),
    kind: t.field({ type: InitiativeKindEnum, required: true }),
    status: t.field({ type: InitiativeStatusEnum, description: 'PROPOSED (default) or ACTIVE.' }),
    idempotencyKey: idempotencyKey(t),
  }),
});

const ReviseInitiativeInputType = builder.inputType('ReviseInitiativeInput', {
  description: 'Only the fields given change; null or "" clears the description.',
  fields: (t) => ({
    ...changeFields(t),
    title: t.string(),
    description: t.string(),
    owner: t.string(),
    kind: t.field({ type: InitiativeKindEnum }),
  }),
});

const ScoreInitiativeInputType = builder.inputType('ScoreInitiativeInput', {
  description:
    'The seeds’ three questions (1 low to 5 high), effort in person-weeks and confidence 0-1. The score is computed with the current formula and kept with its inputs.',
  fields: (t) => ({
    ...changeFields(t),
    customerImpact: t.int({ required: true, description: 'What is the customer impact? (bugs, latency, time to value)' }),
    businessImpact: t.int({ required: true, description: 'What is the business impact? (brand trust, revenue)' }),
    operationalEfficiency: t.int({
      required: true,
      description: 'What is the impact on the operational efficiency of the business? (productivity of developers and staff)',
    }),
    effort: t.float({ required: true, description: 'Person-weeks, more than 0.' }),
    confidence: t.float({ required: true, description: 'How sure the estimates are, 0 to 1.' }),
  }),
});

const ChangeInitiativeStatusInputType = builder.inputType('ChangeInitiativeStatusInput', {
  description: 'DONE or DROPPED only once the initiative is off the priority list (removeFromPriorities).',
  fields: (t) => ({ ...changeFields(t), status: t.field({ type: InitiativeStatusEnum, required: true }) }),
});

const payload = (name: string) => payloadType<InitiativeState>(name, 'initiative', InitiativeRef);
const execute = recordExecutor(initiativeDecider, INITIATIVE_STREAM, initialInitiativeState);

builder.mutationFields((t) => ({
  createInitiative: t.field({
    type: payload('CreateInitiativePayload'),
    description: 'Creates an initiative, PROPOSED or ACTIVE. Rank it with reprioritize.',
    args: { input: t.arg({ type: CreateInitiativeInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(CreateInitiativeInput, input);
      if (!parsed.ok) return refused(parsed.errors);
      const { idempotencyKey, ...data } = parsed.data;
      return execute(ctx, {
        operation: 'createInitiative',
        input,
        id: randomUUID(),
        newRecord: true,
        idempotencyKey,
        command: () => ({ type: 'CreateInitiative', data }),
      });
    },
  }),

  reviseInitiative: t.field({
    type: payload('ReviseInitiativePayload'),
    description: 'Changes the title, description, owner or kind of an open initiative, with a reason.',
    args: { input: t.arg({ type: ReviseInitiativeInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseChange(ReviseInitiativeInput, input, 'Initiative');
      if (!parsed.ok) return refused(parsed.errors);
      const { id: _id, expectedVersion, reason, idempotencyKey, ...changes } = parsed.data;
      return execute(ctx, {
        operation: 'reviseInitiative',
        input,
        id: parsed.id,
        expectedVersion,
        reason,
        idempotencyKey,
        command: () => ({ type: 'ReviseInitiative', changes }),
      });
    },
  }),

  scoreInitiative: t.field({
    type: payload('ScoreInitiativePayload'),
    description: 'Scores an open initiative; the scoring keeps its inputs, the formula version and the score.',
    args: { input: t.arg({ type: ScoreInitiativeInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseChange(ScoreInitiativeInput, input, 'Initiative');
      if (!parsed.ok) return refused(parsed.errors);
      const { id: _id, expectedVersion, reason, idempotencyKey, ...inputs } = parsed.data;
      return execute(ctx, {
        operation: 'scoreInitiative',
        input,
        id: parsed.id,
        expectedVersion,
        reason,
        idempotencyKey,
        command: () => ({ type: 'ScoreInitiative', inputs }),
      });
    },
  }),

  changeInitiativeStatus: t.field({
    type: payload('ChangeInitiativeStatusPayload'),
    description: 'Starts, completes, drops or re-proposes an initiative, with a reason.',
    args: { input: t.arg({ type: ChangeInitiativeStatusInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseChange(ChangeInitiativeStatusInput, input, 'Initiative');
      if (!parsed.ok) return refused(parsed.errors);
      const { expectedVersion, reason, idempotencyKey, status } = parsed.data;
      return execute(ctx, {
        operation: 'changeInitiativeStatus',
        input,
        id: parsed.id,
        expectedVersion,
        reason,
        idempotencyKey,
        command: async (_initiative, read) => {
          const list = await read(priorityListDecider, initialPriorityListState(), { kind: PRIORITIES_STREAM, id: PRIORITY_LIST_ID });
          return { type: 'ChangeInitiativeStatus', status, rank: rankOf(list, parsed.id) };
        },
      });
    },
  }),
}));

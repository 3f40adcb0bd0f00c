import type { z } from 'zod';
import { initialInitiativeState, initiativeDecider } from '../../domain/initiatives/initiative.ts';
import { initialPriorityListState, priorityListDecider, type PriorityCommand } from '../../domain/priorities/priority-list.ts';
import { RemoveFromPrioritiesInput, ReprioritizeInput } from '../../domain/priorities/inputs.ts';
import type { PriorityChange } from '../../domain/priorities/view.ts';
import { INITIATIVE_STREAM } from '../../domain/initiatives/events.ts';
import { PRIORITIES_STREAM, PRIORITY_LIST_ID } from '../../domain/priorities/events.ts';
import { builder, type BuilderTypes } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { parseGlobalId } from '../global-id.ts';
import { parseInput } from '../parse-input.ts';
import { runCommand } from '../run-command.ts';
import { findLinks } from './node-link.ts';
import { EVIDENCE_TYPES, PriorityChangeType, PriorityListRef, type PriorityListShape } from './priorities.ts';
import { UserErrorType, type UserError } from './user-error.ts';

type Fields = PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>;

/** Fields of every change to the priority list. */
const listChangeFields = (t: Fields) => ({
  initiativeId: t.id({ required: true }),
  expectedVersion: t.int({
    required: true,
    description: 'The version of the priority list you last read (`priorities { version }`, 0 when empty); refused if it moved on.',
  }),
  reason: t.string({ required: true, description: 'Why: what auditors and the team read in the initiative’s `why`.' }),
  evidence: t.idList({
    description: `What the change rests on: ids of ${EVIDENCE_TYPES.join(', ')}. Each must exist. Optional, but recommended.`,
  }),
  idempotencyKey: t.string({ description: 'Retrying with the same key returns the first result and writes nothing.' }),
});

const ReprioritizeInputType = builder.inputType('ReprioritizeInput', {
  description: 'Puts an initiative at a rank: moves it, or adds it when it is not on the list yet. The others shift by one.',
  fields: (t) => ({
    ...listChangeFields(t),
    toRank: t.int({ required: true, description: '1 is the top; at most the list length (one more for a new initiative).' }),
  }),
});

const RemoveFromPrioritiesInputType = builder.inputType('RemoveFromPrioritiesInput', {
  description: 'Takes an initiative off the list; those below move up one rank.',
  fields: (t) => listChangeFields(t),
});

interface ListPayload {
  list: PriorityListShape | null;
  change: PriorityChange | null;
  userErrors: UserError[];
}

const listPayload = (name: string) =>
  builder.objectRef<ListPayload>(name).implement({
    fields: (t) => ({
      priorities: t.field({ type: PriorityListRef, nullable: true, description: 'The list after the change.', resolve: (p) => p.list }),
      change: t.field({ type: PriorityChangeType, nullable: true, resolve: (p) => p.change }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  });

const refused = (userErrors: UserError[]): ListPayload => ({ list: null, change: null, userErrors });

interface ListChange {
  operation: string;
  input: Record<string, unknown>;
  expectedVersion: number;
  reason: string;
  idempotencyKey?: string | null;
  initiativeId: string;
  command: (initiative: PriorityCommand['initiative']) => PriorityCommand;
}

/** The write path of both list mutations. */
async function changeList(ctx: ApiContext, change: ListChange): Promise<ListPayload> {
  const result = await runCommand(ctx, {
    operation: change.operation,
    input: change.input,
    stream: { kind: PRIORITIES_STREAM, id: PRIORITY_LIST_ID },
    decider: priorityListDecider,
    initialState: initialPriorityListState(),
    expectedVersion: change.expectedVersion,
    singleton: true,
    reason: change.reason,
    idempotencyKey: change.idempotencyKey,
    command: async (_list, read) => {
      const initiative = await read(initiativeDecider, initialInitiativeState(change.initiativeId), {
        kind: INITIATIVE_STREAM,
        id: change.initiativeId,
      });
      return change.command(initiative);
    },
  });
  if (!result.state) return refused(result.userErrors);
  const view = (await ctx.read()).priorities;
  return {
    list: { snapshot: view.atVersion(result.state.version) ?? view.current(), asOf: null },
    change: view.changeAt(result.state.version) ?? null,
    userErrors: [],
  };
}

/** Parses the list change input, the initiative id and the evidence links. */
async function parseListChange<S extends z.ZodType<z.output<typeof RemoveFromPrioritiesInput>>>(
  ctx: ApiContext,
  schema: S,
  input: Record<string, unknown>,
) {
  const parsed = parseInput(schema, input);
  if (!parsed.ok) return parsed;
  const initiativeId = parseGlobalId(parsed.data.initiativeId, 'Initiative', ['input', 'initiativeId']);
  if (!initiativeId.ok) return { ok: false as const, errors: [initiativeId.error] };
  const evidence = await findLinks(ctx, parsed.data.evidence, ['input', 'evidence'], EVIDENCE_TYPES);
  if (!evidence.ok) return evidence;
  return { ok: true as const, data: parsed.data, initiativeId: initiativeId.id, evidence: evidence.links };
}

builder.mutationFields((t) => ({
  reprioritize: t.field({
    type: listPayload('ReprioritizePayload'),
    description: 'The only way to rank an initiative: moves it (or adds it) to toRank, with the reason and the evidence.',
    args: { input: t.arg({ type: ReprioritizeInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = await parseListChange(ctx, ReprioritizeInput, input);
      if (!parsed.ok) return refused(parsed.errors);
      const { expectedVersion, reason, idempotencyKey, toRank } = parsed.data;
      return changeList(ctx, {
        operation: 'reprioritize',
        input,
        expectedVersion,
        reason,
        idempotencyKey,
        initiativeId: parsed.initiativeId,
        command: (initiative) => ({ type: 'Reprioritize', initiative, toRank, evidence: parsed.evidence }),
      });
    },
  }),

  removeFromPriorities: t.field({
    type: listPayload('RemoveFromPrioritiesPayload'),
    description: 'Takes an initiative off the priority list, with the reason and the evidence (e.g. before it is DONE or DROPPED).',
    args: { input: t.arg({ type: RemoveFromPrioritiesInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = await parseListChange(ctx, RemoveFromPrioritiesInput, input);
      if (!parsed.ok) return refused(parsed.errors);
      const { expectedVersion, reason, idempotencyKey } = parsed.data;
      return changeList(ctx, {
        operation: 'removeFromPriorities',
        input,
        expectedVersion,
        reason,
        idempotencyKey,
        initiativeId: parsed.initiativeId,
        command: (initiative) => ({ type: 'RemoveFromPriorities', initiative, evidence: parsed.evidence }),
      });
    },
  }),
}));

import { tagsAndOwner, tagOwnerArgs } from '../record-filters.ts';
import { tagsAndLinks } from '../links.ts';
import { GraphQLError } from 'graphql';
import { cycleEnd, cycleStart, parseCycle } from '../../../domain/okrs/cycle.ts';
import type { KeyResultState } from '../../../domain/okrs/key-result.ts';
import { objectives, type ObjectiveState } from '../../../domain/okrs/objective.ts';
import { isoDateOf } from '../../../domain/okrs/cycle.ts';
import {
  CarryOverObjectiveInput,
  CloseObjectiveInput,
  ReviseObjectiveInput,
  SetObjectiveInput,
  SetObjectiveProgressWeightsInput,
} from '../../../domain/okrs/objective-inputs.ts';
import { keyResults } from '../../../domain/okrs/key-result.ts';
import { latestCheckIn } from '../../../domain/okrs/check-ins.ts';
import { isProgressFormula } from '../../../domain/okrs/roll-up.ts';
import { findRecord } from '../../record-lookup.ts';
import { mutationRequires } from '../../auth/permissions.ts';
import { inputType, nodeIdFields } from '../../zod-input.ts';
import { INPUT_ARG_DESCRIPTION, parseMutationInput } from '../../mutation.ts';
import { execute } from '../../run-command.ts';
import { payloadType, refused } from '../payload.ts';
import { OBJECTIVE_STREAM } from '../../../domain/okrs/objective-events.ts';
import { recordNode, linkedRecord } from '../record-node.ts';
import { builder } from '../../builder.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { objectiveLinks } from './objective-links.ts';
import { KeyResultRef, ObjectiveLevelEnum, ObjectiveOutcomeEnum, ObjectiveRef, ObjectiveStatusEnum } from './objective-refs.ts';
import { CycleSchema } from '../../../domain/okrs/input-rules.ts';
import { cyclesKind } from '../../../domain/cycles/cycles.ts';
import { CYCLES_ID } from '../../../domain/cycles/events.ts';
import type { CycleRange } from '../../../domain/okrs/cycle.ts';
import type { ReadStream } from '../../run-command.ts';
import type { UserError } from '../user-error.ts';
import { OBJECTIVE_HEALTH_RULE, PROGRESS_FORMULA_VERSION } from '../../../domain/okrs/roll-up.ts';
import type { ProgressFormula, TrackStatusChange } from '../../../domain/okrs/view.ts';
import type { ProgressInput } from '../../../domain/okrs/roll-up.ts';
import { CheckInStatusEnum } from './objective-refs.ts';
import { TeamRef } from '../teams/team.ts';
import { recordListQuery } from '../record-list.ts';

export const AlignmentTargetUnion = builder.unionType('AlignmentTarget', {
  description: 'What an objective is aligned to: a parent objective or a key result.',
  types: [ObjectiveRef, KeyResultRef],
  resolveType: (target) => ('measure' in target ? KeyResultRef : ObjectiveRef),
});

/** A cycle argument of a query: `YYYY-Qn` or a key shaped like a defined cycle's, or a BAD_USER_INPUT error. */
export function cycleArg(cycle: string | null | undefined): string | null {
  if (cycle == null) return null;
  if (!parseCycle(cycle) && !CycleSchema.safeParse(cycle).success) {
    throw new GraphQLError(`Argument "cycle" must be a quarter written YYYY-Qn (e.g. 2026-Q4) or the key of a defined cycle`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return cycle;
}

/**
 * The dates of a cycle key an input names: null for a calendar quarter (or no cycle: the current
 * quarter), a defined cycle's dates, or NOT_FOUND. The cycles are read through the command, so a
 * redefinition racing it makes it decided again.
 */
export async function cycleOfInput(
  read: ReadStream,
  key: string | null,
  field: string[],
): Promise<{ ok: true; range: CycleRange | null } | { ok: false; errors: UserError[] }> {
  if (key === null || parseCycle(key)) return { ok: true, range: null };
  const defined = (await read(cyclesKind, CYCLES_ID)).cycles.find((c) => c.key === key);
  if (defined) return { ok: true, range: { start: defined.start, end: defined.end } };
  return { ok: false, errors: [{ code: 'NOT_FOUND', field, message: `No cycle has the key "${key}" (and it is not a quarter written YYYY-Qn)` }] };
}

const ProgressInputType = builder.objectRef<ProgressInput>('ProgressInput').implement({
  description: 'One input of an objective’s progress: one of its key results or an objective aligned to it.',
  fields: (t) => ({
    kind: t.string({ description: '`key-result` or `objective`.', resolve: (i) => i.kind }),
    id: t.exposeString('id', { description: 'The raw record id (the stream id), as the formula saw it.' }),
    contributor: t.field({
      type: AlignmentTargetUnion,
      nullable: true,
      description: 'The key result or objective itself.',
      resolve: async (i, _args, ctx) => {
        const okrs = (await ctx.read()).okrs;
        return (i.kind === 'objective' ? okrs.objective(i.id) : okrs.keyResult(i.id)) ?? null;
      },
    }),
    progress: t.float({ nullable: true, description: 'Its progress (0-1); null for an aligned objective with nothing to count.', resolve: (i) => i.progress }),
    weight: t.exposeFloat('weight', { description: 'Its weight: per cent when weights were set, else 1 (equal).' }),
  }),
});

const ProgressFormulaType = builder.objectRef<ProgressFormula>('ProgressFormula').implement({
  description:
    'How an objective’s progress is computed (domain/okrs/roll-up.ts). Version 1: the mean of its key results (weights and aligned objectives ignored). Version 2: Σ weight × progress ÷ Σ weight over its key results and aligned objectives whose progress is not null; weights per cent when set, else 1 each; a contributor added after the weights were set weighs 0. Versions never change; new ones are added.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'The formula version this objective is computed with.' }),
    inputs: t.field({ type: [ProgressInputType], description: 'What the formula was given, key results first.', resolve: (f) => f.inputs }),
    progress: t.float({ nullable: true, description: 'What the formula gives for these inputs: the objective’s progress.', resolve: (f) => f.progress }),
  }),
});

const TrackStatusChangeType = builder.objectRef<TrackStatusChange>('ObjectiveTrackStatusChange').implement({
  description: 'A change of an objective’s derived status (trackStatus).',
  fields: (t) => ({
    status: t.field({ type: CheckInStatusEnum, nullable: true, description: 'The status from then on.', resolve: (c) => c.status }),
    since: t.field({ type: 'DateTime', description: 'When the event that changed it was recorded.', resolve: (c) => c.since }),
    position: t.exposeInt('position', { description: 'Global position of that event.' }),
    keyResult: linkedRecord(t, KeyResultRef, 'The key result whose event changed it.', (c) => c.keyResultId),
  }),
});

recordNode(ObjectiveRef, OBJECTIVE_STREAM, (models, id) => models.okrs.objective(id), {
  description: 'An objective of a cycle (quarter), at company, team or individual level, with its key results and progress.',
  history: true,
  stamped: true,
  fields: (t) => ({
    ...tagsAndLinks(t),
    title: t.exposeString('title', { description: 'Short title of the objective.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the objective is about and why it matters; null when none was given.' }),
    cycle: t.exposeString('cycle', { description: 'The quarter, e.g. 2026-Q4, or the key of a defined cycle. It never changes.' }),
    cycleStart: t.string({
      description: 'First day of the cycle (ISO date): of a defined cycle, as it was when the objective was set.',
      resolve: (o) => cycleStart(o.cycle, o.cycleRange),
    }),
    cycleEnd: t.string({ description: 'Last day of the cycle (ISO date).', resolve: (o) => cycleEnd(o.cycle, o.cycleRange) }),
    carriedOverFrom: linkedRecord(t, ObjectiveRef, 'The closed objective this one continues (carryOverObjective).', (o) => o.carriedOverFrom),
    carriedOverTo: t.field({
      type: ObjectiveRef,
      nullable: true,
      description: 'The objective this one was carried over into, if any.',
      resolve: async (o, _args, ctx) => (await ctx.read()).okrs.carriedOverTo(o.id) ?? null,
    }),
    progressFormula: t.field({
      type: ProgressFormulaType,
      description: 'The formula its progress is computed with and the inputs it had: enough to recompute the figure exactly.',
      resolve: async (o, _args, ctx) => (await ctx.read()).okrs.progressFormula(o.id),
    }),
    trackStatus: t.field({
      type: CheckInStatusEnum,
      nullable: true,
      description: `Derived from its key results. ${OBJECTIVE_HEALTH_RULE}`,
      resolve: async (o, _args, ctx) => (await ctx.read()).okrs.trackStatus(o.id),
    }),
    trackStatusHistory: t.field({
      type: [TrackStatusChangeType],
      description: 'Every change of trackStatus, oldest first (bounded by the check-ins of its key results).',
      resolve: async (o, _args, ctx) => (await ctx.read()).okrs.trackStatusHistory(o.id),
    }),
    level: t.field({ type: ObjectiveLevelEnum, description: 'Company, team or individual objective.', resolve: (o) => o.level }),
    ownerTeamKey: t.exposeString('ownerTeam', { nullable: true, description: 'Key of the owning team.' }),
    ownerTeam: linkedRecord(t, TeamRef, 'The owning team; null when it has none.', (o) => o.ownerTeam),
    owner: t.exposeString('owner', { nullable: true, description: 'The person accountable for it.' }),
    alignedTo: t.field({
      type: AlignmentTargetUnion,
      nullable: true,
      description: 'The parent objective or key result this objective contributes to.',
      resolve: async (o, _args, ctx): Promise<ObjectiveState | KeyResultState | null> => {
        if (!o.alignedTo) return null;
        const okrs = (await ctx.read()).okrs;
        return (o.alignedTo.kind === 'objective' ? okrs.objective(o.alignedTo.id) : okrs.keyResult(o.alignedTo.id)) ?? null;
      },
    }),
    children: t.field({
      type: [ObjectiveRef],
      description: 'Objectives aligned to this objective or to one of its key results, in the order they were set.',
      resolve: async (o, _args, ctx) => (await ctx.read()).okrs.children(o.id),
    }),
    status: t.field({ type: ObjectiveStatusEnum, description: 'ACTIVE until closed with its outcome.', resolve: (o) => o.status }),
    outcome: t.field({ type: ObjectiveOutcomeEnum, nullable: true, description: 'Set when the objective is closed.', resolve: (o) => o.outcome }),
    closingNote: t.exposeString('closingNote', { nullable: true, description: 'What was achieved or learned, written when it was closed; null while ACTIVE.' }),
    closedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was closed; null while ACTIVE.', resolve: (o) => o.closedAt }),
    keyResults: t.field({
      type: [KeyResultRef],
      description: 'In the order they were defined.',
      resolve: async (o, _args, ctx) => (await ctx.read()).okrs.keyResultsOf(o.id),
    }),
    progress: t.float({
      nullable: true,
      description:
        'Progress (0-1) by its progressFormula: formula 1 (objectives set before roll-up) is the mean of its key results, each from its latest check-in (0 before its first); formula 2 is the weighted mean of its key results and aligned objectives. Null while nothing counts.',
      resolve: async (o, _args, ctx) => (await ctx.read()).okrs.objectiveProgress(o.id),
    }),
  }),
});

recordListQuery('objectives', ObjectiveRef, {
  description: 'Objectives in the order they were set, filtered by cycle (YYYY-Qn), owner team key, level, status, tags and owner.',
  args: {
    ...builder.args((t) => ({
      cycle: t.string({ description: 'Only objectives of this cycle: a quarter (YYYY-Qn) or the key of a defined cycle.' }),
      team: t.string({ description: 'Owner team key.' }),
      level: t.field({ type: ObjectiveLevelEnum, description: 'Only objectives at this level.' }),
      status: t.field({ type: ObjectiveStatusEnum, description: 'Only objectives in this status.' }),
    })),
    ...tagOwnerArgs,
  },
  list: (models, args) => {
    const filter = { cycle: cycleArg(args.cycle), team: args.team, level: args.level, status: args.status };
    return tagsAndOwner(Object.values(filter).some(Boolean) ? models.okrs.objectives(filter) : models.okrs.allObjectives(), args);
  },
});

const mutation = mutationsOf({ kind: objectives, payload: recordPayload('objective', ObjectiveRef) });

mutation('setObjective', {
  description: 'Sets a new ACTIVE objective for a cycle.',
  permission: 'lead',
  input: SetObjectiveInput,
  command: async (data, { ctx, read }) => {
    const links = await objectiveLinks(ctx, data);
    const cycle = await cycleOfInput(read, data.cycle, ['input', 'cycle']);
    if (!links.ok || !cycle.ok) return [...(links.ok ? [] : links.errors), ...(cycle.ok ? [] : cycle.errors)];
    return {
      type: 'SetObjective',
      data: { ...data, alignedTo: links.value.alignedTo ?? null, cycleRange: cycle.range },
      today: isoDateOf(new Date()),
    };
  },
});

mutation('reviseObjective', {
  description: 'Changes an ACTIVE objective, with a reason.',
  permission: 'lead',
  input: ReviseObjectiveInput,
  command: async ({ alignedTo, ...changes }, { ctx }) => {
    const links = await objectiveLinks(ctx, { ownerTeam: changes.ownerTeam, alignedTo });
    if (!links.ok) return links.errors;
    return { type: 'ReviseObjective', changes: { ...changes, alignedTo: links.value.alignedTo } };
  },
});

mutation('closeObjective', {
  description: 'Closes an ACTIVE objective with its outcome and a closing note.',
  permission: 'lead',
  input: CloseObjectiveInput,
  command: ({ outcome, note }) => ({ type: 'CloseObjective', outcome, note }),
});

mutation('setObjectiveProgressWeights', {
  description:
    'Weights the key results and aligned objectives of an ACTIVE objective in its progress (per cent, adding up to 100), and sets the progress formula it is computed with from now on (default: the current one).',
  permission: 'lead',
  input: SetObjectiveProgressWeightsInput,
  command: async ({ weights, progressFormulaVersion }, { ctx, state }) => {
    const version = progressFormulaVersion ?? PROGRESS_FORMULA_VERSION;
    const errors: UserError[] = [];
    if (!isProgressFormula(version)) {
      errors.push({ code: 'INVALID_INPUT', field: ['input', 'progressFormulaVersion'], message: `No progress formula has version ${version}` });
    }
    const resolved = [];
    for (const [index, w] of weights.entries()) {
      const found = await findRecord(ctx, w.contributor, ['input', 'weights', String(index), 'contributor'], ['Objective', 'KeyResult']);
      if (!found.ok) errors.push(...found.errors);
      else resolved.push({ kind: found.record.typename === 'Objective' ? ('objective' as const) : ('key-result' as const), id: found.record.id, weight: w.weight });
    }
    if (errors.length) return errors;
    const contributors = (await ctx.read()).okrs.contributors(state.id);
    return { type: 'SetProgressWeights', weights: resolved, contributors, progressFormulaVersion: version };
  },
});

const CarryOverPayload = payloadType<ObjectiveState>('CarryOverObjectivePayload', 'objective', ObjectiveRef);

/** The last value of a key result: its latest standing check-in, else what it was carried with, else its start. */
function lastValue(kr: KeyResultState): number {
  const latest = latestCheckIn(kr.checkIns);
  if (latest) return latest.value;
  if (kr.carriedOverFrom) return kr.carriedOverFrom.value;
  return kr.measure.kind === 'METRIC' ? kr.measure.baseline : 0;
}

/**
 * A carry-over is one append per stream (the store appends to one stream at a time): the new
 * objective first, then each key result, each with an idempotency key derived from the request's.
 * A step that fails leaves the ones before it; the same request again (same idempotencyKey)
 * replays them and finishes the rest.
 */
builder.mutationField('carryOverObjective', (t) =>
  t.field({
    type: CarryOverPayload,
    description:
      'Starts a CLOSED objective again in a later cycle (a calendar quarter or a defined cycle), linked to it (carriedOverFrom / carriedOverTo), with each of its key results carried over with its last value and target; the history of both stays. Retry a failed call with the same idempotencyKey to finish it.',
    ...mutationRequires('carryOverObjective', 'lead'),
    args: { input: t.arg({ type: inputType('CarryOverObjectiveInput', CarryOverObjectiveInput), required: true, description: INPUT_ARG_DESCRIPTION }) },
    resolve: async (_root, args, ctx) => {
      const input = args.input as Record<string, unknown>;
      const parsed = parseMutationInput(CarryOverObjectiveInput, input, nodeIdFields(CarryOverObjectiveInput));
      if (!parsed.ok) return refused(parsed.errors);
      const { id: fromId, toCycle, reason, idempotencyKey } = parsed.data;
      // Without a client key the steps' keys come from what is carried where: an objective is carried
      // over once, so the same call again (by the same actor) finishes or replays the first one.
      const base = idempotencyKey ?? `server~carry~${fromId}~${toCycle}`;
      const started = await execute(ctx, {
        operation: 'carryOverObjective',
        input: { from: fromId, toCycle },
        kind: objectives,
        reason,
        idempotencyKey: `${base}~objective`,
        command: async (_state, read) => {
          const from = await read(objectives, fromId);
          if (from.version === 0) return [{ code: 'NOT_FOUND', field: ['input', 'id'], message: 'No objective has this id' }];
          if (from.status !== 'CLOSED') {
            return [{ code: 'INVALID_TRANSITION', field: ['input', 'id'], message: 'Only a CLOSED objective can be carried over: close it first' }];
          }
          const okrs = (await ctx.read()).okrs;
          const into = okrs.carriedOverTo(fromId);
          if (into) return [{ code: 'INVALID_TRANSITION', field: ['input', 'id'], message: `It was already carried over (into ${into.cycle})` }];
          const cycle = await cycleOfInput(read, toCycle, ['input', 'toCycle']);
          if (!cycle.ok) return cycle.errors;
          if (cycleStart(toCycle, cycle.range) <= cycleStart(from.cycle, from.cycleRange)) {
            return [{ code: 'INVALID_INPUT', field: ['input', 'toCycle'], message: `must start after ${from.cycle} starts (${cycleStart(from.cycle, from.cycleRange)})` }];
          }
          const alignedTo = from.alignedTo ? { ...from.alignedTo, objectiveChain: okrs.objectiveChain(from.alignedTo) } : null;
          const { title, description, level, ownerTeam, owner, tags, links } = from;
          return {
            type: 'SetObjective' as const,
            data: { title, description, level, ownerTeam, owner, tags, links, alignedTo, cycle: toCycle, cycleRange: cycle.range, carriedOverFrom: fromId },
            today: isoDateOf(new Date()),
          };
        },
      });
      if (!started.state) return refused(started.userErrors);
      const objective = started.state;
      const carried = (await ctx.read()).okrs.keyResultsOf(fromId);
      for (const kr of carried) {
        const step = await execute(ctx, {
          operation: 'carryOverObjective',
          input: { from: kr.id, objective: objective.id },
          kind: keyResults,
          reason,
          idempotencyKey: `${base}~key-result~${kr.id}`,
          command: async (_state, read) => ({
            type: 'DefineKeyResult' as const,
            data: { title: kr.title, description: kr.description, owner: kr.owner, measure: kr.measure, links: kr.links },
            objective: await read(objectives, objective.id),
            carriedOverFrom: { keyResultId: kr.id, value: lastValue(kr) },
          }),
        });
        if (!step.state) {
          const note = 'The objective was carried over but not all its key results; send the same request again (same idempotencyKey) to finish';
          return refused(step.userErrors.map((e) => ({ ...e, message: `${note}: ${e.message}` })));
        }
      }
      return { record: objective, userErrors: [] };
    },
  }),
);

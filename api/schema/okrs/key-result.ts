import { linksField } from '../links.ts';
import { checkInSeries, latestCheckIn } from '../../../domain/okrs/check-ins.ts';
import { keyResults, type KeyResultState, type TargetRevision } from '../../../domain/okrs/key-result.ts';
import { DefineKeyResultInput, GradeKeyResultInput, ReviseKeyResultTargetInput } from '../../../domain/okrs/key-result-inputs.ts';
import { initialObjectiveState, objectives, type ObjectiveState } from '../../../domain/okrs/objective.ts';
import { keyResultProgress } from '../../../domain/okrs/view.ts';
import { KEY_RESULT_STREAM } from '../../../domain/okrs/key-result-events.ts';
import { recordNode, linkedRecord } from '../record-node.ts';
import { builder } from '../../builder.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { findRecord } from '../../record-lookup.ts';
import type { ReadStream } from '../../run-command.ts';
import { ActorType } from '../actor.ts';
import { DecisionRef } from '../decisions/decision.ts';
import {
  CheckInStatusEnum,
  KeyResultCheckInRef,
  KeyResultKindEnum,
  KeyResultRef,
  MetricDirectionEnum,
  ObjectiveRef,
} from './objective-refs.ts';

const TargetRevisionType = builder.objectRef<TargetRevision>('KeyResultTargetRevision').implement({
  description: 'A change of a metric key result\'s target: both targets, why, the decision behind it, who and when.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'Version of the key result after the change.' }),
    previousTarget: t.exposeFloat('previousTarget', { description: 'The target before the change.' }),
    target: t.exposeFloat('target', { description: 'The target from the change on.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why the target moved, as given.' }),
    decision: linkedRecord(t, DecisionRef, 'The decision behind the change; null when none was cited.', (r) => r.decisionId),
    recordedBy: t.field({ type: ActorType, description: 'Who moved the target.', resolve: (r) => r.recordedBy }),
    recordedAt: t.field({ type: 'DateTime', description: 'When the target moved.', resolve: (r) => r.recordedAt }),
  }),
});

const metricField = <K extends 'baseline' | 'target' | 'unit' | 'direction'>(kr: KeyResultState, key: K) =>
  kr.measure.kind === 'METRIC' ? kr.measure[key] : null;

const CarriedOverFromType = builder.objectRef<{ keyResultId: string; value: number }>('KeyResultCarriedOverFrom').implement({
  description: 'Where a carried-over key result comes from.',
  fields: (t) => ({
    keyResult: linkedRecord(t, KeyResultRef, 'The key result of the earlier cycle.', (c) => c.keyResultId),
    value: t.exposeFloat('value', { description: 'Its last value when carried over: this one’s value until its first check-in.' }),
  }),
});

recordNode(KeyResultRef, KEY_RESULT_STREAM, (models, id) => models.okrs.keyResult(id), {
  description: 'A key result of an objective: a metric (baseline -> target) or a milestone, with its weekly check-ins.',
  history: 'Every event of this key result (check-ins included), oldest first.',
  stamped: true,
  fields: (t) => ({
    links: linksField(t),
    objective: t.field({ type: ObjectiveRef, description: 'The objective it belongs to.', resolve: async (kr, _args, ctx) => (await ctx.read()).okrs.objective(kr.objectiveId)! }),
    cycle: t.exposeString('cycle', { description: 'The cycle of its objective.' }),
    carriedOverFrom: t.field({
      type: CarriedOverFromType,
      nullable: true,
      description: 'The key result this one continues (carryOverObjective) and the last value it had then.',
      resolve: (kr) => kr.carriedOverFrom,
    }),
    title: t.exposeString('title', { description: 'Short title of the key result.' }),
    description: t.exposeString('description', { nullable: true, description: 'What is measured and how; null when none was given.' }),
    owner: t.exposeString('owner', { nullable: true, description: 'The person accountable for it, as recorded; null when nobody is named.' }),
    kind: t.field({ type: KeyResultKindEnum, description: 'Metric or milestone.', resolve: (kr) => kr.measure.kind }),
    baseline: t.float({ nullable: true, description: 'Metrics only.', resolve: (kr) => metricField(kr, 'baseline') }),
    target: t.float({ nullable: true, description: 'Metrics only: the target in force.', resolve: (kr) => metricField(kr, 'target') }),
    unit: t.string({ nullable: true, description: 'Metrics only.', resolve: (kr) => metricField(kr, 'unit') }),
    direction: t.field({ type: MetricDirectionEnum, nullable: true, description: 'Metrics only: which way the value has to move.', resolve: (kr) => metricField(kr, 'direction') }),
    progress: t.float({
      description:
        'From the latest standing check-in: (value - baseline) / (target - baseline) clamped to 0-1 for a metric, ' +
        '0 or 1 for a milestone; 0 before the first check-in.',
      resolve: (kr) => keyResultProgress(kr),
    }),
    status: t.field({
      type: CheckInStatusEnum,
      nullable: true,
      description: 'Status of the latest standing check-in.',
      resolve: (kr) => latestCheckIn(kr.checkIns)?.status ?? null,
    }),
    latestCheckIn: t.field({
      type: KeyResultCheckInRef,
      nullable: true,
      description: 'The standing check-in with the latest business date.',
      resolve: (kr) => latestCheckIn(kr.checkIns) ?? null,
    }),
    checkIns: t.field({
      type: [KeyResultCheckInRef],
      description: 'The series for charting: corrections applied, ordered by business date (reportedFor).',
      resolve: (kr) => checkInSeries(kr.checkIns),
    }),
    checkInHistory: t.field({
      type: [KeyResultCheckInRef],
      description: 'Every check-in as recorded, corrected ones included, in recording order.',
      resolve: (kr) => kr.checkIns,
    }),
    grade: t.float({ nullable: true, description: 'The end-of-cycle grade, 0.0-1.0.', resolve: (kr) => kr.grade }),
    gradedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was last graded; null until graded.', resolve: (kr) => kr.gradedAt }),
    targetHistory: t.field({
      type: [TargetRevisionType],
      description: 'Every change of the target, oldest first.',
      resolve: (kr) => kr.targetRevisions,
    }),
    alignedObjectives: t.field({
      type: [ObjectiveRef],
      description: 'Objectives aligned to this key result.',
      resolve: async (kr, _args, ctx) => (await ctx.read()).okrs.alignedTo({ kind: 'key-result', id: kr.id }),
    }),
  }),
});

/** The mutations that change a key result; checkInKeyResult (check-in.ts) has a payload of its own. */
export const keyResultMutation = mutationsOf({ kind: keyResults, payload: recordPayload('keyResult', KeyResultRef) });

/** The objective a key result command is decided against, read from its stream (version 0 when there is none). */
const loadObjective = (read: ReadStream, id: string): Promise<ObjectiveState> =>
  id ? read(objectives, id) : Promise.resolve(initialObjectiveState(''));

keyResultMutation('defineKeyResult', {
  description: 'Defines a key result of an ACTIVE objective.',
  permission: 'lead',
  input: DefineKeyResultInput,
  command: async ({ objective, data }, { read }) => ({ type: 'DefineKeyResult', data, objective: await loadObjective(read, objective) }),
});

keyResultMutation('reviseKeyResultTarget', {
  description: 'Moves the target of a metric key result of an ACTIVE objective; the old and new target are kept.',
  permission: 'lead',
  input: ReviseKeyResultTargetInput,
  command: async ({ target, decision }, { ctx, state, read }) => {
    const found = decision ? await findRecord(ctx, decision, ['input', 'decision'], ['Decision']) : null;
    if (found && !found.ok) return found.errors;
    return { type: 'ReviseKeyResultTarget', target, decisionId: found?.record.id ?? null, objective: await loadObjective(read, state.objectiveId) };
  },
});

keyResultMutation('gradeKeyResult', {
  description: 'Grades a key result 0.0-1.0 (again, if need be: every grade stays in its history).',
  permission: 'lead',
  input: GradeKeyResultInput,
  command: ({ grade }) => ({ type: 'GradeKeyResult', grade }),
});

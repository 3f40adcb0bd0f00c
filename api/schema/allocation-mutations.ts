import { randomUUID } from 'node:crypto';
import { SetAllocationTargetInput, ReportAllocationInput } from '../../domain/allocation/inputs.ts';
import { allocationReportDecider, initialAllocationReportState, type AllocationReportState } from '../../domain/allocation/allocation-report.ts';
import { allocationTargetDecider, initialAllocationTargetState, type AllocationTargetState } from '../../domain/allocation/allocation-target.ts';
import { TAXONOMY_VERSION } from '../../domain/allocation/taxonomy.ts';
import { initialTeamState, teamDecider, type TeamState } from '../../domain/teams/team.ts';
import { ALLOCATION_REPORT_STREAM, ALLOCATION_TARGET_STREAM, allocationReportId } from '../../domain/allocation/events.ts';
import { TEAM_STREAM } from '../../domain/teams/events.ts';
import { mutationRequires } from '../auth/permissions.ts';
import { builder } from '../builder.ts';
import { parseInput } from '../parse-input.ts';
import { findRecord } from '../record-lookup.ts';
import { runCommand, type ReadStream } from '../run-command.ts';
import { AllocationReportRef, AllocationTargetRef } from './allocation.ts';
import { payloadType, refused } from './payload.ts';

const IDEMPOTENCY_KEY = 'Retrying with the same key returns the first result and writes nothing.';

const AllocationEntryInput = builder.inputType('AllocationEntryInput', {
  fields: (t) => ({
    category: t.string({ required: true, description: 'A category key from allocationCategories, e.g. "tech-debt".' }),
    percent: t.float({ required: true }),
  }),
});

const AllocationTargetEntryInput = builder.inputType('AllocationTargetEntryInput', {
  fields: (t) => ({
    category: t.string({ required: true }),
    percent: t.float({ required: true }),
    tolerance: t.float({ description: 'Points either way that still count as on target (default 5).' }),
  }),
});

const ReportAllocationInputType = builder.inputType('ReportAllocationInput', {
  description: "A team's whole ISO week: the percents add up to 100 (within 0.5). Reporting a week again corrects it.",
  fields: (t) => ({
    team: t.string({ required: true, description: 'The team key.' }),
    week: t.string({ required: true, description: 'ISO week, e.g. 2026-W47.' }),
    entries: t.field({ type: [AllocationEntryInput], required: true }),
    reason: t.string({ description: 'Required when correcting a week already reported.' }),
    expectedVersion: t.int({ description: 'When correcting: the version you last read; refused if the report moved on.' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY }),
  }),
});

const SetAllocationTargetInputType = builder.inputType('SetAllocationTargetInput', {
  description: 'A target from a week on; it replaces earlier targets of the same team (or org-wide) from that week.',
  fields: (t) => ({
    team: t.string({ description: 'The team key; omit for an org-wide target.' }),
    fromWeek: t.string({ required: true, description: 'ISO week from which the target is in force.' }),
    entries: t.field({
      type: [AllocationTargetEntryInput],
      required: true,
      description: 'The categories the target cares about (at most 100% in all).',
    }),
    reason: t.string({ required: true, description: 'Why this target: kept in the log for auditors.' }),
    decision: t.id({ description: 'The decision behind the target.' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY }),
  }),
});

const ReportAllocationPayload = payloadType<AllocationReportState>('ReportAllocationPayload', 'report', AllocationReportRef);
const SetAllocationTargetPayload = payloadType<AllocationTargetState>('SetAllocationTargetPayload', 'target', AllocationTargetRef);

const loadTeam = (read: ReadStream, key: string): Promise<TeamState> => read(teamDecider, initialTeamState(key), { kind: TEAM_STREAM, id: key });

builder.mutationFields((t) => ({
  reportAllocation: t.field({
    type: ReportAllocationPayload,
    description: "Records a team's time allocation for an ISO week, or corrects it (with a reason).",
    ...mutationRequires('reportAllocation'),
    args: { input: t.arg({ type: ReportAllocationInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(ReportAllocationInput, input);
      if (!parsed.ok) return refused(parsed.errors);
      const { team, week, entries, reason, expectedVersion, idempotencyKey } = parsed.data;
      const id = allocationReportId(team, week);
      const result = await runCommand(ctx, {
        operation: 'reportAllocation',
        input,
        stream: { kind: ALLOCATION_REPORT_STREAM, id },
        decider: allocationReportDecider,
        initialState: initialAllocationReportState(id),
        expectedVersion,
        reason,
        idempotencyKey,
        command: async (_report, read) => ({
          type: 'ReportAllocation' as const,
          team: await loadTeam(read, team),
          week,
          entries,
          reason,
          taxonomyVersion: TAXONOMY_VERSION,
        }),
      });
      return { record: result.state, userErrors: result.userErrors };
    },
  }),

  setAllocationTarget: t.field({
    type: SetAllocationTargetPayload,
    description: 'Sets the target breakdown of a team (or the organisation) from a week on, with a reason and the decision behind it.',
    args: { input: t.arg({ type: SetAllocationTargetInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(SetAllocationTargetInput, input);
      if (!parsed.ok) return refused(parsed.errors);
      const { team, fromWeek, entries, reason, decision, idempotencyKey } = parsed.data;
      let decisionId: string | null = null;
      if (decision) {
        const found = await findRecord(ctx, decision, ['input', 'decision'], ['Decision']);
        if (!found.ok) return refused(found.errors);
        decisionId = found.record.id;
      }
      const id = randomUUID();
      const result = await runCommand(ctx, {
        operation: 'setAllocationTarget',
        input,
        stream: { kind: ALLOCATION_TARGET_STREAM, id },
        newRecord: true,
        decider: allocationTargetDecider,
        initialState: initialAllocationTargetState(id),
        reason,
        idempotencyKey,
        command: async (_target, read) => ({
          type: 'SetAllocationTarget' as const,
          team: team ? await loadTeam(read, team) : null,
          fromWeek,
          entries,
          decision: decisionId,
          taxonomyVersion: TAXONOMY_VERSION,
        }),
      });
      return { record: result.state, userErrors: result.userErrors };
    },
  }),
}));

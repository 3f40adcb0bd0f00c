import { initialTeamState, teamDecider, type TeamState } from '../../domain/teams/team.ts';
import { DefineTeamInput, ReviseTeamInput } from '../../domain/teams/inputs.ts';
import { TEAM_STREAM } from '../../domain/teams/events.ts';
import { mutationRequires } from '../auth/permissions.ts';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { parseGlobalId } from '../global-id.ts';
import { parseInput } from '../parse-input.ts';
import { runCommand, type CommandSpec } from '../run-command.ts';
import { payloadType, refused, type Payload } from './payload.ts';
import { TeamKindEnum, TeamRef } from './team.ts';

const EFFECTIVE_WEEK = 'ISO week (e.g. 2026-W40) from which the kind and headcount are in force; default: the week this is recorded.';
const IDEMPOTENCY_KEY = 'Retrying with the same key returns the first result and writes nothing.';

const DefineTeamInputType = builder.inputType('DefineTeamInput', {
  fields: (t) => ({
    key: t.string({ required: true, description: 'Lowercase slug, unique and permanent, e.g. "payments".' }),
    name: t.string({ required: true }),
    kind: t.field({ type: TeamKindEnum, required: true }),
    headcount: t.int({ required: true }),
    effectiveWeek: t.string({ description: EFFECTIVE_WEEK }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY }),
  }),
});

const ReviseTeamInputType = builder.inputType('ReviseTeamInput', {
  description: 'Only the fields given change. A headcount change adds to the headcount history.',
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true, description: 'The version you last read; the change is refused if the team moved on.' }),
    reason: t.string({ required: true, description: 'Why: kept in the log for auditors.' }),
    name: t.string(),
    kind: t.field({ type: TeamKindEnum }),
    headcount: t.int(),
    effectiveWeek: t.string({ description: EFFECTIVE_WEEK }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY }),
  }),
});

const DefineTeamPayload = payloadType<TeamState>('DefineTeamPayload', 'team', TeamRef);
const ReviseTeamPayload = payloadType<TeamState>('ReviseTeamPayload', 'team', TeamRef);

type TeamSpec = CommandSpec<Parameters<typeof teamDecider.decide>[0], TeamState, Parameters<typeof teamDecider.evolve>[1]>;

async function execute(ctx: ApiContext, key: string, spec: Omit<TeamSpec, 'decider' | 'initialState' | 'stream'>): Promise<Payload<TeamState>> {
  const stream = { kind: TEAM_STREAM, id: key };
  const result = await runCommand(ctx, { ...spec, decider: teamDecider, stream, initialState: initialTeamState(key) });
  return { record: result.state, userErrors: result.userErrors };
}

builder.mutationFields((t) => ({
  defineTeam: t.field({
    type: DefineTeamPayload,
    description: 'Defines a new team under a key no other team has.',
    ...mutationRequires('defineTeam'),
    args: { input: t.arg({ type: DefineTeamInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(DefineTeamInput, input);
      if (!parsed.ok) return refused(parsed.errors);
      const { key, idempotencyKey, effectiveWeek, ...data } = parsed.data;
      return execute(ctx, key, { operation: 'defineTeam', input, idempotencyKey, command: () => ({ type: 'DefineTeam', data, effectiveWeek }) });
    },
  }),

  reviseTeam: t.field({
    type: ReviseTeamPayload,
    description: "Changes a team's name, kind or headcount, with a reason; kind and headcount keep their history.",
    ...mutationRequires('reviseTeam'),
    args: { input: t.arg({ type: ReviseTeamInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(ReviseTeamInput, input);
      if (!parsed.ok) return refused(parsed.errors);
      const id = parseGlobalId(parsed.data.id, 'Team', ['input', 'id']);
      if (!id.ok) return refused([id.error]);
      const { expectedVersion, reason, idempotencyKey, effectiveWeek, name, kind, headcount } = parsed.data;
      return execute(ctx, id.id, {
        operation: 'reviseTeam',
        input,
        expectedVersion,
        reason,
        idempotencyKey,
        command: () => ({ type: 'ReviseTeam', changes: { name, kind, headcount }, effectiveWeek }),
      });
    },
  }),
}));

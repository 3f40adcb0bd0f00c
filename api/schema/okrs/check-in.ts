import { ExternalLinkType } from '../links.ts';
import { checkInId, parseCheckInId, type CheckIn } from '../../../domain/okrs/check-ins.ts';
import { isoDateOf } from '../../../domain/okrs/cycle.ts';
import { CheckInKeyResultInput } from '../../../domain/okrs/key-result-inputs.ts';
import type { KeyResultState } from '../../../domain/okrs/key-result.ts';
import type { AtRiskKeyResult } from '../../../domain/okrs/view.ts';
import { progressOf, STATUS_RULE } from '../../../domain/okrs/progress.ts';
import { recordNode, linkedRecord } from '../record-node.ts';
import { builder } from '../../builder.ts';
import { parseGlobalId } from '../../global-id.ts';
import { mutationsOf, type PayloadOf } from '../../mutation.ts';
import { keyResults } from '../../../domain/okrs/key-result.ts';
import { payloadDescription, userErrorsField, type Payload } from '../payload.ts';
import type { UserError } from '../user-error.ts';
import { timeArgs } from '../time-args.ts';
import { ActorType } from '../actor.ts';
import { cycleArg } from './objective.ts';
import { CheckInStatusEnum, KeyResultCheckInRef, KeyResultRef, ObjectiveRef } from './objective-refs.ts';
import { TeamRef } from '../teams/team.ts';

const STATUS_RULE_TEXT =
  `Without a given status it is derived at the business date: for a metric, ratio = progress / elapsed fraction of the cycle, ` +
  `>= ${STATUS_RULE.onTrackRatio} ON_TRACK, >= ${STATUS_RULE.atRiskRatio} AT_RISK, else OFF_TRACK (ON_TRACK on the first day); ` +
  `for a milestone, ON_TRACK when done, else by confidence: >= ${STATUS_RULE.onTrackConfidence} ON_TRACK, ` +
  `>= ${STATUS_RULE.atRiskConfidence} AT_RISK, else OFF_TRACK.`;

recordNode(KeyResultCheckInRef, null, (models, id) => models.okrs.checkIn(id), {
  description: `A weekly check-in of a key result: the value on a business date, with confidence and status. ${STATUS_RULE_TEXT}`,
  id: (c) => checkInId(c.keyResultId, c.version),
  fields: (t) => ({
    keyResult: t.field({ type: KeyResultRef, description: 'The key result checked in.', resolve: async (c, _args, ctx) => (await ctx.read()).okrs.keyResult(c.keyResultId)! }),
    version: t.exposeInt('version', { description: 'Version of the key result this check-in made.' }),
    links: t.field({
      type: [ExternalLinkType],
      description: 'Evidence outside the ledger given with the check-in (a dashboard, a tracker issue).',
      resolve: (c) => c.links ?? [],
    }),
    value: t.exposeFloat('value', { description: 'The metric value; for a milestone 1 (done) or 0.' }),
    done: t.boolean({
      nullable: true,
      description: 'Milestones only.',
      resolve: async (c, _args, ctx) => ((await ctx.read()).okrs.keyResult(c.keyResultId)?.measure.kind === 'MILESTONE' ? c.value === 1 : null),
    }),
    progress: t.float({
      description: 'Progress (0-1) of this value against the current baseline and target.',
      resolve: async (c, _args, ctx) => progressOf((await ctx.read()).okrs.keyResult(c.keyResultId)!.measure, c.value),
    }),
    confidence: t.exposeFloat('confidence', { description: 'The reporter\'s confidence (0-1) of reaching the target.' }),
    status: t.field({ type: CheckInStatusEnum, description: 'Given by the reporter, or derived (statusDerived).', resolve: (c) => c.status }),
    statusDerived: t.exposeBoolean('statusDerived', { description: 'True when the status was derived rather than given.' }),
    note: t.exposeString('note', { nullable: true, description: "The reporter's note; null when none was given." }),
    reportedFor: t.exposeString('reportedFor', { description: 'The business date (ISO) it reports on.' }),
    recordedAt: t.field({ type: 'DateTime', description: 'When it was recorded.', resolve: (c) => c.recordedAt }),
    recordedBy: t.field({ type: ActorType, description: 'Who recorded it.', resolve: (c) => c.recordedBy }),
    corrects: linkedRecord(t, KeyResultCheckInRef, 'The check-in this one corrects.', (c) => (c.corrects ? checkInId(c.keyResultId, c.corrects) : null)),
    correctedBy: linkedRecord(t, KeyResultCheckInRef, 'The check-in that corrected this one: it no longer counts.', (c) => (c.correctedBy ? checkInId(c.keyResultId, c.correctedBy) : null)),
  }),
});

const AtRiskKeyResultType = builder.objectRef<AtRiskKeyResult>('AtRiskKeyResult').implement({
  description: 'A key result whose latest check-in is AT_RISK or OFF_TRACK, with its objective and team.',
  fields: (t) => ({
    keyResult: t.field({ type: KeyResultRef, description: 'The key result at risk.', resolve: (r) => r.keyResult }),
    objective: t.field({ type: ObjectiveRef, description: 'The objective it belongs to.', resolve: (r) => r.objective }),
    team: linkedRecord(t, TeamRef, 'The owner team of the objective.', (r) => r.objective.ownerTeam),
    status: t.field({ type: CheckInStatusEnum, description: 'AT_RISK or OFF_TRACK: the status of its latest standing check-in.', resolve: (r) => r.status }),
    checkIn: t.field({ type: KeyResultCheckInRef, description: 'The latest standing check-in.', resolve: (r) => r.checkIn }),
  }),
});

builder.queryField('atRiskKeyResults', (t) =>
  t.field({
    type: [AtRiskKeyResultType],
    description: 'Key results of ACTIVE objectives whose latest check-in is OFF_TRACK or AT_RISK, OFF_TRACK first.',
    args: { ...timeArgs, cycle: t.arg.string({ description: 'YYYY-Qn' }), team: t.arg.string({ description: 'Owner team key.' }) },
    resolve: async (_root, args, ctx) => (await ctx.read()).okrs.atRisk({ cycle: cycleArg(args.cycle), team: args.team }),
  }),
);

/** A check-in answers with the key result and the check-in it recorded. */
const checkInPayload: PayloadOf<KeyResultState, Payload<KeyResultState>> = {
  type: (name) =>
    builder.objectRef<Payload<KeyResultState>>(name).implement({
      description: payloadDescription('the key result after the check-in and the check-in recorded'),
      fields: (t) => ({
        keyResult: t.field({ type: KeyResultRef, nullable: true, description: 'The key result after the check-in; null when it was refused (see userErrors).', resolve: (p) => p.record }),
        checkIn: t.field({
          type: KeyResultCheckInRef,
          nullable: true,
          description: 'The check-in recorded.',
          resolve: (p): CheckIn | null => p.record?.checkIns.at(-1) ?? null,
        }),
        userErrors: userErrorsField(t),
      }),
    }),
  of: ({ state, userErrors }) => ({ record: state, userErrors }),
};

/** The stream version of the check-in `corrects` points at, which must be one of this key result's. */
function correctedVersion(globalId: string | null, keyResultId: string): { ok: true; version: number | null } | { ok: false; error: UserError } {
  if (globalId === null) return { ok: true, version: null };
  const field = ['input', 'corrects'];
  const decoded = parseGlobalId(globalId, 'KeyResultCheckIn', field);
  if (!decoded.ok) return decoded;
  const parsed = parseCheckInId(decoded.id);
  if (!parsed) return { ok: false, error: { code: 'INVALID_INPUT', field, message: `"${globalId}" is not a valid KeyResultCheckIn id` } };
  if (parsed.keyResultId !== keyResultId) {
    return { ok: false, error: { code: 'INVALID_INPUT', field, message: 'That check-in belongs to another key result' } };
  }
  return { ok: true, version: parsed.version };
}

mutationsOf({ kind: keyResults, payload: checkInPayload })('checkInKeyResult', {
  description: 'Records a check-in of a key result, or a correction of an earlier one.',
  permission: 'contribute',
  input: CheckInKeyResultInput,
  id: (data) => data.keyResult,
  command: ({ keyResult, corrects, ...checkIn }) => {
    const corrected = correctedVersion(corrects, keyResult);
    if (!corrected.ok) return [corrected.error];
    return { type: 'CheckInKeyResult', checkIn: { ...checkIn, corrects: corrected.version }, today: isoDateOf(new Date()) };
  },
});

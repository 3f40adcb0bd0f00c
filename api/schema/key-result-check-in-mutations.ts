import { parseCheckInId, type CheckIn } from '../../domain/okrs/check-ins.ts';
import { isoDateOf } from '../../domain/okrs/cycle.ts';
import type { KeyResultState } from '../../domain/okrs/key-result.ts';
import { CheckInKeyResultInput } from '../../domain/okrs/key-result-inputs.ts';
import { mutationRequires } from '../auth/permissions.ts';
import { builder } from '../builder.ts';
import { parseGlobalId } from '../global-id.ts';
import { parseInput } from '../parse-input.ts';
import { executeKeyResult } from './key-result-mutations.ts';
import { CheckInStatusEnum, KeyResultCheckInRef, KeyResultRef } from './objective-refs.ts';
import { refused, type Payload } from './payload.ts';
import { UserErrorType, type UserError } from './user-error.ts';

const CheckInKeyResultInputType = builder.inputType('CheckInKeyResultInput', {
  description: 'A weekly check-in. A correction (corrects) is a complete check-in that replaces the one it points at.',
  fields: (t) => ({
    keyResult: t.id({ required: true }),
    expectedVersion: t.int({ description: 'Optional: when given, refused if the key result moved on since you read it.' }),
    value: t.float({ description: 'The metric value; for a milestone 0 or 1 (or use done).' }),
    done: t.boolean({ description: 'Milestones only.' }),
    confidence: t.float({ required: true, description: 'Confidence (0-1) of reaching the target.' }),
    status: t.field({ type: CheckInStatusEnum, description: 'Leave out to derive it (see KeyResultCheckIn).' }),
    note: t.string(),
    reportedFor: t.string({
      required: true,
      description: 'The business date (ISO, e.g. 2026-11-16) it reports on: inside the cycle, not in the future.',
    }),
    corrects: t.id({ description: 'The KeyResultCheckIn of this key result that this one corrects.' }),
    reason: t.string({ description: 'Why, e.g. of a correction: kept in the log.' }),
    idempotencyKey: t.string({ description: 'Retrying with the same key returns the first result and writes nothing.' }),
  }),
});

const CheckInKeyResultPayload = builder.objectRef<Payload<KeyResultState>>('CheckInKeyResultPayload').implement({
  fields: (t) => ({
    keyResult: t.field({ type: KeyResultRef, nullable: true, resolve: (p) => p.record }),
    checkIn: t.field({
      type: KeyResultCheckInRef,
      nullable: true,
      description: 'The check-in recorded.',
      resolve: (p): CheckIn | null => p.record?.checkIns.at(-1) ?? null,
    }),
    userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
  }),
});

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

builder.mutationField('checkInKeyResult', (t) =>
  t.field({
    type: CheckInKeyResultPayload,
    description: 'Records a check-in of a key result, or a correction of an earlier one.',
    ...mutationRequires('checkInKeyResult'),
    args: { input: t.arg({ type: CheckInKeyResultInputType, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const parsed = parseInput(CheckInKeyResultInput, input);
      if (!parsed.ok) return refused(parsed.errors);
      const { keyResult, expectedVersion, reason, idempotencyKey, corrects, ...checkIn } = parsed.data;
      const id = parseGlobalId(keyResult, 'KeyResult', ['input', 'keyResult']);
      if (!id.ok) return refused([id.error]);
      const corrected = correctedVersion(corrects, id.id);
      if (!corrected.ok) return refused([corrected.error]);
      return executeKeyResult(ctx, {
        operation: 'checkInKeyResult',
        input,
        id: id.id,
        expectedVersion,
        reason,
        idempotencyKey,
        command: () => ({ type: 'CheckInKeyResult', checkIn: { ...checkIn, corrects: corrected.version }, today: isoDateOf(new Date()) }),
      });
    },
  }),
);

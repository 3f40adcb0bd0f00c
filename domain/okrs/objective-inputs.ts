import { z } from 'zod';
import { ObjectiveLevelSchema, ObjectiveOutcomeSchema } from './objective-events.ts';
import { ChangeOf, ExpectedVersionSchema, IdempotencyKeySchema, LongText, required, trimmed } from '../inputs.ts';
import { clearable, optionalText, OptionalReason, unchangedWhenNull } from '../inputs.ts';
import { CycleSchema } from './input-rules.ts';

const Title = required(200);
const TeamKey = trimmed(64);
const Owner = trimmed(200);

/** setObjective: title and level are required; the cycle defaults to the current quarter. */
export const SetObjectiveInput = z.object({
  title: Title,
  description: optionalText(LongText),
  cycle: CycleSchema.nullish().transform((v) => v || null),
  level: ObjectiveLevelSchema,
  ownerTeam: optionalText(TeamKey),
  owner: optionalText(Owner),
  /** Global id of an Objective or KeyResult. */
  alignedTo: optionalText(z.string().trim()),
  idempotencyKey: IdempotencyKeySchema.nullish(),
});

/** reviseObjective: only the fields given change; null clears an optional field. The cycle is fixed. */
export const ReviseObjectiveInput = ChangeOf.extend({
  title: unchangedWhenNull(Title),
  description: clearable(LongText),
  level: unchangedWhenNull(ObjectiveLevelSchema),
  ownerTeam: clearable(TeamKey),
  owner: clearable(Owner),
  alignedTo: clearable(z.string().trim()),
});

/** closeObjective: the outcome and a closing note are required, a reason is optional. */
export const CloseObjectiveInput = z.object({
  id: z.string(),
  expectedVersion: ExpectedVersionSchema,
  outcome: ObjectiveOutcomeSchema,
  note: LongText.min(1, 'must not be empty'),
  reason: OptionalReason,
  idempotencyKey: IdempotencyKeySchema.nullish(),
});

import type { CheckIn } from '../../../domain/okrs/check-ins.ts';
import type { KeyResultState } from '../../../domain/okrs/key-result.ts';
import type { ObjectiveState } from '../../../domain/okrs/objective.ts';
import { CheckInStatusSchema, KeyResultKindSchema, MetricDirectionSchema } from '../../../domain/okrs/key-result-events.ts';
import { ObjectiveLevelSchema, ObjectiveOutcomeSchema, ObjectiveStatusSchema } from '../../../domain/okrs/objective-events.ts';
import { builder } from '../../builder.ts';
import { enumType } from '../../zod-input.ts';

/** Type refs and enums of the OKR schema, in one module so the OKR types can refer to each other without import cycles. */

export const ObjectiveRef = builder.objectRef<ObjectiveState>('Objective');
export const KeyResultRef = builder.objectRef<KeyResultState>('KeyResult');
export const KeyResultCheckInRef = builder.objectRef<CheckIn>('KeyResultCheckIn');

export const ObjectiveLevelEnum = enumType('ObjectiveLevel', ObjectiveLevelSchema);
export const ObjectiveStatusEnum = enumType('ObjectiveStatus', ObjectiveStatusSchema);
export const ObjectiveOutcomeEnum = enumType('ObjectiveOutcome', ObjectiveOutcomeSchema);
export const KeyResultKindEnum = enumType(
  'KeyResultKind',
  KeyResultKindSchema,
  'METRIC: a number moving from a baseline to a target. MILESTONE: done or not.',
);
export const MetricDirectionEnum = enumType('MetricDirection', MetricDirectionSchema);
export const CheckInStatusEnum = enumType('CheckInStatus', CheckInStatusSchema);

import type { CheckIn } from '../../domain/okrs/check-ins.ts';
import type { KeyResultState } from '../../domain/okrs/key-result.ts';
import type { ObjectiveState } from '../../domain/okrs/objective.ts';
import { CheckInStatusSchema, KeyResultKindSchema, MetricDirectionSchema } from '../../domain/okrs/key-result-events.ts';
import { ObjectiveLevelSchema, ObjectiveOutcomeSchema, ObjectiveStatusSchema } from '../../domain/okrs/objective-events.ts';
import { builder } from '../builder.ts';

/** Type refs and enums of the OKR schema, in one module so the OKR types can refer to each other without import cycles. */

export const ObjectiveRef = builder.objectRef<ObjectiveState>('Objective');
export const KeyResultRef = builder.objectRef<KeyResultState>('KeyResult');
export const KeyResultCheckInRef = builder.objectRef<CheckIn>('KeyResultCheckIn');

export const ObjectiveLevelEnum = builder.enumType('ObjectiveLevel', { values: ObjectiveLevelSchema.options });
export const ObjectiveStatusEnum = builder.enumType('ObjectiveStatus', { values: ObjectiveStatusSchema.options });
export const ObjectiveOutcomeEnum = builder.enumType('ObjectiveOutcome', { values: ObjectiveOutcomeSchema.options });
export const KeyResultKindEnum = builder.enumType('KeyResultKind', {
  description: 'METRIC: a number moving from a baseline to a target. MILESTONE: done or not.',
  values: KeyResultKindSchema.options,
});
export const MetricDirectionEnum = builder.enumType('MetricDirection', { values: MetricDirectionSchema.options });
export const CheckInStatusEnum = builder.enumType('CheckInStatus', { values: CheckInStatusSchema.options });

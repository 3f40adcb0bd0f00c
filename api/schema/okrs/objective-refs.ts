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

export const ObjectiveLevelEnum = enumType('ObjectiveLevel', ObjectiveLevelSchema, 'Whose objective it is.', {
  COMPANY: 'An objective of the whole company.',
  TEAM: 'An objective of one team (ownerTeam).',
  INDIVIDUAL: 'An objective of one person (owner).',
});
export const ObjectiveStatusEnum = enumType('ObjectiveStatus', ObjectiveStatusSchema, 'Whether an objective is still being worked towards.', {
  ACTIVE: 'Open: it can be revised and its key results checked in.',
  CLOSED: 'Closed with an outcome and a closing note; it can be carried over into a later cycle.',
});
export const ObjectiveOutcomeEnum = enumType('ObjectiveOutcome', ObjectiveOutcomeSchema, 'How a closed objective ended.', {
  ACHIEVED: 'It was met.',
  PARTIALLY_ACHIEVED: 'Part of it was met.',
  MISSED: 'It was not met.',
  DROPPED: 'It was given up before the end.',
});
export const KeyResultKindEnum = enumType('KeyResultKind', KeyResultKindSchema, 'How a key result is measured.', {
  METRIC: 'A number moving from a baseline to a target, in a unit.',
  MILESTONE: 'Done or not.',
});
export const MetricDirectionEnum = enumType('MetricDirection', MetricDirectionSchema, 'Which way a metric has to move to reach its target.', {
  INCREASE: 'Up: the target is above the baseline.',
  DECREASE: 'Down: the target is below the baseline.',
});
export const CheckInStatusEnum = enumType('CheckInStatus', CheckInStatusSchema, 'How a key result (or an objective, derived from its key results) is doing.', {
  ON_TRACK: 'Expected to reach its target.',
  AT_RISK: 'May miss its target without a change.',
  OFF_TRACK: 'Expected to miss its target.',
});

import { z } from 'zod';
import { CheckInStatusSchema, KeyResultKindSchema, MetricDirectionSchema } from './key-result-events.ts';
import { changeOf, ExpectedVersionSchema, IdempotencyKey, LongText, nodeId, recordId, ReasonSchema, required, trimmed } from '../inputs.ts';
import { IsoDateSchema, optionalText, OptionalReason, UnitInterval } from '../inputs.ts';
import type { MeasureInput } from './key-result.ts';
import { NewLinks } from '../links/links.ts';

const METRIC_FIELDS = ['baseline', 'target', 'unit', 'direction'] as const;

const Target = z.number().describe('METRIC only: the value to reach; it must differ from the baseline in the direction of the metric.');
/** The envelope of a change to a key result (gradeKeyResult takes its id and expectedVersion). */
const Change = changeOf('KeyResult', 'key result');

/**
 * defineKeyResult: a METRIC needs baseline, target and unit (its direction follows from them when
 * left out); a MILESTONE takes none of those.
 */
export const DefineKeyResultInput = z
  .object({
    objective: recordId('Objective').describe('The ACTIVE objective it belongs to.'),
    title: required(200).describe('Short title of the key result (1-200 characters).'),
    description: optionalText(LongText.describe('What is measured and how.')),
    owner: optionalText(trimmed(200).describe('The person accountable for it (free text, at most 200 characters).')),
    kind: KeyResultKindSchema.describe('METRIC (a number from baseline to target) or MILESTONE (done or not).'),
    baseline: z.number().describe('METRIC only: the value at the start.').nullish(),
    target: Target.nullish(),
    unit: optionalText(trimmed(50).describe('METRIC only: the unit of the value, e.g. "%", "ms", "customers".')),
    direction: MetricDirectionSchema.describe('METRIC only: INCREASE or DECREASE; when left out it follows from baseline and target.').nullish(),
    links: NewLinks,
    idempotencyKey: IdempotencyKey,
  })
  .describe('A METRIC needs baseline, target and unit (direction follows from them when left out); a MILESTONE takes none of them.')
  .superRefine((input, ctx) => {
    for (const field of METRIC_FIELDS) {
      const given = input[field] != null;
      if (input.kind === 'METRIC' && !given && field !== 'direction') {
        ctx.addIssue({ code: 'custom', path: [field], message: `A METRIC key result needs a ${field}` });
      }
      if (input.kind === 'MILESTONE' && given) {
        ctx.addIssue({ code: 'custom', path: [field], message: `A MILESTONE key result has no ${field}` });
      }
    }
  })
  .transform(({ objective, title, description, owner, kind, baseline, target, unit, direction, links, idempotencyKey }) => {
    const measure: MeasureInput =
      kind === 'METRIC' ? { kind, baseline: baseline!, target: target!, unit: unit!, direction: direction ?? null } : { kind };
    return { objective, data: { title, description, owner, measure, links }, idempotencyKey };
  });

/** reviseKeyResultTarget: the new target with a reason, optionally the Decision behind it. */
export const ReviseKeyResultTargetInput = changeOf('KeyResult')
  .extend({
    target: Target.describe('The new target; it must differ from the baseline in the direction of the metric.'),
    reason: ReasonSchema.describe('Why the target moved: kept with the old and new target.'),
    decision: optionalText(nodeId().trim().describe('The Decision behind the change (must exist).')),
  })
  .describe('Moves the target of a METRIC key result, with a reason and, optionally, the decision behind it.');

export const GradeKeyResultInput = z
  .object({
    id: Change.shape.id,
    expectedVersion: Change.shape.expectedVersion,
    grade: UnitInterval.describe('0.0-1.0'),
    reason: OptionalReason.describe('Why this grade, if you want it kept in the log.'),
    idempotencyKey: IdempotencyKey,
  })
  .describe('The end-of-cycle grade of a key result.');

/** checkInKeyResult: expectedVersion is optional (several people may report on one key result). */
export const CheckInKeyResultInput = z
  .object({
    keyResult: recordId('KeyResult').describe('Global id of the key result to check in.'),
    expectedVersion: ExpectedVersionSchema.describe('Optional: when given, refused if the key result moved on since you read it.')
      .nullish()
      .transform((v) => v ?? undefined),
    value: z.number().describe('The metric value; for a milestone 0 or 1 (or use done).').nullish().transform((v) => v ?? null),
    done: z.boolean().describe('Milestones only.').nullish().transform((v) => v ?? null),
    confidence: UnitInterval.describe('Confidence (0-1) of reaching the target.'),
    status: CheckInStatusSchema.describe('Leave out to derive it (see KeyResultCheckIn).').nullish().transform((v) => v ?? null),
    note: optionalText(LongText.describe('What is behind the figure, in words.')),
    reportedFor: IsoDateSchema.describe('The business date (ISO, e.g. 2026-11-16) it reports on: inside the cycle, not in the future.'),
    /** Node id of the KeyResultCheckIn this one corrects. */
    corrects: optionalText(nodeId().trim().describe('The KeyResultCheckIn of this key result that this one corrects.')),
    reason: optionalText(trimmed(2000).describe('Why, e.g. of a correction: kept in the log.')),
    links: NewLinks.describe('Evidence outside the ledger: the dashboard or issue the value comes from.'),
    idempotencyKey: IdempotencyKey,
  })
  .describe('A weekly check-in. A correction (corrects) is a complete check-in that replaces the one it points at.');

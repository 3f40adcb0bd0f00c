import { z } from 'zod';
import { CheckInStatusSchema, KeyResultKindSchema, MetricDirectionSchema } from './key-result-events.ts';
import { changeOf, ExpectedVersionSchema, IdempotencyKey, LongText, nodeId, recordId, ReasonSchema, required, trimmed } from '../inputs.ts';
import { IsoDateSchema, optionalText, OptionalReason, UnitInterval } from '../inputs.ts';
import type { MeasureInput } from './key-result.ts';
import { NewLinks } from '../links/links.ts';

const METRIC_FIELDS = ['baseline', 'target', 'unit', 'direction'] as const;

/**
 * defineKeyResult: a METRIC needs baseline, target and unit (its direction follows from them when
 * left out); a MILESTONE takes none of those.
 */
export const DefineKeyResultInput = z
  .object({
    objective: recordId('Objective').describe('The ACTIVE objective it belongs to.'),
    title: required(200),
    description: optionalText(LongText),
    owner: optionalText(trimmed(200)),
    kind: KeyResultKindSchema,
    baseline: z.number().nullish(),
    target: z.number().describe('Must differ from the baseline in the direction of the metric.').nullish(),
    unit: optionalText(trimmed(50).describe('e.g. "%", "ms", "customers".')),
    direction: MetricDirectionSchema.nullish(),
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
export const ReviseKeyResultTargetInput = changeOf('KeyResult').extend({
  target: z.number(),
  reason: ReasonSchema.describe('Why the target moved: kept with the old and new target.'),
  decision: optionalText(nodeId().trim().describe('The Decision behind the change (must exist).')),
});

export const GradeKeyResultInput = z.object({
  id: recordId('KeyResult'),
  expectedVersion: ExpectedVersionSchema,
  grade: UnitInterval.describe('0.0-1.0'),
  reason: OptionalReason,
  idempotencyKey: IdempotencyKey,
});

/** checkInKeyResult: expectedVersion is optional (several people may report on one key result). */
export const CheckInKeyResultInput = z
  .object({
    keyResult: recordId('KeyResult'),
    expectedVersion: ExpectedVersionSchema.describe('Optional: when given, refused if the key result moved on since you read it.')
      .nullish()
      .transform((v) => v ?? undefined),
    value: z.number().describe('The metric value; for a milestone 0 or 1 (or use done).').nullish().transform((v) => v ?? null),
    done: z.boolean().describe('Milestones only.').nullish().transform((v) => v ?? null),
    confidence: UnitInterval.describe('Confidence (0-1) of reaching the target.'),
    status: CheckInStatusSchema.describe('Leave out to derive it (see KeyResultCheckIn).').nullish().transform((v) => v ?? null),
    note: optionalText(LongText),
    reportedFor: IsoDateSchema.describe('The business date (ISO, e.g. 2026-11-16) it reports on: inside the cycle, not in the future.'),
    /** Node id of the KeyResultCheckIn this one corrects. */
    corrects: optionalText(nodeId().trim().describe('The KeyResultCheckIn of this key result that this one corrects.')),
    reason: optionalText(trimmed(2000).describe('Why, e.g. of a correction: kept in the log.')),
    links: NewLinks.describe('Evidence outside the ledger: the dashboard or issue the value comes from.'),
    idempotencyKey: IdempotencyKey,
  })
  .describe('A weekly check-in. A correction (corrects) is a complete check-in that replaces the one it points at.');

import { z } from 'zod';
import { CheckInStatusSchema, KeyResultKindSchema, MetricDirectionSchema } from './key-result-events.ts';
import { ChangeOf, ExpectedVersionSchema, IdempotencyKeySchema, LongText, required, trimmed } from '../inputs.ts';
import { IsoDateSchema, optionalText, OptionalReason, UnitInterval } from '../inputs.ts';
import type { MeasureInput } from './key-result.ts';

const METRIC_FIELDS = ['baseline', 'target', 'unit', 'direction'] as const;

/**
 * defineKeyResult: a METRIC needs baseline, target and unit (its direction follows from them when
 * left out); a MILESTONE takes none of those.
 */
export const DefineKeyResultInput = z
  .object({
    objective: z.string(),
    title: required(200),
    description: optionalText(LongText),
    owner: optionalText(trimmed(200)),
    kind: KeyResultKindSchema,
    baseline: z.number().nullish(),
    target: z.number().nullish(),
    unit: optionalText(trimmed(50)),
    direction: MetricDirectionSchema.nullish(),
    idempotencyKey: IdempotencyKeySchema.nullish(),
  })
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
  .transform(({ objective, title, description, owner, kind, baseline, target, unit, direction, idempotencyKey }) => {
    const measure: MeasureInput =
      kind === 'METRIC' ? { kind, baseline: baseline!, target: target!, unit: unit!, direction: direction ?? null } : { kind };
    return { objective, data: { title, description, owner, measure }, idempotencyKey };
  });

/** reviseKeyResultTarget: the new target with a reason, optionally the Decision behind it. */
export const ReviseKeyResultTargetInput = ChangeOf.extend({
  target: z.number(),
  decision: optionalText(z.string().trim()),
});

export const GradeKeyResultInput = z.object({
  id: z.string(),
  expectedVersion: ExpectedVersionSchema,
  grade: UnitInterval,
  reason: OptionalReason,
  idempotencyKey: IdempotencyKeySchema.nullish(),
});

/** checkInKeyResult: expectedVersion is optional (several people may report on one key result). */
export const CheckInKeyResultInput = z.object({
  keyResult: z.string(),
  expectedVersion: ExpectedVersionSchema.nullish().transform((v) => v ?? undefined),
  value: z.number().nullish().transform((v) => v ?? null),
  done: z.boolean().nullish().transform((v) => v ?? null),
  confidence: UnitInterval,
  status: CheckInStatusSchema.nullish().transform((v) => v ?? null),
  note: optionalText(LongText),
  reportedFor: IsoDateSchema,
  /** Global id of the KeyResultCheckIn this one corrects. */
  corrects: optionalText(z.string().trim()),
  reason: OptionalReason,
  idempotencyKey: IdempotencyKeySchema.nullish(),
});

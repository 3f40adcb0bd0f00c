import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';
import { IsoDateSchema } from '../common-fields.ts';
import { ExternalLinkSchema } from '../links/links.ts';

/** Event schemas of a key result; its check-ins are events of the same stream. */

export const KEY_RESULT_STREAM = 'key-result';

export const MetricDirectionSchema = z.enum(['INCREASE', 'DECREASE']);
export const KeyResultKindSchema = z.enum(['METRIC', 'MILESTONE']);
export const CheckInStatusSchema = z.enum(['ON_TRACK', 'AT_RISK', 'OFF_TRACK']);


/** How a key result is measured: a metric moving from baseline to target, or a milestone done or not. */
export const MeasureSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('METRIC'),
    baseline: z.number(),
    target: z.number(),
    unit: z.string(),
    direction: MetricDirectionSchema,
  }),
  z.object({ kind: z.literal('MILESTONE') }),
]);

export const KeyResultDefined = defineEvent(
  'KeyResultDefined',
  z.object({
    objectiveId: z.string(),
    /** The objective's cycle, copied: it never changes, and check-ins are dated inside it. */
    cycle: z.string().min(1),
    /** The dates of a cycle the org defined, copied from the objective; absent for a calendar quarter. */
    cycleRange: z.object({ start: z.string(), end: z.string() }).optional(),
    /** Set when the key result was carried over from another one: that one's id and its last value. */
    carriedOverFrom: z.object({ keyResultId: z.string(), value: z.number() }).optional(),
    title: z.string(),
    description: z.string().nullable(),
    owner: z.string().nullable(),
    measure: MeasureSchema,
    /** Absent in key results defined before links existed: none. */
    links: z.array(ExternalLinkSchema).optional(),
  }),
);

/** A metric's target moved: both targets are kept, the reason is in the envelope. */
export const KeyResultTargetRevised = defineEvent(
  'KeyResultTargetRevised',
  z.object({
    previousTarget: z.number(),
    target: z.number(),
    /** The decision behind the change, if any. */
    decisionId: z.string().nullable(),
  }),
);

export const KeyResultGraded = defineEvent('KeyResultGraded', z.object({ grade: z.number().min(0).max(1) }));

/**
 * A check-in: the value on a business date (`reportedFor`), with the reporter's confidence and a
 * status that was either given or derived when recorded (`statusDerived`). `corrects` is the stream
 * version of the check-in this one replaces.
 */
export const KeyResultCheckedIn = defineEvent(
  'KeyResultCheckedIn',
  z.object({
    value: z.number(),
    confidence: z.number().min(0).max(1),
    status: CheckInStatusSchema,
    statusDerived: z.boolean(),
    note: z.string().nullable(),
    reportedFor: IsoDateSchema,
    corrects: z.number().int().positive().nullable(),
    /** Evidence outside the ledger (a dashboard, a tracker issue); absent in older check-ins: none. */
    links: z.array(ExternalLinkSchema).optional(),
  }),
);

export const keyResultEvents = [KeyResultDefined, KeyResultTargetRevised, KeyResultGraded, KeyResultCheckedIn] as const;

export type KeyResultEvent = EventOf<(typeof keyResultEvents)[number]>;
export type Measure = z.infer<typeof MeasureSchema>;
export type MetricMeasure = Extract<Measure, { kind: 'METRIC' }>;
export type MetricDirection = z.infer<typeof MetricDirectionSchema>;
export type KeyResultKind = z.infer<typeof KeyResultKindSchema>;
export type CheckInStatus = z.infer<typeof CheckInStatusSchema>;
export type CheckInPayload = z.infer<typeof KeyResultCheckedIn.schema>;

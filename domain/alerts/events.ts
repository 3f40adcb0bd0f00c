import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';

/**
 * Alert rules (stream `alert-rule`) and alerts (stream `alert`). An alert's stream id is derived
 * from (rule, subject, period) (alertIdOf in alert.ts), so raising it twice, by a re-run or by two
 * evaluators at once, is a version conflict on the same stream, never a second alert.
 */

export const ALERT_RULE_STREAM = 'alert-rule';
export const ALERT_STREAM = 'alert';

/** What the evaluator checks (kinds are only ever added). */
export const AlertRuleKindSchema = z.enum([
  'REPORT_DUE',
  'REPORT_LATE',
  'KEY_RESULT_OFF_TRACK',
  'KEY_RESULT_AT_RISK',
  'CONFIDENCE_BELOW',
  'CHECK_IN_LATE',
  'CHECK_IN_DUE',
  'ALLOCATION_DRIFT',
  'TRADEOFF_REVISIT_DUE',
  'PRIORITY_CHANGED_WITHOUT_EVIDENCE',
]);

export const RecipientsSchema = z.object({
  /** Person ids. */
  people: z.array(z.string()),
  /** Team keys: their members at the time of the alert. */
  teams: z.array(z.string()),
});

export const AlertRuleContentSchema = z.object({
  name: z.string(),
  kind: AlertRuleKindSchema,
  /** A team key, or null for the whole organisation. */
  team: z.string().nullable(),
  /** CONFIDENCE_BELOW: confidence (0-1) under which it trips. */
  threshold: z.number().nullable(),
  /** REPORT_LATE / CHECK_IN_LATE: hours after the deadline; REPORT_DUE / CHECK_IN_DUE: hours before it. */
  hours: z.number().nullable(),
  /** ALLOCATION_DRIFT: the allocation category (its key) watched. */
  category: z.string().nullable(),
  /** ALLOCATION_DRIFT: how many points the reported share may be off its target. */
  tolerance: z.number().nullable(),
  /** ALLOCATION_DRIFT: for how many consecutive reported weeks before it trips. */
  weeks: z.number().int().nullable(),
  /** Person id of the rule's owner. */
  owner: z.string().nullable(),
  recipients: RecipientsSchema,
});

/** v2 added category, tolerance and weeks (ALLOCATION_DRIFT); no v1 rule had them. */
export const AlertRuleSet = defineEvent('AlertRuleSet', AlertRuleContentSchema, {
  schemaVersion: 2,
  upcasters: { 1: (v1) => ({ ...(v1 as object), category: null, tolerance: null, weeks: null }) },
});
export const AlertRuleDisabled = defineEvent('AlertRuleDisabled', z.object({}));

export const alertRuleEvents = [AlertRuleSet, AlertRuleDisabled] as const;
export type AlertRuleEvent = EventOf<(typeof alertRuleEvents)[number]>;
export type AlertRuleKind = z.infer<typeof AlertRuleKindSchema>;
export type AlertRuleContent = z.infer<typeof AlertRuleContentSchema>;
export type Recipients = z.infer<typeof RecipientsSchema>;

/** A record an alert is about, or the evidence of one: kind and id, and the log position of the evidence. */
const RecordRef = z.object({ kind: z.string(), id: z.string() });
export const EvidenceSchema = RecordRef.extend({
  /** Log position of the event that is the evidence, when there is one (a missing report has none). */
  position: z.number().int().nullable(),
  summary: z.string(),
});

export const RecipientSchema = z.object({ personId: z.string(), name: z.string(), email: z.string().nullable() });

export const AlertRaised = defineEvent(
  'AlertRaised',
  z.object({
    rule: z.string(),
    ruleVersion: z.number().int(),
    kind: AlertRuleKindSchema,
    subject: RecordRef.extend({ name: z.string() }),
    /**
     * The period the alert is for: an ISO week, the week a streak of check-ins or reports began, a
     * tradeoff's revisit date, or the priority list's version of a change.
     */
    period: z.string(),
    evidence: EvidenceSchema,
    /** Resolved to people when raised: who is to act. */
    recipients: z.array(RecipientSchema),
    /** One line a person can read (Slack, e-mail). */
    summary: z.string(),
  }),
);

export const AlertAcknowledged = defineEvent('AlertAcknowledged', z.object({ note: z.string() }));

export const AlertResolved = defineEvent('AlertResolved', z.object({ evidence: EvidenceSchema.nullable(), summary: z.string() }));

export const alertEvents = [AlertRaised, AlertAcknowledged, AlertResolved] as const;
export type AlertEvent = EventOf<(typeof alertEvents)[number]>;
export type AlertRaisedPayload = z.infer<typeof AlertRaised.schema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type Recipient = z.infer<typeof RecipientSchema>;

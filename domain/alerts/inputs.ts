import { z } from 'zod';
import { AlertRuleKindSchema } from './events.ts';
import { IdempotencyKey, recordId, required, trimmed } from '../inputs.ts';
import { TeamKeySchema } from '../teams/inputs.ts';

const Subjects = z.array(required(256)).max(50, 'at most 50').transform((v) => [...new Set(v)]);

export const SetAlertRuleInput = z
  .object({
    id: recordId('AlertRule').nullish().describe('The rule to change; none to set a new rule.'),
    name: required(200).describe('What the rule is called in alerts.'),
    kind: AlertRuleKindSchema.describe('What the rule checks (its kind never changes).'),
    team: TeamKeySchema.nullish()
      .transform((v) => v ?? null)
      .describe('The team it watches; none for the whole organisation (ADMIN only).'),
    threshold: z
      .number()
      .min(0, 'must be between 0.0 and 1.0')
      .max(1, 'must be between 0.0 and 1.0')
      .nullish()
      .transform((v) => v ?? null)
      .describe('CONFIDENCE_BELOW: the confidence (0.0-1.0) under which a check-in trips the rule (required).'),
    hours: z
      .number()
      .min(0, 'must not be negative')
      .max(24 * 14, 'must be at most 336 hours (two weeks)')
      .nullish()
      .transform((v) => v ?? null)
      .describe('REPORT_LATE / CHECK_IN_LATE: hours after the deadline (default 0); REPORT_DUE: hours before it (default 24).'),
    owner: required(256).nullish().transform((v) => v ?? null).describe('Token subject of the person who owns the rule.'),
    recipientPeople: Subjects.nullish().transform((v) => v ?? []).describe('Token subjects of people to alert.'),
    recipientTeams: z.array(TeamKeySchema).max(50).nullish().transform((v) => [...new Set(v ?? [])]).describe('Keys of teams whose members to alert.'),
    reason: trimmed(2000).nullish().describe('Why: kept in the log (for a change of a rule).'),
    idempotencyKey: IdempotencyKey,
  })
  .describe('A new alert rule (no id), or the complete new content of an existing one.')
  .superRefine((input, ctx) => {
    if (input.kind === 'CONFIDENCE_BELOW' && input.threshold === null) {
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'CONFIDENCE_BELOW needs a threshold' });
    }
    if (input.kind !== 'CONFIDENCE_BELOW' && input.threshold !== null) {
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: `${input.kind} takes no threshold` });
    }
    if (!['REPORT_LATE', 'REPORT_DUE', 'CHECK_IN_LATE'].includes(input.kind) && input.hours !== null) {
      ctx.addIssue({ code: 'custom', path: ['hours'], message: `${input.kind} takes no hours` });
    }
  });

export const DisableAlertRuleInput = z.object({
  id: recordId('AlertRule').describe('The rule to disable.'),
  reason: required(2000).describe('Why: kept in the log.'),
  idempotencyKey: IdempotencyKey,
}).describe('Which rule to disable, and why.');

export const AcknowledgeAlertInput = z.object({
  id: recordId('Alert').describe('The alert to acknowledge.'),
  note: required(2000).describe('What you are doing about it.'),
  idempotencyKey: IdempotencyKey,
}).describe('Which alert you act on, and how.');

import { z } from 'zod';
import { AlertRuleKindSchema, type AlertRuleKind } from './events.ts';
import { IdempotencyKey, recordId, required, trimmed } from '../inputs.ts';
import { TeamKeySchema } from '../teams/inputs.ts';

const Subjects = z.array(required(256)).max(50, 'at most 50').transform((v) => [...new Set(v)]);

type Parameter = 'threshold' | 'hours' | 'category' | 'tolerance' | 'weeks';

/** The thresholds each kind takes (the others must be left out), and those it requires. */
const PARAMETERS: Record<AlertRuleKind, { takes: readonly Parameter[]; requires: readonly Parameter[] }> = {
  REPORT_DUE: { takes: ['hours'], requires: [] },
  REPORT_LATE: { takes: ['hours'], requires: [] },
  CHECK_IN_DUE: { takes: ['hours'], requires: [] },
  CHECK_IN_LATE: { takes: ['hours'], requires: [] },
  KEY_RESULT_OFF_TRACK: { takes: [], requires: [] },
  KEY_RESULT_AT_RISK: { takes: [], requires: [] },
  CONFIDENCE_BELOW: { takes: ['threshold'], requires: ['threshold'] },
  ALLOCATION_DRIFT: { takes: ['category', 'tolerance', 'weeks'], requires: ['category', 'tolerance'] },
  TRADEOFF_REVISIT_DUE: { takes: [], requires: [] },
  PRIORITY_CHANGED_WITHOUT_EVIDENCE: { takes: [], requires: [] },
};

/** Kinds that watch the organisation's own records (the priority list): org-wide rules only. */
export const ORG_ONLY_KINDS: readonly AlertRuleKind[] = ['PRIORITY_CHANGED_WITHOUT_EVIDENCE'];

const orNull = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);

export const SetAlertRuleInput = z
  .object({
    id: recordId('AlertRule').nullish().describe('The rule to change; none to set a new rule.'),
    name: required(200).describe('What the rule is called in alerts.'),
    kind: AlertRuleKindSchema.describe('What the rule checks (its kind never changes).'),
    team: TeamKeySchema.nullish()
      .transform((v) => v ?? null)
      .describe('The team it watches; none for the whole organisation (ADMIN only).'),
    threshold: orNull(z.number().min(0, 'must be between 0.0 and 1.0').max(1, 'must be between 0.0 and 1.0')).describe(
      'CONFIDENCE_BELOW: the confidence (0.0-1.0) under which a check-in trips the rule (required).',
    ),
    hours: orNull(z.number().min(0, 'must not be negative').max(24 * 14, 'must be at most 336 hours (two weeks)')).describe(
      'REPORT_LATE / CHECK_IN_LATE: hours after the deadline (default 0); REPORT_DUE / CHECK_IN_DUE: hours before it (default 24).',
    ),
    category: orNull(required(64)).describe('ALLOCATION_DRIFT: the key of the allocation category watched (required), e.g. "incidents".'),
    tolerance: orNull(z.number().min(0, 'must be between 0 and 100 points').max(100, 'must be between 0 and 100 points')).describe(
      "ALLOCATION_DRIFT: how many percentage points the team's reported share may be off its target (required).",
    ),
    weeks: orNull(z.number().int('must be a whole number of weeks').min(1, 'must be at least 1').max(52, 'must be at most 52')).describe(
      'ALLOCATION_DRIFT: for how many consecutive reported weeks the share must be off before it trips (default 1).',
    ),
    owner: required(256).nullish().transform((v) => v ?? null).describe('Token subject of the person who owns the rule.'),
    recipientPeople: Subjects.nullish().transform((v) => v ?? []).describe('Token subjects of people to alert.'),
    recipientTeams: z.array(TeamKeySchema).max(50).nullish().transform((v) => [...new Set(v ?? [])]).describe('Keys of teams whose members to alert.'),
    reason: trimmed(2000).nullish().describe('Why: kept in the log (for a change of a rule).'),
    idempotencyKey: IdempotencyKey,
  })
  .describe('A new alert rule (no id), or the complete new content of an existing one.')
  .superRefine((input, ctx) => {
    const { takes, requires } = PARAMETERS[input.kind];
    for (const parameter of ['threshold', 'hours', 'category', 'tolerance', 'weeks'] as const) {
      if (input[parameter] === null && requires.includes(parameter)) {
        ctx.addIssue({ code: 'custom', path: [parameter], message: `${input.kind} needs ${parameter === 'category' ? 'a category' : `a ${parameter}`}` });
      }
      if (input[parameter] !== null && !takes.includes(parameter)) {
        ctx.addIssue({ code: 'custom', path: [parameter], message: `${input.kind} takes no ${parameter}` });
      }
    }
    if (ORG_ONLY_KINDS.includes(input.kind) && input.team !== null) {
      ctx.addIssue({ code: 'custom', path: ['team'], message: `${input.kind} watches the organisation's priority list: leave team out (an ADMIN sets it)` });
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

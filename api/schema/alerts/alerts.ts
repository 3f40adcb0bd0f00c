import { alerts, type AlertState, type AlertStatus } from '../../../domain/alerts/alert.ts';
import { ALERT_RULE_STREAM, ALERT_STREAM, AlertRuleKindSchema, type Evidence, type Recipient } from '../../../domain/alerts/events.ts';
import { AcknowledgeAlertInput, DisableAlertRuleInput, SetAlertRuleInput } from '../../../domain/alerts/inputs.ts';
import { alertRules, type AlertRuleState } from '../../../domain/alerts/rule.ts';
import { personIdOf } from '../../../domain/people/person.ts';
import { categoryIn } from '../../../domain/allocation/taxonomy.ts';
import { currentWeek } from '../allocation/args.ts';
import type { ApiContext } from '../../context.ts';
import { AllocationCategoryType } from '../allocation/categories.ts';
import type { ReadModels } from '../../read-models.ts';
import { builder } from '../../builder.ts';
import { keyedConnection, creationOrder } from '../../connection.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { enumType } from '../../zod-input.ts';
import { ActorType } from '../actor.ts';
import { countedConnection } from '../counted-connection.ts';
import { KeyResultRef } from '../okrs/objective-refs.ts';
import { pageArgs, listArgs } from '../page-args.ts';
import { recordNode, stampDescription, linkedRecord } from '../record-node.ts';
import { TeamRef } from '../teams/team.ts';
import type { UserError } from '../user-error.ts';
import { PersonRef } from '../people/person.ts';
import { z } from 'zod';
import { parseGlobalId } from '../../global-id.ts';

export const AlertRuleKindEnum = enumType('AlertRuleKind', AlertRuleKindSchema, 'What an alert rule checks.', {
  REPORT_DUE: 'A reminder, `hours` (default 24) before the weekly report deadline, to teams that have not reported.',
  REPORT_LATE: 'No allocation report `hours` (default 0) after the weekly deadline.',
  KEY_RESULT_OFF_TRACK: "The key result's latest check-in is OFF_TRACK.",
  KEY_RESULT_AT_RISK: "The key result's latest check-in is not ON_TRACK.",
  CONFIDENCE_BELOW: "The latest check-in's confidence is under `threshold`.",
  CHECK_IN_LATE: 'No check-in for the due week `hours` (default 0) after the deadline.',
  CHECK_IN_DUE: 'A reminder, `hours` (default 24) before the deadline, for key results not checked in for the week.',
  ALLOCATION_DRIFT: "A team's reported share of `category` is more than `tolerance` points off its target, `weeks` reported weeks in a row.",
  TRADEOFF_REVISIT_DUE: 'A tradeoff in effect whose revisit date has come (in the cadence time zone) and that was not revisited.',
  PRIORITY_CHANGED_WITHOUT_EVIDENCE: 'A priority change (reprioritize, removeFromPriorities) with neither evidence nor evidence links, made after the rule was set.',
});

const AlertStatusEnum = enumType(
  'AlertStatus',
  z.enum(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']),
  'Where an alert stands.',
  {
    OPEN: 'Raised; nobody has acknowledged it yet.',
    ACKNOWLEDGED: 'A person said they act on it (acknowledgeAlert); the condition still holds.',
    RESOLVED: 'The condition cleared, or its rule was disabled.',
  },
);

/** The category an ALLOCATION_DRIFT rule names, in the allocation taxonomy in force: the one place rules look categories up. */
/** An allocation category of the taxonomy in force this week (or at the moment asked for), and the keys it has. */
async function allocationCategory(ctx: ApiContext, key: string) {
  const taxonomy = (await ctx.read()).allocation.taxonomyFor(await currentWeek(ctx));
  return { category: categoryIn(taxonomy, key), known: () => taxonomy.categories.map((c) => c.key) };
}

export const AlertRuleRef = builder.objectRef<AlertRuleState>('AlertRule');
export const AlertRef = builder.objectRef<AlertState>('Alert');

recordNode(AlertRuleRef, ALERT_RULE_STREAM, (models, id) => models.alertRules.get(id), {
  description: 'A rule the alert evaluator checks, with its thresholds, owner and recipients.',
  history: 'Every change of this rule, oldest first.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'The version alerts raised now cite.' }),
    name: t.exposeString('name', { description: 'What the rule is called in alerts.' }),
    kind: t.field({ type: AlertRuleKindEnum, description: 'What it checks.', resolve: (r) => r.kind }),
    team: linkedRecord(t, TeamRef, 'The team it watches; null: the whole organisation.', (r) => r.team),
    threshold: t.exposeFloat('threshold', { nullable: true, description: 'CONFIDENCE_BELOW: the confidence under which it trips.' }),
    hours: t.exposeFloat('hours', { nullable: true, description: 'Hours after (before, for REPORT_DUE and CHECK_IN_DUE) the deadline.' }),
    category: t.field({
      type: AllocationCategoryType,
      nullable: true,
      description: 'ALLOCATION_DRIFT: the allocation category watched.',
      resolve: async (r, _args, ctx) => (r.category ? ((await allocationCategory(ctx, r.category)).category ?? null) : null),
    }),
    tolerance: t.exposeFloat('tolerance', { nullable: true, description: 'ALLOCATION_DRIFT: points the reported share may be off its target.' }),
    weeks: t.exposeInt('weeks', { nullable: true, description: 'ALLOCATION_DRIFT: consecutive reported weeks off target before it trips.' }),
    enabled: t.exposeBoolean('enabled', { description: 'Disabled rules raise nothing; their open alerts are resolved.' }),
    owner: linkedRecord(t, PersonRef, 'Who owns the rule.', (r) => r.owner),
    recipientPeople: t.field({ type: [PersonRef], description: 'People it alerts.', resolve: async (r, _a, ctx) => peopleOf(await ctx.read(), r.recipients.people) }),
    recipientTeams: t.field({ type: [TeamRef], description: 'Teams whose members it alerts.', resolve: async (r, _a, ctx) => { const m = await ctx.read(); return r.recipients.teams.flatMap((k) => m.teams.get(k) ?? []); } }),
    createdAt: t.field({ type: 'DateTime', description: stampDescription.createdAt('rule'), resolve: (r) => r.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: stampDescription.updatedAt('rule'), resolve: (r) => r.updatedAt }),
  }),
});

const peopleOf = (models: ReadModels, ids: readonly string[]) => ids.flatMap((id) => models.people.get(id) ?? []);

const RecordRefType = builder.objectRef<{ kind: string; id: string; name?: string }>('AlertSubject').implement({
  description: 'The record an alert is about.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'Its stream kind: team, key-result, tradeoff or initiative.' }),
    id: t.exposeString('id', { description: 'Its id within the kind (a team key, a key result, tradeoff or initiative id).' }),
    name: t.string({ nullable: true, description: 'Its name when the alert was raised.', resolve: (r) => r.name ?? null }),
  }),
});

const EvidenceType = builder.objectRef<Evidence>('AlertEvidence').implement({
  description: 'What tripped an alert or cleared it: a check-in, a report, or the record that is missing one.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'check-in, allocation-report, team, key-result, tradeoff, tradeoff-revisit or priority-change.' }),
    id: t.exposeString('id', { description: 'Its id (a check-in and a tradeoff revisit are `<record id>:<version>`, a priority change `org:<list version>`).' }),
    position: t.exposeInt('position', { nullable: true, description: 'Log position of the event that is the evidence, when there is one.' }),
    summary: t.exposeString('summary', { description: 'The evidence in words.' }),
  }),
});

const RecipientType = builder.objectRef<Recipient>('AlertRecipient').implement({
  description: 'A person an alert is for, as resolved when it was raised.',
  fields: (t) => ({
    person: linkedRecord(t, PersonRef, 'The person now.', (r) => r.personId),
    name: t.exposeString('name', { description: 'Their name when raised.' }),
    email: t.exposeString('email', { nullable: true, description: 'Where the alert reaches them (as when raised).' }),
  }),
});

recordNode(AlertRef, ALERT_STREAM, (models, id) => models.alerts.get(id), {
  description: 'An alert the ledger raised (as its own SERVICE actor): one per rule, subject and period; its history proves who was warned of what, and when.',
  history: 'AlertRaised, AlertAcknowledged, AlertResolved: oldest first.',
  fields: (t) => ({
    status: t.field({ type: AlertStatusEnum, description: 'Open, acknowledged or resolved.', resolve: (a) => a.status }),
    kind: t.field({ type: AlertRuleKindEnum, description: "The rule's kind.", resolve: (a) => a.raised!.kind }),
    rule: t.field({ type: AlertRuleRef, nullable: true, description: 'The rule that raised it.', resolve: async (a, _x, ctx) => (await ctx.read()).alertRules.get(a.raised!.rule) ?? null }),
    ruleVersion: t.int({ description: 'The version of the rule it was raised under.', resolve: (a) => a.raised!.ruleVersion }),
    subject: t.field({ type: RecordRefType, description: 'The team, key result, tradeoff or priority list it is about.', resolve: (a) => a.raised!.subject }),
    period: t.string({
      description: 'The ISO week it is for; `<week>/v<version>`: the check-in that began a streak; the week a drift began; a revisit date; `v<list version>` of a priority change.',
      resolve: (a) => a.raised!.period,
    }),
    summary: t.string({ description: 'The alert in one line.', resolve: (a) => a.raised!.summary }),
    evidence: t.field({ type: EvidenceType, description: 'What tripped it.', resolve: (a) => a.raised!.evidence }),
    recipients: t.field({ type: [RecipientType], description: 'Who it is for.', resolve: (a) => a.raised!.recipients }),
    raisedAt: t.field({ type: 'DateTime', description: 'When the evaluator raised it (its AlertRaised event).', resolve: (a) => a.raisedAt }),
    acknowledgedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was acknowledged; null while nobody has.', resolve: (a) => a.acknowledgedAt }),
    acknowledgedBy: t.field({ type: ActorType, nullable: true, description: 'Who acknowledged it; null while nobody has.', resolve: (a) => a.acknowledgedBy }),
    note: t.exposeString('note', { nullable: true, description: 'The acknowledgement note.' }),
    resolvedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was resolved; null while it is open or acknowledged.', resolve: (a) => a.resolvedAt }),
    resolvedBy: t.field({ type: EvidenceType, nullable: true, description: 'What cleared it.', resolve: (a) => a.resolution?.evidence ?? null }),
    resolution: t.string({ nullable: true, description: 'Why it was resolved, in words.', resolve: (a) => a.resolution?.summary ?? null }),
    version: t.exposeInt('version', { description: 'Version of the alert stream.' }),
  }),
});

const AlertConnection = countedConnection('Alert', AlertRef);
const AlertRuleConnection = countedConnection('AlertRule', AlertRuleRef);

interface AlertFilter {
  status?: readonly AlertStatus[] | null;
  rule?: string | null;
  subjectKind?: string;
  subject?: string | null;
}

function alertsMatching(models: ReadModels, filter: AlertFilter): AlertState[] {
  return models.alerts.list(
    (a) =>
      (!filter.status?.length || filter.status.includes(a.status)) &&
      (!filter.rule || a.raised!.rule === filter.rule) &&
      (!filter.subjectKind || a.raised!.subject.kind === filter.subjectKind) &&
      (!filter.subject || a.raised!.subject.id === filter.subject),
  );
}


builder.queryFields((t) => ({
  alerts: t.field({
    type: AlertConnection,
    description: 'Alerts in the order they were raised. "Were we warned, and when?" is alerts(asOf:).',
    args: {
      ...listArgs,
      status: t.arg({ type: [AlertStatusEnum], required: false, description: 'Only alerts with these statuses.' }),
      rule: t.arg.id({ description: 'Only alerts of this rule (its id).' }),
      subject: t.arg.string({ description: 'Only alerts about this record: a team key or a key result id.' }),
    },
    resolve: async (_root, args, ctx) => {
      const rule = args.rule ? decodeRule(String(args.rule)) : null;
      return keyedConnection(alertsMatching(await ctx.read(), { status: args.status, rule, subject: args.subject }), (a) => a.raisedPosition, args);
    },
  }),
  alertRules: t.field({
    type: AlertRuleConnection,
    description: 'Alert rules in the order they were set, disabled ones included.',
    args: { ...listArgs, enabled: t.arg.boolean({ description: 'Only enabled (true) or disabled (false) rules.' }) },
    resolve: async (_root, args, ctx) =>
      creationOrder((await ctx.read()).alertRules.list((r) => args.enabled == null || r.enabled === args.enabled), args),
  }),
}));

function decodeRule(id: string): string {
  const parsed = parseGlobalId(id, 'AlertRule', ['rule']);
  return parsed.ok ? parsed.id : id;
}

builder.objectField(KeyResultRef, 'alerts', (t) =>
  t.field({
    type: AlertConnection,
    description: 'Alerts about this key result, oldest first.',
    args: { ...pageArgs, status: t.arg({ type: [AlertStatusEnum], required: false, description: 'Only alerts with these statuses.' }) },
    resolve: async (kr, args, ctx) => keyedConnection(alertsMatching(await ctx.read(), { status: args.status, subjectKind: 'key-result', subject: kr.id }), (a) => a.raisedPosition, args),
  }),
);

builder.objectField(TeamRef, 'alerts', (t) =>
  t.field({
    type: AlertConnection,
    description: "Alerts about this team and its objectives' key results, oldest first.",
    args: { ...pageArgs, status: t.arg({ type: [AlertStatusEnum], required: false, description: 'Only alerts with these statuses.' }) },
    resolve: async (team, args, ctx) => {
      const models = await ctx.read();
      const keyResults = new Set(models.okrs.objectives({ team: team.key }).flatMap((o) => models.okrs.keyResultsOf(o.id).map((k) => k.id)));
      const found = alertsMatching(models, { status: args.status }).filter(
        (a) => (a.raised!.subject.kind === 'team' && a.raised!.subject.id === team.key) || (a.raised!.subject.kind === 'key-result' && keyResults.has(a.raised!.subject.id)),
      );
      return keyedConnection(found, (a) => a.raisedPosition, args);
    },
  }),
);

const ruleMutation = mutationsOf({ kind: alertRules, payload: recordPayload('rule', AlertRuleRef) });

ruleMutation('setAlertRule', {
  description: 'Sets a new alert rule, or changes one (LEAD for a team, ADMIN for the whole organisation).',
  permission: 'lead',
  input: SetAlertRuleInput,
  command: async ({ name, kind, team, threshold, hours, category, tolerance, weeks, owner, recipientPeople, recipientTeams }, { ctx, state }) => {
    const models = await ctx.read();
    const errors: UserError[] = [];
    if (team === null && !ctx.roles.includes('ADMIN')) errors.push({ code: 'INVALID_INPUT', field: ['input', 'team'], message: 'Rules for the whole organisation need ADMIN; give a team' });
    if (team !== null && !models.teams.get(team)) errors.push({ code: 'NOT_FOUND', field: ['input', 'team'], message: `No team has the key "${team}"` });
    const found = category === null ? null : await allocationCategory(ctx, category);
    if (found && !found.category) {
      errors.push({ code: 'INVALID_INPUT', field: ['input', 'category'], message: `"${category}" is not an allocation category; use one of ${found.known().join(', ')}` });
    }
    const person = (subject: string, field: string[]) => {
      const found = models.people.bySubject(subject);
      if (!found || found.status !== 'ACTIVE') errors.push({ code: 'INVALID_INPUT', field, message: `"${subject}" is not an ACTIVE person` });
      return personIdOf(subject);
    };
    const ownerId = owner === null ? null : person(owner, ['input', 'owner']);
    const people = recipientPeople.map((s, i) => person(s, ['input', 'recipientPeople', String(i)]));
    recipientTeams.forEach((k, i) => {
      if (!models.teams.get(k)) errors.push({ code: 'INVALID_INPUT', field: ['input', 'recipientTeams', String(i)], message: `No team has the key "${k}"` });
    });
    if (errors.length) return errors;
    // The input refused thresholds a kind does not take; a drift rule's weeks default to 1.
    const weeksOrDefault = kind === 'ALLOCATION_DRIFT' ? (weeks ?? 1) : weeks;
    return { type: 'SetAlertRule', create: state.version === 0, rule: { name, kind, team, threshold, hours, category, tolerance, weeks: weeksOrDefault, owner: ownerId, recipients: { people, teams: recipientTeams } } };
  },
});

ruleMutation('disableAlertRule', {
  description: 'Disables an alert rule, with a reason: it raises nothing more and its open alerts are resolved.',
  permission: 'lead',
  input: DisableAlertRuleInput,
  command: (_fields, { ctx, state }) =>
    state.team === null && state.version > 0 && !ctx.roles.includes('ADMIN')
      ? [{ code: 'INVALID_INPUT', field: ['input', 'id'], message: 'Rules for the whole organisation need ADMIN' }]
      : { type: 'DisableAlertRule' },
});

const alertMutation = mutationsOf({ kind: alerts, payload: recordPayload('alert', AlertRef) });

alertMutation('acknowledgeAlert', {
  description: 'Acknowledges an alert with a note: you act on it (CONTRIBUTORs for alerts of their teams or addressed to them).',
  permission: 'contribute',
  input: AcknowledgeAlertInput,
  command: async ({ note }, { ctx, state }) => {
    if (state.version > 0 && !ctx.roles.includes('LEAD') && !ctx.roles.includes('ADMIN')) {
      const models = await ctx.read();
      const me = personIdOf(ctx.actor.id);
      const subject = state.raised!.subject;
      const team = subject.kind === 'team' ? subject.id : models.okrs.objective(models.okrs.keyResult(subject.id)?.objectiveId ?? '')?.ownerTeam;
      const mine = state.raised!.recipients.some((r) => r.personId === me) || (team && models.memberships.membersOf(team).includes(me));
      if (!mine) return [{ code: 'INVALID_INPUT', field: ['input', 'id'], message: 'This alert is neither for you nor for a team you are a member of' }];
    }
    return { type: 'AcknowledgeAlert', note };
  },
});

import { alertIdOf, type AlertState } from './alert.ts';
import type { AlertRaisedPayload, Evidence, Recipient } from './events.ts';
import type { AlertRuleState } from './rule.ts';
import { CADENCE_ID } from '../cadence/events.ts';
import { checkInEveryWeeksOf, initialCadenceState, type CadenceState } from '../cadence/cadence.ts';
import { deadlineOf, localTimeText, shiftWeek, weekIn, weekOfDate } from '../cadence/calendar.ts';
import { checkInId, checkInSeries, type CheckIn } from '../okrs/check-ins.ts';
import type { KeyResultState } from '../okrs/key-result.ts';
import type { ObjectiveState } from '../okrs/objective.ts';
import type { Views } from '../registry.ts';
import type { TeamState } from '../teams/team.ts';

/**
 * The alert evaluator: pure code over the read models and a clock. It says which alerts should be
 * raised (with the evidence that tripped them) and which open ones are resolved (with what cleared
 * them); the runner (api/alert-runner.ts) appends that difference. Each alert is for one
 * (rule, subject, period): an ISO week for reports, the check-in that began a streak for key results.
 */

export interface AlertsToRaise {
  id: string;
  alert: AlertRaisedPayload;
}

export interface AlertToResolve {
  id: string;
  /** The alert's version when decided: the append expects it. */
  version: number;
  evidence: Evidence | null;
  summary: string;
}

export interface AlertDecisions {
  raise: AlertsToRaise[];
  resolve: AlertToResolve[];
}

type EvaluatedViews = Pick<Views, 'teams' | 'okrs' | 'allocation' | 'people' | 'cadence' | 'alertRules' | 'alerts' | 'memberships'>;

interface Finding {
  subject: { kind: string; id: string; name: string };
  period: string;
  evidence: Evidence;
  summary: string;
  responsible: Recipient[];
}

type Check = { holds: true } | { holds: false; evidence: Evidence | null; summary: string };

interface RuleLogic {
  /** What trips now. */
  findings(rule: AlertRuleState, ctx: Context): Finding[];
  /** Whether an open alert's condition still holds for its own period, else what cleared it. */
  check(rule: AlertRuleState, alert: AlertState, ctx: Context): Check;
}

interface Context {
  views: EvaluatedViews;
  now: Date;
  cadence: CadenceState;
}

const HOUR = 3_600_000;

export function cadenceOf(views: Pick<Views, 'cadence'>): CadenceState {
  return views.cadence.get(CADENCE_ID) ?? initialCadenceState();
}

export function evaluateAlerts(views: EvaluatedViews, now: Date): AlertDecisions {
  const ctx: Context = { views, now, cadence: cadenceOf(views) };
  const raise: AlertsToRaise[] = [];
  const resolve: AlertToResolve[] = [];
  const rules = views.alertRules.list();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const finding of LOGIC[rule.kind].findings(rule, ctx)) {
      const id = alertIdOf(rule.id, finding.subject, finding.period);
      if (views.alerts.get(id)) continue;
      raise.push({
        id,
        alert: {
          rule: rule.id,
          ruleVersion: rule.version,
          kind: rule.kind,
          subject: finding.subject,
          period: finding.period,
          evidence: finding.evidence,
          recipients: recipientsOf(rule, finding.responsible, views),
          summary: finding.summary,
        },
      });
    }
  }
  for (const alert of views.alerts.list((a) => a.status !== 'RESOLVED')) {
    const raised = alert.raised!;
    const rule = views.alertRules.get(raised.rule);
    const check: Check =
      !rule || !rule.enabled ? { holds: false, evidence: null, summary: `The rule "${rule?.name ?? raised.rule}" was disabled` } : LOGIC[raised.kind].check(rule, alert, ctx);
    if (!check.holds) resolve.push({ id: alert.id, version: alert.version, evidence: check.evidence, summary: check.summary });
  }
  return { raise, resolve };
}

/** The rule's people, the members of its teams and the people responsible for the subject: active people, once each. */
function recipientsOf(rule: AlertRuleState, responsible: Recipient[], views: EvaluatedViews): Recipient[] {
  const ids = [...rule.recipients.people, ...rule.recipients.teams.flatMap((team) => views.memberships.membersOf(team)), ...responsible.map((r) => r.personId)];
  const found = new Map<string, Recipient>();
  for (const id of ids) {
    const person = views.people.get(id);
    if (person && person.status === 'ACTIVE' && !found.has(id)) found.set(id, { personId: id, name: person.name, email: person.email });
  }
  return [...found.values()];
}

function personNamed(views: EvaluatedViews, text: string | null): Recipient[] {
  const person = views.people.match(text);
  return person ? [{ personId: person.id, name: person.name, email: person.email }] : [];
}

function teamsInScope(rule: AlertRuleState, views: EvaluatedViews): TeamState[] {
  return views.teams.list((team) => rule.team === null || team.key === rule.team);
}

const teamMembers = (views: EvaluatedViews, team: string): Recipient[] =>
  views.memberships.membersOf(team).map((id) => ({ personId: id, name: '', email: null }));

// ---- Reports: REPORT_LATE (hours after the deadline), REPORT_DUE (reminder, hours before it).

/** The weeks whose report deadline, shifted by `offsetHours`, has passed at `now`: this week's and last week's. */
function passedWeeks(ctx: Context, offsetHours: number): string[] {
  const thisWeek = weekIn(ctx.now, ctx.cadence.timeZone);
  return [shiftWeek(thisWeek, -1), thisWeek].filter((week) => deadlineAt(ctx, week).getTime() + offsetHours * HOUR <= ctx.now.getTime());
}

const deadlineAt = (ctx: Context, week: string): Date => deadlineOf(week, ctx.cadence.reportDeadline, ctx.cadence.timeZone);

const teamRef = (team: TeamState) => ({ kind: 'team', id: team.key, name: team.name });

function reportCleared(ctx: Context, team: string, week: string): Check {
  const report = ctx.views.allocation.reportOf(team, week);
  if (!report) return { holds: true };
  return {
    holds: false,
    evidence: { kind: 'allocation-report', id: report.id, position: report.createdPosition, summary: `${team} reported ${week} on ${report.createdAt}` },
    summary: `${team} reported ${week}`,
  };
}

const REPORT_LATE: RuleLogic = {
  findings(rule, ctx) {
    const hours = rule.hours ?? 0;
    return passedWeeks(ctx, hours).flatMap((week) => {
      const deadline = deadlineAt(ctx, week);
      return teamsInScope(rule, ctx.views)
        .filter((team) => team.createdAt < deadline.toISOString() && !ctx.views.allocation.reportOf(team.key, week))
        .map((team) => ({
          subject: teamRef(team),
          period: week,
          evidence: { kind: 'team', id: team.key, position: null, summary: `No allocation report for ${week}; it was due ${localTimeText(deadline, ctx.cadence.timeZone)}` },
          summary: `${team.name} has not reported allocation for ${week}: due ${localTimeText(deadline, ctx.cadence.timeZone)}${hours ? `, ${hours} h ago or more` : ''}`,
          responsible: teamMembers(ctx.views, team.key),
        }));
    });
  },
  check: (_rule, alert, ctx) => reportCleared(ctx, alert.raised!.subject.id, alert.raised!.period),
};

const REPORT_DUE: RuleLogic = {
  findings(rule, ctx) {
    const week = weekIn(ctx.now, ctx.cadence.timeZone);
    const deadline = deadlineAt(ctx, week);
    const from = deadline.getTime() - (rule.hours ?? 24) * HOUR;
    if (ctx.now.getTime() < from || ctx.now.getTime() >= deadline.getTime()) return [];
    return teamsInScope(rule, ctx.views)
      .filter((team) => !ctx.views.allocation.reportOf(team.key, week))
      .map((team) => ({
        subject: teamRef(team),
        period: week,
        evidence: { kind: 'team', id: team.key, position: null, summary: `No allocation report for ${week} yet` },
        summary: `${team.name}: the allocation report for ${week} is due ${localTimeText(deadline, ctx.cadence.timeZone)}`,
        responsible: teamMembers(ctx.views, team.key),
      }));
  },
  check(_rule, alert, ctx) {
    const cleared = reportCleared(ctx, alert.raised!.subject.id, alert.raised!.period);
    if (!cleared.holds) return cleared;
    if (deadlineAt(ctx, alert.raised!.period).getTime() <= ctx.now.getTime()) return { holds: false, evidence: null, summary: 'The deadline passed' };
    return { holds: true };
  },
};

// ---- Key results: a streak of standing check-ins that meet the rule's condition.

function keyResultsInScope(rule: AlertRuleState, views: EvaluatedViews): { keyResult: KeyResultState; objective: ObjectiveState }[] {
  return views.okrs
    .objectives({ status: 'ACTIVE', team: rule.team })
    .flatMap((objective) => views.okrs.keyResultsOf(objective.id).map((keyResult) => ({ keyResult, objective })));
}

const checkInEvidence = (checkIn: CheckIn, text: string): Evidence => ({ kind: 'check-in', id: checkInId(checkIn.keyResultId, checkIn.version), position: null, summary: text });

const describeCheckIn = (c: CheckIn) => `check-in for ${c.reportedFor}: ${c.status}, confidence ${c.confidence}, value ${c.value}`;

/** The check-in that began the current streak of standing check-ins meeting `trips`, if the latest does. */
function streakStart(keyResult: KeyResultState, trips: (c: CheckIn) => boolean): CheckIn | undefined {
  const series = checkInSeries(keyResult.checkIns);
  let start: CheckIn | undefined;
  for (let i = series.length - 1; i >= 0 && trips(series[i]!); i -= 1) start = series[i];
  return start;
}

const streakPeriod = (c: CheckIn) => `${weekOfDate(c.reportedFor)}/v${c.version}`;

function streakRule(label: string, trips: (rule: AlertRuleState) => (c: CheckIn) => boolean): RuleLogic {
  return {
    findings(rule, ctx) {
      return keyResultsInScope(rule, ctx.views).flatMap(({ keyResult, objective }) => {
        const start = streakStart(keyResult, trips(rule));
        if (!start) return [];
        return [
          {
            subject: { kind: 'key-result', id: keyResult.id, name: keyResult.title },
            period: streakPeriod(start),
            evidence: checkInEvidence(start, describeCheckIn(start)),
            summary: `"${keyResult.title}" (${objective.title}) is ${label}: ${describeCheckIn(start)}`,
            responsible: [...personNamed(ctx.views, keyResult.owner), ...personNamed(ctx.views, objective.owner)],
          },
        ];
      });
    },
    check(rule, alert, ctx) {
      const keyResult = ctx.views.okrs.keyResult(alert.raised!.subject.id);
      const objective = keyResult && ctx.views.okrs.objective(keyResult.objectiveId);
      if (!keyResult || objective?.status !== 'ACTIVE') return { holds: false, evidence: null, summary: 'Its objective is no longer active' };
      const start = streakStart(keyResult, trips(rule));
      if (start && streakPeriod(start) === alert.raised!.period) return { holds: true };
      const latest = checkInSeries(keyResult.checkIns).at(-1)!;
      return { holds: false, evidence: checkInEvidence(latest, describeCheckIn(latest)), summary: `"${keyResult.title}" is no longer ${label}: ${describeCheckIn(latest)}` };
    },
  };
}

// ---- CHECK_IN_LATE: no check-in reported for the key result's last due period, hours after the deadline.

function lastDueWeek(ctx: Context, hours: number): string | undefined {
  return passedWeeks(ctx, hours).at(-1);
}

function checkedInWithin(keyResult: KeyResultState, week: string, everyWeeks: number): CheckIn | undefined {
  const weeks = new Set(Array.from({ length: everyWeeks }, (_, i) => shiftWeek(week, -i)));
  return checkInSeries(keyResult.checkIns).find((c) => weeks.has(weekOfDate(c.reportedFor)));
}

const CHECK_IN_LATE: RuleLogic = {
  findings(rule, ctx) {
    const week = lastDueWeek(ctx, rule.hours ?? 0);
    if (!week) return [];
    const deadline = deadlineAt(ctx, week);
    const weekBefore = deadline.getTime() - 7 * 24 * HOUR;
    return keyResultsInScope(rule, ctx.views).flatMap(({ keyResult, objective }) => {
      const every = checkInEveryWeeksOf(ctx.cadence, keyResult.id);
      if (new Date(keyResult.createdAt).getTime() > weekBefore || checkedInWithin(keyResult, week, every)) return [];
      return [
        {
          subject: { kind: 'key-result', id: keyResult.id, name: keyResult.title },
          period: week,
          evidence: { kind: 'key-result', id: keyResult.id, position: null, summary: `No check-in for ${week} (every ${every} week(s)); due ${localTimeText(deadline, ctx.cadence.timeZone)}` },
          summary: `"${keyResult.title}" (${objective.title}) has no check-in for ${week}`,
          responsible: [...personNamed(ctx.views, keyResult.owner), ...personNamed(ctx.views, objective.owner)],
        },
      ];
    });
  },
  check(_rule, alert, ctx) {
    const keyResult = ctx.views.okrs.keyResult(alert.raised!.subject.id);
    if (!keyResult) return { holds: false, evidence: null, summary: 'The key result is gone' };
    const found = checkedInWithin(keyResult, alert.raised!.period, checkInEveryWeeksOf(ctx.cadence, keyResult.id));
    if (!found) return { holds: true };
    return { holds: false, evidence: checkInEvidence(found, describeCheckIn(found)), summary: `"${keyResult.title}" was checked in: ${describeCheckIn(found)}` };
  },
};

const LOGIC: Record<AlertRuleState['kind'], RuleLogic> = {
  REPORT_LATE,
  REPORT_DUE,
  CHECK_IN_LATE,
  KEY_RESULT_OFF_TRACK: streakRule('off track', () => (c) => c.status === 'OFF_TRACK'),
  KEY_RESULT_AT_RISK: streakRule('at risk', () => (c) => c.status !== 'ON_TRACK'),
  CONFIDENCE_BELOW: streakRule('below its confidence threshold', (rule) => (c) => c.confidence < (rule.threshold ?? 0.5)),
};

import { alertIdOf, type AlertState } from './alert.ts';
import type { AlertRaisedPayload, Evidence, Recipient } from './events.ts';
import type { AlertRuleState } from './rule.ts';
import { CADENCE_ID } from '../cadence/events.ts';
import { checkInEveryWeeksOf, initialCadenceState, type CadenceState } from '../cadence/cadence.ts';
import { dateIn, deadlineOf, localTimeText, shiftWeek, weekIn, weekOfDate } from '../cadence/calendar.ts';
import { checkInCovering, personOfActor, tradeoffsDue } from '../cadence/due-work.ts';
import { AllocationAnalysis } from '../allocation/allocation-analysis.ts';
import type { AllocationReportState } from '../allocation/allocation-report.ts';
import type { CategoryDrift } from '../allocation/breakdown.ts';
import { PRIORITY_LIST_ID } from '../priorities/events.ts';
import type { PriorityChange } from '../priorities/view.ts';
import { checkInId, checkInSeries, type CheckIn } from '../okrs/check-ins.ts';
import type { KeyResultState } from '../okrs/key-result.ts';
import type { ObjectiveState } from '../okrs/objective.ts';
import type { Views } from '../registry.ts';
import type { TeamState } from '../teams/team.ts';

/**
 * The alert evaluator: pure code over the read models and a clock. It says which alerts should be
 * raised (with the evidence that tripped them) and which open ones are resolved (with what cleared
 * them); the runner (api/alert-runner.ts) appends that difference. Each alert is for one
 * (rule, subject, period): an ISO week for reports and check-ins due, the check-in or report that
 * began a streak (key results, allocation drift), a tradeoff's revisit date, a priority change.
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

/** The read models the evaluator reads: nothing else can change what it finds, except the clock. */
const EVALUATED_VIEWS = ['teams', 'okrs', 'allocation', 'people', 'cadence', 'alertRules', 'alerts', 'memberships', 'tradeoffs', 'priorities', 'initiatives'] as const;

type EvaluatedViews = Pick<Views, (typeof EVALUATED_VIEWS)[number]>;

/**
 * The event types the evaluated views fold. An append of none of them (a decision, say) leaves
 * every finding as it was until time passes, which the scheduled run covers: evaluating after it
 * would find nothing new.
 */
export function alertingEventTypes(views: Views): ReadonlySet<string> {
  return new Set(EVALUATED_VIEWS.flatMap((name): readonly string[] => views[name].eventTypes));
}

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
  /** The calendar date of `now` in the cadence's time zone (revisit dates are such dates). */
  today: string;
  /** Built on first use: reports against their targets. */
  analysis: () => AllocationAnalysis;
}

const HOUR = 3_600_000;

export function cadenceOf(views: Pick<Views, 'cadence'>): CadenceState {
  return views.cadence.get(CADENCE_ID) ?? initialCadenceState();
}

export function evaluateAlerts(views: EvaluatedViews, now: Date): AlertDecisions {
  const cadence = cadenceOf(views);
  let analysis: AllocationAnalysis | undefined;
  const ctx: Context = { views, now, cadence, today: dateIn(now, cadence.timeZone), analysis: () => (analysis ??= new AllocationAnalysis(views.allocation, views.teams)) };
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

const keyResultRef = (keyResult: KeyResultState) => ({ kind: 'key-result', id: keyResult.id, name: keyResult.title });

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

/** This week and its deadline while `now` is within the rule's hours (default 24) before that deadline. */
function dueWindow(rule: AlertRuleState, ctx: Context): { week: string; deadline: Date } | null {
  const week = weekIn(ctx.now, ctx.cadence.timeZone);
  const deadline = deadlineAt(ctx, week);
  const from = deadline.getTime() - (rule.hours ?? 24) * HOUR;
  return ctx.now.getTime() >= from && ctx.now.getTime() < deadline.getTime() ? { week, deadline } : null;
}

/** A reminder holds until what it reminds of is in (`cleared`), or until the deadline passes (the LATE rules take over). */
function reminderCheck(cleared: Check, alert: AlertState, ctx: Context): Check {
  if (!cleared.holds) return cleared;
  if (deadlineAt(ctx, alert.raised!.period).getTime() <= ctx.now.getTime()) return { holds: false, evidence: null, summary: 'The deadline passed' };
  return { holds: true };
}

const REPORT_DUE: RuleLogic = {
  findings(rule, ctx) {
    const due = dueWindow(rule, ctx);
    if (!due) return [];
    const { week, deadline } = due;
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
  check: (_rule, alert, ctx) => reminderCheck(reportCleared(ctx, alert.raised!.subject.id, alert.raised!.period), alert, ctx),
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
            subject: keyResultRef(keyResult),
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

// ---- Check-ins: CHECK_IN_LATE (none for the last due week, hours after the deadline), CHECK_IN_DUE (reminder before it).

/** Key results in scope that owe a check-in for `week` (none covers it), defined a week or more before its deadline. */
function owingCheckIn(rule: AlertRuleState, ctx: Context, week: string): { keyResult: KeyResultState; objective: ObjectiveState; every: number }[] {
  const weekBefore = deadlineAt(ctx, week).getTime() - 7 * 24 * HOUR;
  return keyResultsInScope(rule, ctx.views).flatMap(({ keyResult, objective }) => {
    const every = checkInEveryWeeksOf(ctx.cadence, keyResult.id);
    if (new Date(keyResult.createdAt).getTime() > weekBefore || checkInCovering(keyResult, week, every)) return [];
    return [{ keyResult, objective, every }];
  });
}

function checkInCleared(alert: AlertState, ctx: Context): Check {
  const keyResult = ctx.views.okrs.keyResult(alert.raised!.subject.id);
  if (!keyResult) return { holds: false, evidence: null, summary: 'The key result is gone' };
  const found = checkInCovering(keyResult, alert.raised!.period, checkInEveryWeeksOf(ctx.cadence, keyResult.id));
  if (!found) return { holds: true };
  return { holds: false, evidence: checkInEvidence(found, describeCheckIn(found)), summary: `"${keyResult.title}" was checked in: ${describeCheckIn(found)}` };
}

const CHECK_IN_LATE: RuleLogic = {
  findings(rule, ctx) {
    const week = passedWeeks(ctx, rule.hours ?? 0).at(-1);
    if (!week) return [];
    const deadline = deadlineAt(ctx, week);
    return owingCheckIn(rule, ctx, week).map(({ keyResult, objective, every }) => ({
      subject: keyResultRef(keyResult),
      period: week,
      evidence: { kind: 'key-result', id: keyResult.id, position: null, summary: `No check-in for ${week} (every ${every} week(s)); due ${localTimeText(deadline, ctx.cadence.timeZone)}` },
      summary: `"${keyResult.title}" (${objective.title}) has no check-in for ${week}`,
      responsible: [...personNamed(ctx.views, keyResult.owner), ...personNamed(ctx.views, objective.owner)],
    }));
  },
  check: (_rule, alert, ctx) => checkInCleared(alert, ctx),
};

const CHECK_IN_DUE: RuleLogic = {
  findings(rule, ctx) {
    const due = dueWindow(rule, ctx);
    if (!due) return [];
    const { week, deadline } = due;
    return owingCheckIn(rule, ctx, week).map(({ keyResult, objective }) => ({
      subject: keyResultRef(keyResult),
      period: week,
      evidence: { kind: 'key-result', id: keyResult.id, position: null, summary: `No check-in for ${week} yet` },
      summary: `"${keyResult.title}" (${objective.title}): the check-in for ${week} is due ${localTimeText(deadline, ctx.cadence.timeZone)}`,
      responsible: [...personNamed(ctx.views, keyResult.owner), ...personNamed(ctx.views, objective.owner)],
    }));
  },
  check: (_rule, alert, ctx) => reminderCheck(checkInCleared(alert, ctx), alert, ctx),
};

// ---- ALLOCATION_DRIFT: a team's reported share of a category off its target by more than the tolerance, N reported weeks in a row.

interface DriftWeek {
  report: AllocationReportState;
  drift: CategoryDrift;
}

/** The category's drift in a report against the team's target in force that week (none when the target does not name it). */
function driftIn(rule: AlertRuleState, ctx: Context, report: AllocationReportState): CategoryDrift | undefined {
  return ctx.analysis().teamWeek(report.team, report.week, report).drift.find((d) => d.category.key === rule.category);
}

const isOff = (rule: AlertRuleState, drift: CategoryDrift | undefined): drift is CategoryDrift => !!drift && Math.abs(drift.drift) > (rule.tolerance ?? 0);

/** The run of consecutive weeks, up to the team's latest report, whose share is off: oldest first. */
function driftStreak(rule: AlertRuleState, ctx: Context, team: string): { streak: DriftWeek[]; latest: AllocationReportState | undefined } {
  const reports = ctx.views.allocation.reportsOf(team);
  const streak: DriftWeek[] = [];
  for (let i = reports.length - 1; i >= 0; i -= 1) {
    const report = reports[i]!;
    if (streak.length && report.week !== shiftWeek(streak[0]!.report.week, -1)) break;
    const drift = driftIn(rule, ctx, report);
    if (!isOff(rule, drift)) break;
    streak.unshift({ report, drift });
  }
  return { streak, latest: reports.at(-1) };
}

const describeDrift = (report: AllocationReportState, d: CategoryDrift) =>
  `${report.team} spent ${d.actual}% on ${d.category.name} in ${report.week} against a target of ${d.target}% (${d.drift > 0 ? '+' : ''}${d.drift} points)`;

const reportEvidence = (report: AllocationReportState, summary: string): Evidence => ({ kind: 'allocation-report', id: report.id, position: report.createdPosition, summary });

const ALLOCATION_DRIFT: RuleLogic = {
  findings(rule, ctx) {
    const weeks = rule.weeks ?? 1;
    return teamsInScope(rule, ctx.views).flatMap((team) => {
      const { streak } = driftStreak(rule, ctx, team.key);
      if (streak.length < weeks) return [];
      // The report that made the run `weeks` long is what tripped it.
      const tripped = streak[weeks - 1]!;
      return [
        {
          subject: teamRef(team),
          period: streak[0]!.report.week,
          evidence: reportEvidence(tripped.report, describeDrift(tripped.report, tripped.drift)),
          summary: `${team.name}: ${tripped.drift.category.name} is more than ${rule.tolerance} points off its target for ${weeks} reported week(s) in a row since ${streak[0]!.report.week}: ${describeDrift(tripped.report, tripped.drift)}`,
          responsible: teamMembers(ctx.views, team.key),
        },
      ];
    });
  },
  check(rule, alert, ctx) {
    const { streak, latest } = driftStreak(rule, ctx, alert.raised!.subject.id);
    if (streak.length >= (rule.weeks ?? 1) && streak[0]!.report.week === alert.raised!.period) return { holds: true };
    if (!latest) return { holds: false, evidence: null, summary: 'The team has no reports' };
    const drift = driftIn(rule, ctx, latest);
    const now = drift ? describeDrift(latest, drift) : `${latest.team}'s target in ${latest.week} does not name ${rule.category}`;
    return { holds: false, evidence: reportEvidence(latest, now), summary: `Within ${rule.tolerance} points of the target again: ${now}` };
  },
};

// ---- TRADEOFF_REVISIT_DUE: a tradeoff in effect whose revisit date has come (dueWork lists the same ones).

const TRADEOFF_REVISIT_DUE: RuleLogic = {
  findings(rule, ctx) {
    return tradeoffsDue(ctx.views, ctx.today, rule.team).map(({ tradeoff, responsible }) => ({
      subject: { kind: 'tradeoff', id: tradeoff.id, name: tradeoff.title },
      period: tradeoff.revisitBy!,
      evidence: { kind: 'tradeoff', id: tradeoff.id, position: null, summary: `To be revisited by ${tradeoff.revisitBy}; ${tradeoff.revisits.length ? `last revisited ${tradeoff.revisits.at(-1)!.revisitedAt}` : 'never revisited'}` },
      summary: `The tradeoff "${tradeoff.title}" (chose ${tradeoff.chose} over ${tradeoff.over}) was to be revisited by ${tradeoff.revisitBy}`,
      responsible: responsible.map((personId) => ({ personId, name: '', email: null })),
    }));
  },
  check(_rule, alert, ctx) {
    const tradeoff = ctx.views.tradeoffs.get(alert.raised!.subject.id);
    if (!tradeoff) return { holds: false, evidence: null, summary: 'The tradeoff is gone' };
    const revisit = tradeoff.revisits.at(-1);
    if (revisit && revisit.revisitedAt >= alert.raisedAt) {
      return {
        holds: false,
        evidence: { kind: 'tradeoff-revisit', id: `${tradeoff.id}:${revisit.version}`, position: null, summary: `${revisit.outcome} on ${revisit.revisitedAt} by ${revisit.revisitedBy.name}${revisit.reason ? `: ${revisit.reason}` : ''}` },
        summary: `"${tradeoff.title}" was revisited: ${revisit.outcome}`,
      };
    }
    if (tradeoff.revisitBy === alert.raised!.period && tradeoff.status === 'IN_EFFECT') return { holds: true };
    return {
      holds: false,
      evidence: { kind: 'tradeoff', id: tradeoff.id, position: null, summary: `Revisit date now ${tradeoff.revisitBy ?? 'none'} (version ${tradeoff.version})` },
      summary: `"${tradeoff.title}" is no longer due: its revisit date is ${tradeoff.revisitBy ?? 'removed'}`,
    };
  },
};

// ---- PRIORITY_CHANGED_WITHOUT_EVIDENCE: a change of the priority list with neither evidence nor evidence links.
// Resolved by a later change of the same initiative that carries evidence; an acknowledgement (the
// note says why) keeps it ACKNOWLEDGED, not resolved. Changes made before the rule was set are not judged.

const hasEvidence = (change: PriorityChange) => change.evidence.length > 0 || change.evidenceLinks.length > 0;

const changeEvidence = (change: PriorityChange, summary: string): Evidence => ({ kind: 'priority-change', id: `${PRIORITY_LIST_ID}:${change.listVersion}`, position: change.position, summary });

const describeChange = (change: PriorityChange) =>
  `${change.kind} ${change.fromRank ?? '-'} -> ${change.toRank ?? '-'} by ${change.actor.name} (list version ${change.listVersion})${change.reason ? `: "${change.reason}"` : ''}`;

/** The first change of the initiative after `position` that carries evidence. */
const evidencedAfter = (ctx: Context, initiativeId: string, position: number) =>
  ctx.views.priorities.changes({ initiativeId }).find((c) => c.position > position && hasEvidence(c));

/** Changes since the rule was set without evidence and with no later evidenced change of their initiative: one pass from the newest. */
function unevidencedSince(rule: AlertRuleState, ctx: Context): PriorityChange[] {
  const changes = ctx.views.priorities.allChanges();
  const evidencedLater = new Set<string>();
  const found: PriorityChange[] = [];
  for (let i = changes.length - 1; i >= 0 && changes.at(i)!.position > rule.createdPosition; i -= 1) {
    const change = changes.at(i)!;
    if (hasEvidence(change)) evidencedLater.add(change.initiativeId);
    else if (!evidencedLater.has(change.initiativeId)) found.push(change);
  }
  return found.reverse();
}

const PRIORITY_CHANGED_WITHOUT_EVIDENCE: RuleLogic = {
  findings(rule, ctx) {
    return unevidencedSince(rule, ctx).map((change) => {
      const initiative = ctx.views.initiatives.get(change.initiativeId);
      const name = initiative?.title ?? change.initiativeId;
      return {
        subject: { kind: 'initiative', id: change.initiativeId, name },
        period: `v${change.listVersion}`,
        evidence: changeEvidence(change, `${describeChange(change)}, with no evidence`),
        summary: `"${name}" changed priority without evidence: ${describeChange(change)}`,
        responsible: [
          ...personOfActor(ctx.views, change.actor).map((personId) => ({ personId, name: '', email: null })),
          ...personNamed(ctx.views, initiative?.owner ?? null),
        ],
      };
    });
  },
  check(_rule, alert, ctx) {
    const later = evidencedAfter(ctx, alert.raised!.subject.id, alert.raised!.evidence.position ?? 0);
    if (!later) return { holds: true };
    return { holds: false, evidence: changeEvidence(later, describeChange(later)), summary: `A later change of "${alert.raised!.subject.name}" carries evidence: ${describeChange(later)}` };
  },
};

const LOGIC: Record<AlertRuleState['kind'], RuleLogic> = {
  REPORT_LATE,
  REPORT_DUE,
  CHECK_IN_LATE,
  CHECK_IN_DUE,
  ALLOCATION_DRIFT,
  TRADEOFF_REVISIT_DUE,
  PRIORITY_CHANGED_WITHOUT_EVIDENCE,
  KEY_RESULT_OFF_TRACK: streakRule('off track', () => (c) => c.status === 'OFF_TRACK'),
  KEY_RESULT_AT_RISK: streakRule('at risk', () => (c) => c.status !== 'ON_TRACK'),
  CONFIDENCE_BELOW: streakRule('below its confidence threshold', (rule) => (c) => c.confidence < (rule.threshold ?? 0.5)),
};

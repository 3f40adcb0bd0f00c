import { checkInEveryWeeksOf, type CadenceState } from './cadence.ts';
import { dateIn, deadlineOf, shiftWeek, weekOfDate } from './calendar.ts';
import { checkInSeries, type CheckIn } from '../okrs/check-ins.ts';
import type { KeyResultState } from '../okrs/key-result.ts';
import type { ObjectiveState } from '../okrs/objective.ts';
import type { Views } from '../registry.ts';
import type { AllocationReportState } from '../allocation/allocation-report.ts';
import type { TeamState } from '../teams/team.ts';
import type { TradeoffState } from '../tradeoffs/tradeoff.ts';
import type { DecisionState } from '../decisions/decision.ts';
import type { RecordedEvent } from '../decider.ts';
import { personIdOf } from '../people/person.ts';

/** DONE: in. DUE: not in, the deadline is ahead. LATE: not in, the deadline passed this last week. MISSING: a week or more after it. */
export type DueStatus = 'DONE' | 'DUE' | 'LATE' | 'MISSING';

export interface DueCheckIn {
  keyResult: KeyResultState;
  objective: ObjectiveState;
  status: DueStatus;
  checkIn: CheckIn | null;
  /** Person ids: the key result's owner, else the objective's, as matched to people. */
  responsible: string[];
}

/** A tradeoff in effect whose revisit date has come. */
export interface DueTradeoff {
  tradeoff: TradeoffState;
  /** Whole days since its revisit date (0 on the day). */
  daysOverdue: number;
  /** Person ids: who noted it. */
  responsible: string[];
}

/** A decision PROPOSED for longer than the cadence's proposedDecisionMaxDays. */
export interface DueDecision {
  decision: DecisionState;
  /** When it was due to be accepted or rejected: recorded + proposedDecisionMaxDays. */
  dueAt: Date;
  /** Whole days it has been PROPOSED. */
  daysProposed: number;
  /** Person ids: its owner and its deciders, as matched to people. */
  responsible: string[];
}

export interface TeamDueWork {
  team: TeamState;
  week: string;
  deadline: Date;
  report: { status: DueStatus; report: AllocationReportState | null };
  /** Person ids: the team's members. */
  responsible: string[];
  checkIns: DueCheckIn[];
  /** Tradeoffs due for revisit that concern the team's records (its key results, its allocation targets). */
  tradeoffs: DueTradeoff[];
}

/** What has no team: every tradeoff due for revisit and every decision PROPOSED too long. */
export interface OrgDueWork {
  date: string;
  tradeoffs: DueTradeoff[];
  decisions: DueDecision[];
}

type DueViews = Pick<Views, 'teams' | 'okrs' | 'allocation' | 'people' | 'memberships' | 'tradeoffs' | 'decisions'>;

const DAY_MS = 24 * 3_600_000;
const WEEK_MS = 7 * DAY_MS;

function statusOf(done: boolean, deadline: Date, now: Date): DueStatus {
  if (done) return 'DONE';
  if (now.getTime() < deadline.getTime()) return 'DUE';
  return now.getTime() - deadline.getTime() < WEEK_MS ? 'LATE' : 'MISSING';
}

/** The check-in that covers `week` for a key result checked in every `everyWeeks` weeks: one reported for it or the weeks just before. */
export function checkInCovering(keyResult: KeyResultState, week: string, everyWeeks: number): CheckIn | undefined {
  const weeks = new Set(Array.from({ length: everyWeeks }, (_, i) => shiftWeek(week, -i)));
  return checkInSeries(keyResult.checkIns).find((c) => weeks.has(weekOfDate(c.reportedFor)));
}

/** The person a record's actor signed in as, if they are a person of the ledger. */
export const personOfActor = (views: Pick<Views, 'people'>, actor: RecordedEvent['actor'] | null): string[] =>
  actor && views.people.get(personIdOf(actor.id)) ? [personIdOf(actor.id)] : [];

/**
 * Whether a tradeoff concerns a team: it is related to one of the team's key results (through
 * their objective's owner team) or to one of its allocation targets. Tradeoffs have no team of
 * their own.
 */
export function concernsTeam(views: Pick<Views, 'okrs' | 'allocation'>, tradeoff: TradeoffState, team: string): boolean {
  return tradeoff.relatedTo.some((link) => {
    if (link.type === 'KeyResult') return views.okrs.objective(views.okrs.keyResult(link.id)?.objectiveId ?? '')?.ownerTeam === team;
    if (link.type === 'AllocationTarget') return views.allocation.target(link.id)?.team === team;
    return false;
  });
}

/** Tradeoffs due for revisit on `date` (ISO, the cadence's calendar), the most overdue first; only those concerning `team` when given. */
export function tradeoffsDue(views: Pick<Views, 'tradeoffs' | 'okrs' | 'allocation' | 'people'>, date: string, team?: string | null): DueTradeoff[] {
  return views.tradeoffs
    .dueForRevisit(date)
    .filter((t) => !team || concernsTeam(views, t, team))
    .map((tradeoff) => ({
      tradeoff,
      daysOverdue: Math.round((Date.parse(date) - Date.parse(tradeoff.revisitBy!)) / DAY_MS),
      responsible: personOfActor(views, tradeoff.createdBy),
    }));
}

/** Decisions PROPOSED for longer than the cadence allows at `now`, the longest first. */
export function decisionsOverdue(views: Pick<Views, 'decisions' | 'people'>, cadence: CadenceState, now: Date): DueDecision[] {
  const person = (text: string | null) => views.people.match(text)?.id;
  return views.decisions
    .byStatus(['PROPOSED'])
    .map((decision) => ({ decision, dueAt: new Date(Date.parse(decision.createdAt) + cadence.proposedDecisionMaxDays * DAY_MS) }))
    .filter(({ dueAt }) => dueAt.getTime() <= now.getTime())
    .map(({ decision, dueAt }) => ({
      decision,
      dueAt,
      daysProposed: Math.floor((now.getTime() - Date.parse(decision.createdAt)) / DAY_MS),
      responsible: [...new Set([decision.owner, ...decision.deciders].map(person).filter((id): id is string => !!id))],
    }));
}

/** What the organisation owes at `now` outside any team's week. */
export function orgDueWork(views: DueViews, cadence: CadenceState, now: Date): OrgDueWork {
  const date = dateIn(now, cadence.timeZone);
  return { date, tradeoffs: tradeoffsDue(views, date), decisions: decisionsOverdue(views, cadence, now) };
}

/** What each team owes for `week` at `now`: its allocation report, a check-in of each key result of its active objectives, its tradeoffs due. */
export function dueWork(views: DueViews, cadence: CadenceState, week: string, now: Date, team?: string | null): TeamDueWork[] {
  const deadline = deadlineOf(week, cadence.reportDeadline, cadence.timeZone);
  const person = (text: string | null) => views.people.match(text)?.id;
  const today = dateIn(now, cadence.timeZone);
  return views.teams
    .list((t) => !team || t.key === team)
    .map((t) => {
      const report = views.allocation.reportOf(t.key, week) ?? null;
      const checkIns = views.okrs.objectives({ status: 'ACTIVE', team: t.key }).flatMap((objective) =>
        views.okrs.keyResultsOf(objective.id).map((keyResult) => {
          const checkIn = checkInCovering(keyResult, week, checkInEveryWeeksOf(cadence, keyResult.id)) ?? null;
          const responsible = [person(keyResult.owner) ?? person(objective.owner)].filter((id): id is string => !!id);
          return { keyResult, objective, checkIn, status: statusOf(!!checkIn, deadline, now), responsible };
        }),
      );
      return {
        team: t,
        week,
        deadline,
        report: { status: statusOf(!!report, deadline, now), report },
        responsible: views.memberships.membersOf(t.key),
        checkIns,
        tradeoffs: tradeoffsDue(views, today, t.key),
      };
    });
}

import { checkInEveryWeeksOf, type CadenceState } from './cadence.ts';
import { deadlineOf, shiftWeek, weekOfDate } from './calendar.ts';
import { checkInSeries, type CheckIn } from '../okrs/check-ins.ts';
import type { KeyResultState } from '../okrs/key-result.ts';
import type { ObjectiveState } from '../okrs/objective.ts';
import type { Views } from '../registry.ts';
import type { AllocationReportState } from '../allocation/allocation-report.ts';
import type { TeamState } from '../teams/team.ts';

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

export interface TeamDueWork {
  team: TeamState;
  week: string;
  deadline: Date;
  report: { status: DueStatus; report: AllocationReportState | null };
  /** Person ids: the team's members. */
  responsible: string[];
  checkIns: DueCheckIn[];
}

const WEEK_MS = 7 * 24 * 3_600_000;

function statusOf(done: boolean, deadline: Date, now: Date): DueStatus {
  if (done) return 'DONE';
  if (now.getTime() < deadline.getTime()) return 'DUE';
  return now.getTime() - deadline.getTime() < WEEK_MS ? 'LATE' : 'MISSING';
}

/** What each team owes for `week` at `now`: its allocation report, and a check-in of each key result of its active objectives. */
export function dueWork(views: Pick<Views, 'teams' | 'okrs' | 'allocation' | 'people' | 'memberships'>, cadence: CadenceState, week: string, now: Date, team?: string | null): TeamDueWork[] {
  const deadline = deadlineOf(week, cadence.reportDeadline, cadence.timeZone);
  const person = (text: string | null) => views.people.match(text)?.id;
  return views.teams
    .list((t) => !team || t.key === team)
    .map((t) => {
      const report = views.allocation.reportOf(t.key, week) ?? null;
      const checkIns = views.okrs.objectives({ status: 'ACTIVE', team: t.key }).flatMap((objective) =>
        views.okrs.keyResultsOf(objective.id).map((keyResult) => {
          const every = checkInEveryWeeksOf(cadence, keyResult.id);
          const weeks = new Set(Array.from({ length: every }, (_, i) => shiftWeek(week, -i)));
          const checkIn = checkInSeries(keyResult.checkIns).find((c) => weeks.has(weekOfDate(c.reportedFor))) ?? null;
          const responsible = [person(keyResult.owner) ?? person(objective.owner)].filter((id): id is string => !!id);
          return { keyResult, objective, checkIn, status: statusOf(!!checkIn, deadline, now), responsible };
        }),
      );
      return { team: t, week, deadline, report: { status: statusOf(!!report, deadline, now), report }, responsible: views.memberships.membersOf(t.key), checkIns };
    });
}

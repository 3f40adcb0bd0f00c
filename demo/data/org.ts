/**
 * The demo organisation's people, team members, weekly cadence and alert rules, and the moments of
 * the story that concern them (a member moving team, a late report, an alert acknowledged).
 * Pure data: demo/seeder.ts turns it into GraphQL mutations. The alerts themselves are not data:
 * the ledger's evaluator raises and resolves them because the story's records trip them, at the
 * story's times (demo/seed-ledger.ts runs it).
 */
import type { PersonaKey, QuarterKey } from './people.ts';

export interface PersonSpec {
  /** The token subject they sign in with (the personas' ids). */
  subject: string;
  name: string;
  email: string;
  /** Other names free-text owners may use. */
  aliases?: string[];
}

/** The personas and some contributors. Owners written as names ("Marco Ruiz") read as these people. */
export const PEOPLE: readonly PersonSpec[] = [
  { subject: 'priya', name: 'Priya Raman', email: 'priya@example.org' },
  { subject: 'marco', name: 'Marco Ruiz', email: 'marco@example.org' },
  { subject: 'amara', name: 'Amara Okafor', email: 'amara@example.org' },
  { subject: 'jun', name: 'Jun Park', email: 'jun@example.org' },
  { subject: 'lucia', name: 'Lucía Fernández', email: 'lucia@example.org' },
  { subject: 'tom', name: 'Tom Becker', email: 'tom@example.org' },
  { subject: 'sana', name: 'Sana Iqbal', email: 'sana@example.org' },
  { subject: 'ben', name: 'Ben Adeyemi', email: 'ben@example.org' },
  { subject: 'mei', name: 'Mei Chen', email: 'mei@example.org', aliases: ['M. Chen'] },
];

/** Each team's members from the start of the story. */
export const MEMBERS: Readonly<Record<string, readonly string[]>> = {
  checkout: ['marco', 'lucia', 'tom'],
  insights: ['amara', 'sana'],
  platform: ['jun', 'ben', 'mei'],
};

/** A member moving team in a week of a quarter, with the reason kept in the log. */
export const MEMBERSHIP_CHANGES: readonly { quarter: QuarterKey; week: number; person: string; from: string; to: string; by: PersonaKey; reason: string }[] = [
  {
    quarter: 'previous',
    week: 7,
    person: 'tom',
    from: 'checkout',
    to: 'platform',
    by: 'priya',
    reason: 'Moves to Platform to build the shared payments SDK with the retry work he did on Checkout',
  },
];

/** The organisation's rhythm: allocation reports due Friday 17:00 London time. */
export const CADENCE = { timeZone: 'Europe/London', reportDeadline: { weekday: 'FRIDAY', time: '17:00' }, checkInEveryWeeks: 1 } as const;

export interface RuleSpec {
  key: string;
  by: PersonaKey;
  input: Record<string, unknown>;
}

/** The rules the story sets when the previous quarter is planned. */
export const RULES: readonly RuleSpec[] = [
  { key: 'report-late', by: 'priya', input: { name: 'Allocation report late', kind: 'REPORT_LATE', hours: 2, owner: 'priya', recipientPeople: ['priya'] } },
  { key: 'off-track', by: 'marco', input: { name: 'Checkout key result off track', kind: 'KEY_RESULT_OFF_TRACK', team: 'checkout', owner: 'marco', recipientTeams: ['checkout'] } },
  { key: 'low-confidence', by: 'amara', input: { name: 'Insights confidence below 0.5', kind: 'CONFIDENCE_BELOW', team: 'insights', threshold: 0.5, owner: 'amara' } },
  {
    key: 'incidents-drift',
    by: 'marco',
    input: { name: 'Checkout fire-fighting over plan', kind: 'ALLOCATION_DRIFT', team: 'checkout', category: 'incidents', tolerance: 10, weeks: 2, owner: 'marco', recipientPeople: ['priya'] },
  },
];

/** Reports that miss their week's deadline and arrive with a later week's. */
export const LATE_REPORTS: readonly { quarter: QuarterKey; team: string; week: number; arrives: number }[] = [{ quarter: 'previous', team: 'insights', week: 3, arrives: 4 }];

/** Alerts a person acknowledges with a note, in a week: the one the rule raised about the key result. */
export const ACKNOWLEDGEMENTS: readonly { quarter: QuarterKey; week: number; rule: string; keyResult: string; by: PersonaKey; note: string }[] = [
  {
    quarter: 'previous',
    week: 7,
    rule: 'off-track',
    keyResult: 'kr:failures',
    by: 'marco',
    note: 'Retry hardening is now rank 1; Lucía leads it, we expect the failure rate back under target within two weeks',
  },
];

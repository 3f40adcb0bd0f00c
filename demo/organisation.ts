import { ACKNOWLEDGEMENTS, CADENCE, LATE_REPORTS, MEMBERS, MEMBERSHIP_CHANGES, PEOPLE, RULES } from './data/org.ts';
import type { PersonaKey, Ref } from './data/people.ts';
import type { SeedQuarter, SeedWeek } from './calendar.ts';
import type { LABELS, Mutation } from './mutations.ts';
import type { Scheduler } from './scheduler.ts';
import { SeedError } from './seed-error.ts';

/** What the organisation's part of the seed needs from the seeder. */
export interface SeedActions {
  mutate(mutation: Mutation, by: PersonaKey, key: string, input: Record<string, unknown>, options?: { record?: Ref; counted?: keyof typeof LABELS }): Promise<unknown>;
  id(ref: Ref): string;
  query(by: PersonaKey, document: string, variables?: Record<string, unknown>): Promise<Record<string, any>>;
}

const ALERTS_OF_KEY_RESULT = `query($id: ID!) { node(id: $id) { ... on KeyResult { alerts { edges { node { id status acknowledgedBy { id } rule { id } } } } } } }`;

interface AlertSeen {
  id: string;
  status: string;
  acknowledgedBy: { id: string } | null;
  rule: { id: string } | null;
}

/**
 * The demo's people, team members, cadence and alert rules (demo/data/org.ts), scheduled on the
 * seeder's phases: defined when the first quarter is planned, then each week's membership changes
 * and acknowledgements, and which week's phase each allocation report arrives in.
 */
export class OrganisationSeed {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly seed: SeedActions,
  ) {}

  /** In the planning phase of the first quarter: people, then members of the teams, the cadence and the rules. */
  start(): void {
    for (const person of PEOPLE) {
      const ref = `person:${person.subject}`;
      this.scheduler.add({ streams: ['people', ref], makes: [ref] }, () =>
        this.seed.mutate('definePerson', 'priya', ref, { subject: person.subject, name: person.name, email: person.email, aliases: person.aliases ?? [] }),
      );
    }
    for (const [team, members] of Object.entries(MEMBERS)) {
      for (const person of members) this.member('addTeamMember', team, person, `Member of ${team} from the start`, 'priya');
    }
    this.scheduler.add({ streams: ['cadence'], makes: ['cadence'] }, () => this.seed.mutate('setCadence', 'priya', 'cadence', { ...CADENCE }));
    for (const rule of RULES) {
      const ref = `rule:${rule.key}`;
      const team = rule.input.team as string | undefined;
      const people = [rule.input.owner, ...((rule.input.recipientPeople as string[] | undefined) ?? [])].filter((p): p is string => !!p);
      const needs = [...(team ? [`team:${team}`] : []), ...((rule.input.recipientTeams as string[] | undefined) ?? []).map((t) => `team:${t}`), ...people.map((p) => `person:${p}`)];
      this.scheduler.add({ streams: ['rules', ref], needs, makes: [ref] }, () => this.seed.mutate('setAlertRule', rule.by, ref, rule.input));
    }
  }

  /** In the phase of a week: members who move team, and alerts acknowledged with a note. */
  week(quarter: SeedQuarter, week: number): void {
    for (const change of MEMBERSHIP_CHANGES.filter((c) => c.quarter === quarter.key && c.week === week)) {
      this.member('removeTeamMember', change.from, change.person, change.reason, change.by);
      this.member('addTeamMember', change.to, change.person, change.reason, change.by);
    }
    for (const [i, ack] of ACKNOWLEDGEMENTS.filter((a) => a.quarter === quarter.key && a.week === week).entries()) {
      const ref = `ack:${quarter.key}:${week}:${i}`;
      this.scheduler.add({ streams: [ref], needs: [ack.keyResult, `rule:${ack.rule}`] }, async () => {
        const data = await this.seed.query(ack.by, ALERTS_OF_KEY_RESULT, { id: this.seed.id(ack.keyResult) });
        const rule = this.seed.id(`rule:${ack.rule}`);
        const ofRule = ((data.node?.alerts.edges ?? []) as { node: AlertSeen }[]).map((e) => e.node).filter((a) => a.rule?.id === rule);
        // The one open now; on a re-run (everything resolved since), the one this person acknowledged, which the idempotency key replays.
        const alert = ofRule.find((a) => a.status === 'OPEN') ?? ofRule.find((a) => a.acknowledgedBy?.id === ack.by);
        if (!alert) throw new SeedError(`The story acknowledges the alert of ${ack.rule} about ${ack.keyResult} in week ${week}, but the evaluator raised none`);
        await this.seed.mutate('acknowledgeAlert', ack.by, ref, { id: alert.id, note: ack.note });
      });
    }
  }

  /** The weeks whose allocation report a team sends in `week`'s phase: its own unless late, and the late ones arriving then. */
  reportsArriving(quarter: SeedQuarter, team: string, week: number): SeedWeek[] {
    const late = LATE_REPORTS.filter((l) => l.quarter === quarter.key && l.team === team);
    const arriving = late.filter((l) => l.arrives === week).map((l) => l.week);
    const own = late.some((l) => l.week === week) ? [] : [week];
    return [...arriving, ...own].map((w) => quarter.weeks[w - 1]!);
  }

  private member(mutation: 'addTeamMember' | 'removeTeamMember', team: string, person: string, reason: string, by: PersonaKey): void {
    const ref = `${mutation}:${team}:${person}`;
    this.scheduler.add({ streams: [`members:${team}`], needs: [`team:${team}`, `person:${person}`] }, () =>
      this.seed.mutate(mutation, by, ref, { team, person, reason }, { record: `members:${team}` }),
    );
  }
}

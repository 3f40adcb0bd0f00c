import { describe, expect, it } from 'vitest';
import { alerts } from '../../domain/alerts/alert.ts';
import { evaluateAlerts, type AlertDecisions } from '../../domain/alerts/evaluator.ts';
import type { AlertRuleContent } from '../../domain/alerts/events.ts';
import { LEDGER_ACTOR } from '../../domain/alerts/ledger-actor.ts';
import { alertRules, NO_THRESHOLDS } from '../../domain/alerts/rule.ts';
import { allocationReports } from '../../domain/allocation/allocation-report.ts';
import { allocationTargets } from '../../domain/allocation/allocation-target.ts';
import type { AnyEvent, RecordedEvent, RecordKind, RecordState } from '../../domain/decider.ts';
import { initiatives } from '../../domain/initiatives/initiative.ts';
import { people } from '../../domain/people/person.ts';
import { PRIORITY_LIST_ID } from '../../domain/priorities/events.ts';
import { priorityList } from '../../domain/priorities/priority-list.ts';
import { createViews } from '../../domain/registry.ts';
import { teams, type TeamState } from '../../domain/teams/team.ts';
import { tradeoffs } from '../../domain/tradeoffs/tradeoff.ts';
import { recorded, TEST_ACTOR } from '../support/decider-spec.ts';

/**
 * The evaluator's new kinds, given/when/then over the read models: given the records (made by each
 * kind's own decider, at the times given), when the evaluator runs at an instant, then these
 * alerts are raised (with the evidence that tripped them) or resolved (citing what cleared them).
 * Raised alerts are applied to the views as the runner would append them, so a second run sees them.
 */

const LEAD: Actor = { id: 'lena', name: 'Lena Lead', kind: 'HUMAN' };
type Actor = RecordedEvent['actor'];

class World {
  readonly views = createViews();
  private position = 0;
  private readonly states = new Map<string, RecordState>();
  /** The instant the next records are recorded at. */
  at = '2026-06-01T09:00:00.000Z';

  record<C, S extends RecordState, E extends AnyEvent>(kind: RecordKind<C, S, E>, id: string, command: C | ((state: S) => C), actor: Actor = LEAD): S {
    const key = `${kind.stream}/${id}`;
    let state = (this.states.get(key) as S | undefined) ?? kind.decider.initialState(id);
    const decided = kind.decider.decide(typeof command === 'function' ? (command as (s: S) => C)(state) : command, state);
    if (!decided.ok) throw new Error(`refused: ${JSON.stringify(decided.errors)}`);
    for (const event of decided.events) {
      this.position += 1;
      const r: RecordedEvent = recorded(event as AnyEvent, { stream: { kind: kind.stream, id }, version: state.version + 1, position: this.position, recordedAt: this.at, actor });
      state = kind.decider.evolve(state, r as RecordedEvent<E>);
      for (const view of Object.values(this.views) as { eventTypes: readonly string[]; apply(e: RecordedEvent): void }[]) if (view.eventTypes.includes(r.type)) view.apply(r);
    }
    this.states.set(key, state);
    return state;
  }

  /** When: the evaluator at `instant`; what it decides is appended as the runner does. */
  evaluate(instant: string): AlertDecisions {
    this.at = instant;
    const decisions = evaluateAlerts(this.views, new Date(instant));
    for (const { id, alert } of decisions.raise) this.record(alerts, id, { type: 'RaiseAlert', alert }, LEDGER_ACTOR);
    for (const { id, evidence, summary } of decisions.resolve) this.record(alerts, id, { type: 'ResolveAlert', evidence, summary }, LEDGER_ACTOR);
    return decisions;
  }

  rule(id: string, rule: Partial<AlertRuleContent> & Pick<AlertRuleContent, 'kind'>) {
    const content: AlertRuleContent = { name: id, team: null, ...NO_THRESHOLDS, owner: null, recipients: { people: [], teams: [] }, ...rule };
    return this.record(alertRules, id, { type: 'SetAlertRule', rule: content, create: true });
  }

  team(key: string): TeamState {
    return this.record(teams, key, { type: 'DefineTeam', data: { name: key[0]!.toUpperCase() + key.slice(1), kind: 'PRODUCT', headcount: 5 }, effectiveWeek: '2026-W20' });
  }

  person(subject: string, name: string) {
    return this.record(people, subject, { type: 'DefinePerson', profile: { subject, name, email: `${subject}@example.org`, aliases: [] } });
  }
}

describe('ALLOCATION_DRIFT: a category off its target by more than the tolerance, N reported weeks in a row', () => {
  /** Checkout with a 10% (±5) incidents target and a two-week drift rule, and these weeks reported (week, percent on incidents). */
  const given = (...reported: [week: string, incidents: number][]) => {
    const world = new World();
    const checkout = world.team('checkout');
    world.record(allocationTargets, 't1', { type: 'SetAllocationTarget', team: checkout, fromWeek: '2026-W20', entries: [{ category: 'incidents', percent: 10, tolerance: 5 }], taxonomyVersion: 1, decision: null });
    world.rule('drift', { kind: 'ALLOCATION_DRIFT', team: 'checkout', category: 'incidents', tolerance: 10, weeks: 2 });
    const report = (week: string, incidents: number) =>
      world.record(allocationReports, `checkout.${week}`, (state) => ({
        type: 'ReportAllocation' as const,
        team: checkout,
        week,
        entries: [{ category: 'incidents', percent: incidents }, { category: 'new-features', percent: 100 - incidents }],
        taxonomyVersion: 1,
        reason: state.version ? 'corrected' : null,
      }));
    for (const [week, incidents] of reported) report(week, incidents);
    return { world, report };
  };

  it('given one week off, when evaluated, then nothing: it needs two in a row', () => {
    // W23 is 5 points off: within the rule's 10.
    const { world } = given(['2026-W23', 15], ['2026-W24', 30]);
    expect(world.evaluate('2026-06-15T09:00:00Z')).toEqual({ raise: [], resolve: [] });
  });

  it('given two weeks off in a row, then raised once for the week the run began, citing the report that made it two', () => {
    const { world, report } = given(['2026-W23', 15], ['2026-W24', 30]);
    const tripping = report('2026-W25', 35);
    const { raise } = world.evaluate('2026-06-22T09:00:00Z');
    expect(raise).toHaveLength(1);
    expect(raise[0]!.alert).toMatchObject({
      kind: 'ALLOCATION_DRIFT',
      subject: { kind: 'team', id: 'checkout' },
      period: '2026-W24',
      evidence: { kind: 'allocation-report', id: 'checkout.2026-W25', position: tripping.createdPosition },
    });
    expect(raise[0]!.alert.evidence.summary).toMatch(/35% on Incidents in 2026-W25 against a target of 10% \(\+25 points\)/);
    // A third week off is the same run: nothing new.
    report('2026-W26', 40);
    expect(world.evaluate('2026-06-29T09:00:00Z')).toEqual({ raise: [], resolve: [] });
  });

  it('given the run broken by a week within tolerance, then resolved citing that report; a missing week also breaks a run', () => {
    const { world, report } = given(['2026-W24', 30], ['2026-W25', 35]);
    expect(world.evaluate('2026-06-22T09:00:00Z').raise).toHaveLength(1);
    const back = report('2026-W26', 12);
    const { resolve } = world.evaluate('2026-06-29T09:00:00Z');
    expect(resolve).toEqual([
      expect.objectContaining({ evidence: expect.objectContaining({ kind: 'allocation-report', id: 'checkout.2026-W26', position: back.createdPosition }), summary: expect.stringMatching(/^Within 10 points of the target again/) }),
    ]);
    report('2026-W27', 30);
    report('2026-W29', 30); // W28 not reported: not two weeks in a row
    expect(world.evaluate('2026-07-20T09:00:00Z')).toEqual({ raise: [], resolve: [] });
  });
});

describe('TRADEOFF_REVISIT_DUE: a tradeoff whose revisit date has come and that was not revisited', () => {
  const given = (ruleTeam: string | null) => {
    const world = new World();
    world.person('lena', 'Lena Lead');
    const checkout = world.team('checkout');
    world.team('insights');
    const target = world.record(allocationTargets, 't1', { type: 'SetAllocationTarget', team: checkout, fromWeek: '2026-W20', entries: [{ category: 'incidents', percent: 10, tolerance: 5 }], taxonomyVersion: 1, decision: null });
    world.record(tradeoffs, 'tr1', {
      type: 'NoteTradeoff',
      data: { title: 'Fewer incidents', chose: 'reliability', over: 'features', rationale: 'Outages', relatedTo: [{ type: 'AllocationTarget', id: target.id }], revisitBy: '2026-06-10' },
    });
    world.rule('revisit', { kind: 'TRADEOFF_REVISIT_DUE', team: ruleTeam });
    return world;
  };

  it('given the day before its date, then nothing; given its date, then raised for that date to who noted it', () => {
    const world = given(null);
    expect(world.evaluate('2026-06-09T20:00:00Z').raise).toEqual([]);
    const { raise } = world.evaluate('2026-06-10T08:00:00Z');
    expect(raise.map((r) => r.alert)).toEqual([
      expect.objectContaining({
        kind: 'TRADEOFF_REVISIT_DUE',
        subject: { kind: 'tradeoff', id: 'tr1', name: 'Fewer incidents' },
        period: '2026-06-10',
        evidence: expect.objectContaining({ kind: 'tradeoff', id: 'tr1', summary: 'To be revisited by 2026-06-10; never revisited' }),
        recipients: [{ personId: 'lena', name: 'Lena Lead', email: 'lena@example.org' }],
      }),
    ]);
  });

  it('given a revisit, then resolved citing it; the next revisit date is a new period', () => {
    const world = given(null);
    world.evaluate('2026-06-10T08:00:00Z');
    world.at = '2026-06-11T10:00:00.000Z';
    world.record(tradeoffs, 'tr1', { type: 'RevisitTradeoff', outcome: 'UPHELD', nextRevisitBy: '2026-09-01' });
    const { resolve, raise } = world.evaluate('2026-06-11T11:00:00Z');
    expect(raise).toEqual([]);
    expect(resolve).toEqual([expect.objectContaining({ evidence: expect.objectContaining({ kind: 'tradeoff-revisit', id: 'tr1:2' }), summary: '"Fewer incidents" was revisited: UPHELD' })]);
    expect(world.evaluate('2026-09-01T06:00:00Z').raise.map((r) => r.alert.period)).toEqual(['2026-09-01']);
  });

  it("given a team's rule, then only tradeoffs that concern the team's records", () => {
    expect(given('checkout').evaluate('2026-06-10T08:00:00Z').raise).toHaveLength(1);
    expect(given('insights').evaluate('2026-06-10T08:00:00Z').raise).toHaveLength(0);
  });
});

describe('PRIORITY_CHANGED_WITHOUT_EVIDENCE: a priority change with neither evidence nor evidence links', () => {
  const given = () => {
    const world = new World();
    world.person('lena', 'Lena Lead');
    const make = (id: string) => world.record(initiatives, id, { type: 'CreateInitiative', data: { title: `Initiative ${id}`, description: null, owner: 'Lena Lead', kind: 'INNOVATION', status: 'ACTIVE' } });
    const [a, b] = [make('a'), make('b')];
    const rank = (initiative: typeof a, toRank: number, evidence: { type: string; id: string }[] = []) =>
      world.record(priorityList, PRIORITY_LIST_ID, { type: 'Reprioritize', initiative, toRank, evidence });
    return { world, a, b, rank };
  };

  it('given changes before the rule, then they are not judged; given one after it without evidence, then raised with the change as evidence', () => {
    const { world, a, b, rank } = given();
    rank(a, 1);
    world.rule('evidence', { kind: 'PRIORITY_CHANGED_WITHOUT_EVIDENCE' });
    rank(b, 1, [{ type: 'Decision', id: 'd1' }]);
    const list = rank(a, 1);
    const { raise } = world.evaluate('2026-06-02T09:00:00Z');
    expect(raise.map((r) => r.alert)).toEqual([
      expect.objectContaining({
        subject: { kind: 'initiative', id: 'a', name: 'Initiative a' },
        period: `v${list.version}`,
        evidence: expect.objectContaining({ kind: 'priority-change', id: `org:${list.version}` }),
        recipients: [{ personId: 'lena', name: 'Lena Lead', email: 'lena@example.org' }],
      }),
    ]);
    expect(raise[0]!.alert.evidence.summary).toMatch(/MOVED_UP 2 -> 1 by Lena Lead .* with no evidence/);
  });

  it('given a later change of the same initiative with evidence, then resolved citing that change', () => {
    const { world, a, b, rank } = given();
    world.rule('evidence', { kind: 'PRIORITY_CHANGED_WITHOUT_EVIDENCE' });
    rank(a, 1);
    rank(b, 1);
    expect(world.evaluate('2026-06-02T09:00:00Z').raise).toHaveLength(2);
    const list = rank(a, 1, [{ type: 'Decision', id: 'd1' }]);
    const { resolve } = world.evaluate('2026-06-03T09:00:00Z');
    expect(resolve).toEqual([expect.objectContaining({ evidence: expect.objectContaining({ kind: 'priority-change', id: `org:${list.version}` }) })]);
    expect(world.views.alerts.list((x) => x.status !== 'RESOLVED').map((x) => x.raised!.subject.id)).toEqual(['b']);
  });
});

describe('a disabled rule', () => {
  it('given its open alerts, then they are resolved when it is disabled', () => {
    const world = new World();
    world.rule('evidence', { kind: 'PRIORITY_CHANGED_WITHOUT_EVIDENCE' });
    const a = world.record(initiatives, 'a', { type: 'CreateInitiative', data: { title: 'A', description: null, owner: 'x', kind: 'INNOVATION', status: 'ACTIVE' } });
    world.record(priorityList, PRIORITY_LIST_ID, { type: 'Reprioritize', initiative: a, toRank: 1, evidence: [] }, TEST_ACTOR);
    world.evaluate('2026-06-02T09:00:00Z');
    world.record(alertRules, 'evidence', { type: 'DisableAlertRule' });
    expect(world.evaluate('2026-06-03T09:00:00Z').resolve).toEqual([expect.objectContaining({ summary: 'The rule "evidence" was disabled' })]);
  });
});

import { describe, expect, it } from 'vitest';
import { headcountAt, initialTeamState, kindAt, teamDecider, teamSince, type TeamCommand, type TeamContent } from '../../domain/teams/team.ts';
import { DefineTeamInput, ReviseTeamInput } from '../../domain/teams/inputs.ts';
import { TeamsView } from '../../domain/teams/view.ts';
import { TEAM_STREAM, type TeamEvent } from '../../domain/teams/events.ts';
import { deciderSpec, recordedAtOf, toRecorded } from '../support/decider-spec.ts';

const KEY = 'payments';
const stream = { kind: TEAM_STREAM, id: KEY };
const spec = deciderSpec(teamDecider, () => initialTeamState(KEY), { stream });

// `given` records its events in 2025-W01 (see recordedAtOf), so that is their default effective week.
const RECORDED_WEEK = '2025-W01';

const content: TeamContent = { name: 'Payments', kind: 'PRODUCT', headcount: 6 };
const defined = (over: Partial<TeamContent> = {}, effectiveWeek: string | null = null): TeamEvent => ({
  type: 'TeamDefined',
  payload: { ...content, ...over, effectiveWeek },
});
const revised = (changes: Partial<TeamContent>, effectiveWeek: string | null = null): TeamEvent => ({
  type: 'TeamRevised',
  payload: { changes, effectiveWeek },
});
const define = (data: TeamContent = content, effectiveWeek: string | null = null): TeamCommand => ({ type: 'DefineTeam', data, effectiveWeek });
const revise = (changes: Partial<TeamContent>, effectiveWeek: string | null = null): TeamCommand => ({ type: 'ReviseTeam', changes, effectiveWeek });

describe('DefineTeam', () => {
  it('defines a new team', () => {
    spec.given().when(define()).then([defined()]);
  });

  it('keeps the week from which the team exists', () => {
    spec.given().when(define(content, '2026-W40')).then([defined({}, '2026-W40')]);
  });

  it('refuses a key another team has', () => {
    spec.given([defined()]).when(define({ ...content, name: 'Other' })).thenFails({ code: 'INVALID_INPUT', field: ['key'], message: /a team with key "payments" exists/i });
  });
});

describe('ReviseTeam', () => {
  it('refuses a team that does not exist', () => {
    spec.given().when(revise({ name: 'X' })).thenFails({ code: 'NOT_FOUND', field: ['id'] });
  });

  it('records only the fields that change', () => {
    spec.given([defined()]).when(revise({ name: 'Payments & Billing', kind: 'PRODUCT', headcount: 6 })).then([revised({ name: 'Payments & Billing' })]);
  });

  it('records a headcount change with the week it takes effect', () => {
    spec.given([defined()]).when(revise({ headcount: 8 }, '2025-W10')).then([revised({ headcount: 8 }, '2025-W10')]);
  });

  it('refuses a revision that changes nothing', () => {
    spec.given([defined()]).when(revise({ name: 'Payments', headcount: 6 })).thenFails({ code: 'INVALID_INPUT', field: [], message: /changes nothing/ });
  });

  it('compares a dated change with what was in force that week, not with the latest', () => {
    const history = [defined({ headcount: 6 }, '2025-W01'), revised({ headcount: 9 }, '2025-W20')];
    spec.given(history).when(revise({ headcount: 6 }, '2025-W10')).thenFails({ code: 'INVALID_INPUT', message: /changes nothing/ });
    spec.given(history).when(revise({ headcount: 9 }, '2025-W10')).then([revised({ headcount: 9 }, '2025-W10')]);
  });

  it('accepts a headcount dated before the team existed (backfill)', () => {
    spec.given([defined({}, '2025-W10')]).when(revise({ headcount: 6 }, '2025-W02')).then([revised({ headcount: 6 }, '2025-W02')]);
  });

  it('refuses an effective week on a revision that changes neither kind nor headcount', () => {
    spec
      .given([defined()])
      .when(revise({ name: 'Billing' }, '2025-W10'))
      .thenFails({ code: 'INVALID_INPUT', field: ['effectiveWeek'], message: /kind or headcount/ });
  });
});

describe('the team state', () => {
  it('starts with the defining event, in the week it was recorded by default', () => {
    const team = spec.stateAfter([defined()]);
    expect(team).toMatchObject({ key: KEY, version: 1, ...content, createdAt: recordedAtOf(1), createdPosition: 1 });
    expect(teamSince(team)).toBe(RECORDED_WEEK);
  });

  it('keeps headcount and kind over time, in force from their effective weeks', () => {
    const team = spec.stateAfter([
      defined({ headcount: 5 }, '2026-W01'),
      revised({ headcount: 8 }, '2026-W10'),
      revised({ kind: 'PLATFORM' }, '2026-W20'),
      revised({ headcount: 7 }, '2026-W05'), // recorded later, dated earlier
    ]);
    expect([headcountAt(team, '2025-W52'), headcountAt(team, '2026-W04'), headcountAt(team, '2026-W05'), headcountAt(team, '2026-W30')]).toEqual([
      undefined,
      5,
      7,
      8,
    ]);
    expect([kindAt(team, '2025-W52'), kindAt(team, '2026-W19'), kindAt(team, '2026-W20')]).toEqual([undefined, 'PRODUCT', 'PLATFORM']);
    expect(team).toMatchObject({ headcount: 8, kind: 'PLATFORM', version: 4 });
    expect(teamSince(team)).toBe('2026-W01');
  });

  it('renames without touching the history of headcounts', () => {
    const team = spec.stateAfter([defined(), revised({ name: 'Billing' })]);
    expect(team.name).toBe('Billing');
    expect(team.headcounts).toHaveLength(1);
  });
});

describe('TeamsView', () => {
  it('folds team events by key, lists in definition order and by kind', () => {
    const view = new TeamsView();
    const events = [
      ...toRecorded([defined()], { stream, firstPosition: 1 }),
      ...toRecorded([defined({ name: 'Platform', kind: 'PLATFORM' })], { stream: { kind: TEAM_STREAM, id: 'platform' }, firstPosition: 2 }),
    ];
    for (const event of events) view.apply(event);
    view.apply({ ...toRecorded([revised({ headcount: 9 })], { stream, firstPosition: 4 })[0]!, version: 2 });
    expect(view.list().map((t) => t.key)).toEqual(['payments', 'platform']);
    expect(view.ofKinds(['PLATFORM']).map((t) => t.key)).toEqual(['platform']);
    expect(view.get(KEY)).toMatchObject({ headcount: 9, version: 2 });
  });
});

describe('team inputs', () => {
  const valid = { key: 'payments', name: 'Payments', kind: 'PRODUCT', headcount: 6 };

  it('accepts a lowercase slug and defaults the effective week to null', () => {
    expect(DefineTeamInput.parse(valid)).toMatchObject({ ...valid, effectiveWeek: null });
  });

  it.each(['Payments', 'p', '1team', 'pay_ments', 'a'.repeat(41)])('refuses the key "%s"', (key) => {
    expect(DefineTeamInput.safeParse({ ...valid, key }).error?.issues[0]?.path).toEqual(['key']);
  });

  it.each([-1, 2.5])('refuses the headcount %d', (headcount) => {
    expect(DefineTeamInput.safeParse({ ...valid, headcount }).error?.issues[0]?.path).toEqual(['headcount']);
  });

  it('refuses an effective week that does not exist', () => {
    expect(DefineTeamInput.safeParse({ ...valid, effectiveWeek: '2025-W53' }).error?.issues[0]?.path).toEqual(['effectiveWeek']);
  });

  it('on revision, null leaves a field as it is and a reason is required', () => {
    const change = { id: 'x', expectedVersion: 1, reason: 'Grew', name: null, kind: null, headcount: 7 };
    expect(ReviseTeamInput.parse(change)).toMatchObject({ name: undefined, kind: undefined, headcount: 7, effectiveWeek: null });
    expect(ReviseTeamInput.safeParse({ ...change, reason: ' ' }).error?.issues[0]?.path).toEqual(['reason']);
  });
});

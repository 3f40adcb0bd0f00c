import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCE, SetAllocationTargetInput } from '../../domain/allocation/inputs.ts';
import {
  allocationTargetDecider,
  initialAllocationTargetState,
  type AllocationTargetCommand,
} from '../../domain/allocation/allocation-target.ts';
import { TAXONOMY_VERSION } from '../../domain/allocation/taxonomy.ts';
import { initialTeamState, teamDecider } from '../../domain/teams/team.ts';
import { ALLOCATION_TARGET_STREAM, type AllocationTargetEvent, type TargetEntry } from '../../domain/allocation/events.ts';
import { TEAM_STREAM } from '../../domain/teams/events.ts';
import { deciderSpec, recordedAtOf } from '../support/decider-spec.ts';

const ID = 't-1';
const spec = deciderSpec(allocationTargetDecider, () => initialAllocationTargetState(ID), { stream: { kind: ALLOCATION_TARGET_STREAM, id: ID } });
const team = deciderSpec(teamDecider, () => initialTeamState('payments'), { stream: { kind: TEAM_STREAM, id: 'payments' } }).stateAfter([
  { type: 'TeamDefined', payload: { name: 'Payments', kind: 'PRODUCT', headcount: 6, effectiveWeek: null } },
]);

const entries: TargetEntry[] = [
  { category: 'new-features', percent: 40, tolerance: 5 },
  { category: 'tech-debt', percent: 20, tolerance: 10 },
];

const set = (over: Partial<AllocationTargetCommand> = {}): AllocationTargetCommand => ({
  type: 'SetAllocationTarget',
  team,
  fromWeek: '2026-W40',
  entries,
  taxonomyVersion: TAXONOMY_VERSION,
  decision: null,
  ...over,
});
const targetSet = (over: Partial<AllocationTargetEvent['payload']> = {}): AllocationTargetEvent => ({
  type: 'AllocationTargetSet',
  payload: { team: 'payments', fromWeek: '2026-W40', taxonomyVersion: TAXONOMY_VERSION, entries, decision: null, ...over },
});

describe('SetAllocationTarget', () => {
  it('sets a team target with only the categories it cares about', () => {
    spec.given().when(set()).then([targetSet()]);
  });

  it('sets an org-wide target, linked to a decision', () => {
    spec.given().when(set({ team: null, decision: 'd-1' })).then([targetSet({ team: null, decision: 'd-1' })]);
  });

  it('refuses a team that does not exist', () => {
    spec.given().when(set({ team: initialTeamState('nope') })).thenFails({ code: 'NOT_FOUND', field: ['team'] });
  });

  it('refuses unknown and repeated categories', () => {
    const bad = [...entries, { category: 'golf', percent: 1, tolerance: 1 }, { category: 'tech-debt', percent: 1, tolerance: 1 }];
    spec
      .given()
      .when(set({ entries: bad }))
      .thenFails({ code: 'INVALID_INPUT', field: ['entries', '2', 'category'] }, { code: 'INVALID_INPUT', field: ['entries', '3', 'category'] });
  });

  it('refuses percents adding up to more than 100', () => {
    const over = [...entries, { category: 'support', percent: 41, tolerance: 5 }];
    spec.given().when(set({ entries: over })).thenFails({ code: 'INVALID_INPUT', field: ['entries'], message: /add up to 101, more than 100/ });
  });

  it('refuses to set a target twice under one id', () => {
    spec.given([targetSet()]).when(set()).thenFails({ code: 'INVALID_INPUT', field: ['id'] });
  });

  it('keeps the target, its reason and its position', () => {
    expect(spec.stateAfter([targetSet()])).toMatchObject({ id: ID, team: 'payments', fromWeek: '2026-W40', entries, version: 1, position: 1, createdAt: recordedAtOf(1) });
  });
});

describe('setAllocationTarget input', () => {
  const valid = { fromWeek: '2026-W40', reason: 'Pay down debt', entries: [{ category: 'tech-debt', percent: 20 }] };

  it('defaults the tolerance, the team (org-wide) and the decision', () => {
    expect(SetAllocationTargetInput.parse(valid)).toMatchObject({
      team: null,
      decision: null,
      entries: [{ category: 'tech-debt', percent: 20, tolerance: DEFAULT_TOLERANCE }],
    });
  });

  it('requires a reason', () => {
    expect(SetAllocationTargetInput.safeParse({ ...valid, reason: '' }).error?.issues[0]?.path).toEqual(['reason']);
  });

  it('refuses a tolerance outside 0..100', () => {
    const bad = { ...valid, entries: [{ category: 'tech-debt', percent: 20, tolerance: -1 }] };
    expect(SetAllocationTargetInput.safeParse(bad).error?.issues[0]?.path).toEqual(['entries', 0, 'tolerance']);
  });
});

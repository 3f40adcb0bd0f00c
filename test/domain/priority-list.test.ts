import { describe, expect, it } from 'vitest';
import type { InitiativeStatus } from '../../domain/initiatives/initiative.ts';
import {
  applyToRanking,
  initialPriorityListState,
  priorityListDecider,
  rankOf,
  type InitiativeRef,
  type PriorityCommand,
} from '../../domain/priorities/priority-list.ts';
import { RemoveFromPrioritiesInput, ReprioritizeInput } from '../../domain/priorities/inputs.ts';
import { PRIORITIES_STREAM, PRIORITY_LIST_ID, type PriorityEvent } from '../../domain/priorities/events.ts';
import type { RecordLink } from '../../domain/common-fields.ts';
import { deciderSpec } from '../support/decider-spec.ts';

const spec = deciderSpec(priorityListDecider, initialPriorityListState, { stream: { kind: PRIORITIES_STREAM, id: PRIORITY_LIST_ID } });

const evidence: RecordLink[] = [{ type: 'Decision', id: 'd-1' }];

const added = (initiativeId: string, toRank: number): PriorityEvent => ({
  type: 'InitiativeReprioritized',
  payload: { initiativeId, fromRank: null, toRank, evidence: [] },
});
const moved = (initiativeId: string, fromRank: number, toRank: number, links = evidence): PriorityEvent => ({
  type: 'InitiativeReprioritized',
  payload: { initiativeId, fromRank, toRank, evidence: links },
});
const removed = (initiativeId: string, fromRank: number, links = evidence): PriorityEvent => ({
  type: 'InitiativeRemovedFromPriorities',
  payload: { initiativeId, fromRank, evidence: links },
});

/** a, b, c ranked 1, 2, 3. */
const abc = [added('a', 1), added('b', 2), added('c', 3)];

const initiative = (id: string, status: InitiativeStatus = 'ACTIVE', version = 1): InitiativeRef => ({ id, status, version });
const reprioritize = (id: string, toRank: number, options: { status?: InitiativeStatus; version?: number; links?: RecordLink[] } = {}): PriorityCommand => ({
  type: 'Reprioritize',
  initiative: initiative(id, options.status, options.version),
  toRank,
  evidence: options.links ?? evidence,
});
const remove = (id: string, version = 1): PriorityCommand => ({ type: 'RemoveFromPriorities', initiative: initiative(id, 'ACTIVE', version), evidence });

describe('the ranking fold', () => {
  it('adds, moves and removes, shifting the others', () => {
    expect(spec.stateAfter(abc)).toEqual({ id: PRIORITY_LIST_ID, version: 3, ranking: ['a', 'b', 'c'] });
    expect(spec.stateAfter([...abc, moved('c', 3, 1)]).ranking).toEqual(['c', 'a', 'b']);
    expect(spec.stateAfter([...abc, moved('a', 1, 3)]).ranking).toEqual(['b', 'c', 'a']);
    expect(spec.stateAfter([...abc, added('d', 2)]).ranking).toEqual(['a', 'd', 'b', 'c']);
    expect(spec.stateAfter([...abc, removed('b', 2)])).toMatchObject({ version: 4, ranking: ['a', 'c'] });
  });

  it('does not mutate the ranking it is given', () => {
    const ranking = ['a', 'b'];
    expect(applyToRanking(ranking, moved('b', 2, 1))).toEqual(['b', 'a']);
    expect(ranking).toEqual(['a', 'b']);
  });

  it('rankOf is 1-based, null when not on the list', () => {
    const state = spec.stateAfter(abc);
    expect([rankOf(state, 'a'), rankOf(state, 'c'), rankOf(state, 'z')]).toEqual([1, 3, null]);
  });
});

describe('Reprioritize', () => {
  it('adds the first initiative at rank 1, with no evidence', () => {
    spec.given().when(reprioritize('a', 1, { links: [] })).then([added('a', 1)]);
  });

  it.each([1, 2, 3, 4])('adds a new initiative at rank %i of a list of 3 (fromRank null)', (toRank) => {
    spec.given(abc).when(reprioritize('d', toRank)).then([{ type: 'InitiativeReprioritized', payload: { initiativeId: 'd', fromRank: null, toRank, evidence } }]);
  });

  it.each([
    ['c', 3, 1],
    ['a', 1, 3],
    ['b', 2, 1],
    ['b', 2, 3],
  ] as const)('moves %s from rank %i to %i, keeping the evidence', (id, fromRank, toRank) => {
    spec.given(abc).when(reprioritize(id, toRank)).then([moved(id, fromRank, toRank)]);
  });

  it('refuses to move an initiative to the rank it has: nothing would change', () => {
    spec.given(abc).when(reprioritize('b', 2)).thenFails({ code: 'INVALID_INPUT', field: ['toRank'], message: /already at rank 2; nothing changes/ });
  });

  it('refuses a rank beyond the end for an initiative already on the list, stating the range', () => {
    spec.given(abc).when(reprioritize('a', 4)).thenFails({ code: 'INVALID_INPUT', field: ['toRank'], message: /^toRank must be between 1 and 3: the list has 3 initiatives$/ });
  });

  it('refuses a rank more than one beyond the end for a new initiative, stating the range', () => {
    spec
      .given(abc)
      .when(reprioritize('d', 5))
      .thenFails({ code: 'INVALID_INPUT', field: ['toRank'], message: /^toRank must be between 1 and 4: the list has 3 initiatives, and a new one can also go last$/ });
    spec.given().when(reprioritize('a', 2)).thenFails({ code: 'INVALID_INPUT', field: ['toRank'], message: /between 1 and 1: the list has 0 initiatives/ });
  });

  it.each([0, -1, 1.5])('refuses rank %s', (toRank) => {
    spec.given(abc).when(reprioritize('d', toRank)).thenFails({ code: 'INVALID_INPUT', field: ['toRank'] });
  });

  it('refuses an unknown initiative', () => {
    spec.given(abc).when(reprioritize('z', 1, { version: 0 })).thenFails({ code: 'NOT_FOUND', field: ['initiativeId'] });
  });

  it.each(['DONE', 'DROPPED'] as const)('refuses to add a %s initiative', (status) => {
    spec
      .given(abc)
      .when(reprioritize('d', 1, { status }))
      .thenFails({ code: 'INVALID_TRANSITION', field: ['initiativeId'], message: new RegExp(`A ${status} initiative cannot be put on the priority list`) });
  });

  it('adds a PROPOSED initiative', () => {
    spec.given(abc).when(reprioritize('d', 4, { status: 'PROPOSED', links: [] })).then([added('d', 4)]);
  });

  it('still moves an initiative that closed while on the list (so it can be moved down or removed)', () => {
    spec.given(abc).when(reprioritize('a', 3, { status: 'DONE' })).then([moved('a', 1, 3)]);
  });
});

describe('RemoveFromPriorities', () => {
  it.each([
    ['a', 1],
    ['c', 3],
  ] as const)('removes %s from rank %i with the evidence', (id, fromRank) => {
    spec.given(abc).when(remove(id)).then([removed(id, fromRank)]);
  });

  it('refuses an initiative that is not on the list', () => {
    spec.given(abc).when(remove('d')).thenFails({ code: 'INVALID_INPUT', field: ['initiativeId'], message: /not on the priority list/ });
    spec.given([...abc, removed('a', 1)]).when(remove('a')).thenFails({ code: 'INVALID_INPUT', field: ['initiativeId'] });
  });

  it('refuses an unknown initiative', () => {
    spec.given(abc).when(remove('z', 0)).thenFails({ code: 'NOT_FOUND', field: ['initiativeId'] });
  });
});

describe('input schemas', () => {
  const base = { initiativeId: 'x', expectedVersion: 0, reason: 'Churn data', toRank: 1 };

  it('ReprioritizeInput: version 0 is the empty list; evidence optional and deduplicated', () => {
    expect(ReprioritizeInput.parse(base)).toEqual({ ...base, evidence: [], evidenceLinks: [] });
    expect(ReprioritizeInput.parse({ ...base, evidence: ['e1', 'e2', 'e1'] }).evidence).toEqual(['e1', 'e2']);
  });

  it.each([
    [{ reason: '  ' }, 'reason', /must not be empty/],
    [{ toRank: 0 }, 'toRank', /1 \(the top\) or more/],
    [{ toRank: 2.5 }, 'toRank', /whole rank/],
    [{ expectedVersion: -1 }, 'expectedVersion', /0 when it is empty/],
    [{ evidence: Array.from({ length: 21 }, (_, i) => `e${i}`) }, 'evidence', /at most 20/],
  ] as const)('ReprioritizeInput refuses %j at %s', (over, field, message) => {
    const result = ReprioritizeInput.safeParse({ ...base, ...over });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: [field], message: expect.stringMatching(message) })]);
  });

  it('RemoveFromPrioritiesInput requires a reason and takes no rank', () => {
    const { toRank: _, ...removal } = base;
    expect(RemoveFromPrioritiesInput.parse({ ...removal, toRank: 3 })).toEqual({ ...removal, evidence: [], evidenceLinks: [] });
    expect(RemoveFromPrioritiesInput.safeParse({ ...removal, reason: undefined }).error?.issues[0]?.path).toEqual(['reason']);
  });
});

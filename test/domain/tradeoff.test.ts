import { describe, expect, it } from 'vitest';
import { fold } from '../../domain/decider.ts';
import type { RecordedEvent } from '../../domain/decider.ts';
import { initialTradeoffState, isDueForRevisit, tradeoffDecider, type TradeoffCommand, type TradeoffContent, type TradeoffState } from '../../domain/tradeoffs/tradeoff.ts';
import { NoteTradeoffInput, ReviseTradeoffInput, RevisitTradeoffInput } from '../../domain/tradeoffs/inputs.ts';
import { TradeoffsView } from '../../domain/tradeoffs/view.ts';
import { TRADEOFF_STREAM, type TradeoffEvent } from '../../domain/tradeoffs/events.ts';
import { deciderSpec, recordedAtOf, TEST_ACTOR, toRecorded } from '../support/decider-spec.ts';

const ID = 't-1';
const stream = (id: string) => ({ kind: TRADEOFF_STREAM, id });
const spec = deciderSpec(tradeoffDecider, () => initialTradeoffState(ID), { stream: stream(ID) });

const content: TradeoffContent = {
  title: 'Ship the importer without bulk undo',
  chose: 'Ship the CSV importer this quarter',
  over: 'Bulk undo of imports',
  rationale: 'Customers are blocked on onboarding; undo can wait for the tune-up sprint.',
  relatedTo: [{ type: 'Decision', id: 'd-1' }],
  revisitBy: '2026-12-15',
};

const noted = (over: Partial<TradeoffContent> = {}): TradeoffEvent => ({ type: 'TradeoffNoted', payload: { ...content, ...over } });
const revised = (changes: Partial<TradeoffContent>): TradeoffEvent => ({ type: 'TradeoffRevised', payload: { changes } });
const revisited = (outcome: 'UPHELD' | 'REVERSED', nextRevisitBy: string | null = null): TradeoffEvent => ({
  type: 'TradeoffRevisited',
  payload: { outcome, nextRevisitBy },
});

const note = (data: TradeoffContent): TradeoffCommand => ({ type: 'NoteTradeoff', data });
const revise = (changes: Partial<TradeoffContent>): TradeoffCommand => ({ type: 'ReviseTradeoff', changes });
const revisit = (outcome: 'UPHELD' | 'REVERSED', nextRevisitBy: string | null = null): TradeoffCommand => ({
  type: 'RevisitTradeoff',
  outcome,
  nextRevisitBy,
});

describe('NoteTradeoff', () => {
  it('notes a new tradeoff with its links and revisit date', () => {
    spec.given().when(note(content)).then([noted()]);
  });

  it('notes a tradeoff without links nor revisit date', () => {
    const bare = { ...content, relatedTo: [], revisitBy: null };
    spec.given().when(note(bare)).then([{ type: 'TradeoffNoted', payload: bare }]);
  });

  it('refuses to note a tradeoff twice', () => {
    spec.given([noted()]).when(note(content)).thenFails({ code: 'INVALID_INPUT', field: ['id'], message: /already noted/ });
  });

  it.each([
    ['the same text', 'Bulk undo of imports'],
    ['a different case and spacing', '  bulk UNDO of imports '],
  ])('refuses choosing something over itself (%s)', (_case, chose) => {
    spec
      .given()
      .when(note({ ...content, chose }))
      .thenFails({ code: 'INVALID_INPUT', field: ['over'], message: /must differ/ });
  });
});

describe('ReviseTradeoff', () => {
  it('keeps only the fields that change', () => {
    spec
      .given([noted()])
      .when(revise({ title: content.title, revisitBy: '2027-01-31', relatedTo: content.relatedTo }))
      .then([revised({ revisitBy: '2027-01-31' })]);
  });

  it('removes the revisit date (null)', () => {
    spec.given([noted()]).when(revise({ revisitBy: null })).then([revised({ revisitBy: null })]);
  });

  it('replaces the links', () => {
    const relatedTo = [
      { type: 'Decision', id: 'd-1' },
      { type: 'KeyResult', id: 'kr-2' },
    ];
    spec.given([noted()]).when(revise({ relatedTo })).then([revised({ relatedTo })]);
  });

  it('refuses a revision that changes nothing', () => {
    spec
      .given([noted()])
      .when(revise({ title: content.title, chose: content.chose }))
      .thenFails({ code: 'INVALID_INPUT', field: [], message: /changes nothing/ });
  });

  it.each([
    [{ chose: content.over }, ['chose']],
    [{ over: content.chose }, ['over']],
  ] as const)('refuses a revision %j that makes both sides the same, at %j', (changes, field) => {
    spec.given([noted()]).when(revise(changes)).thenFails({ code: 'INVALID_INPUT', field: [...field], message: /must differ/ });
  });

  it('refuses to revise an unknown tradeoff', () => {
    spec.given().when(revise({ title: 'x' })).thenFails({ code: 'NOT_FOUND', field: ['id'] });
  });

  it('refuses to revise a reversed tradeoff', () => {
    spec
      .given([noted(), revisited('REVERSED')])
      .when(revise({ title: 'x' }))
      .thenFails({ code: 'INVALID_TRANSITION', field: ['id'], message: /REVERSED tradeoff cannot be revised/ });
  });

  it('revises a tradeoff that was upheld', () => {
    spec
      .given([noted(), revisited('UPHELD')])
      .when(revise({ revisitBy: '2027-03-01' }))
      .then([revised({ revisitBy: '2027-03-01' })]);
  });
});

describe('RevisitTradeoff', () => {
  it.each([
    ['UPHELD', null],
    ['UPHELD', '2027-03-01'],
    ['REVERSED', null],
  ] as const)('records a revisit %s with next revisit %s', (outcome, next) => {
    spec.given([noted()]).when(revisit(outcome, next)).then([revisited(outcome, next)]);
  });

  it('refuses a next revisit date on a reversal', () => {
    spec
      .given([noted()])
      .when(revisit('REVERSED', '2027-03-01'))
      .thenFails({ code: 'INVALID_INPUT', field: ['nextRevisitBy'] });
  });

  it('refuses to revisit an unknown tradeoff', () => {
    spec.given().when(revisit('UPHELD')).thenFails({ code: 'NOT_FOUND', field: ['id'] });
  });

  it('refuses to revisit a reversed tradeoff', () => {
    spec
      .given([noted(), revisited('REVERSED')])
      .when(revisit('UPHELD'))
      .thenFails({ code: 'INVALID_TRANSITION', field: ['id'], message: /cannot be revisited/ });
  });

  it('revisits an upheld tradeoff again', () => {
    spec.given([noted(), revisited('UPHELD', '2027-01-01')]).when(revisit('REVERSED')).then([revisited('REVERSED')]);
  });
});

describe('evolve', () => {
  it('folds noted, revised and revisited into the current state, keeping each revisit', () => {
    const events = toRecorded([noted(), revised({ title: 'Importer first' }), revisited('UPHELD', '2027-02-01')], { stream: stream(ID) });
    events[2]!.reason = 'Support tickets on undo stayed low';
    const state = fold(tradeoffDecider, events, initialTradeoffState(ID));
    const expected: TradeoffState = {
      ...content,
      id: ID,
      title: 'Importer first',
      revisitBy: '2027-02-01',
      tags: [],
      links: [],
      version: 3,
      status: 'IN_EFFECT',
      revisits: [
        {
          outcome: 'UPHELD',
          nextRevisitBy: '2027-02-01',
          reason: 'Support tickets on undo stayed low',
          revisitedAt: recordedAtOf(3),
          revisitedBy: TEST_ACTOR,
          version: 3,
        },
      ],
      createdAt: recordedAtOf(1),
      updatedAt: recordedAtOf(3),
      createdBy: TEST_ACTOR,
      createdPosition: 1,
    };
    expect(state).toEqual(expected);
  });

  it('a reversal ends the revisits: status REVERSED, no revisit date', () => {
    expect(spec.stateAfter([noted(), revisited('REVERSED')])).toMatchObject({ status: 'REVERSED', revisitBy: null, version: 2 });
  });

  it('an upheld revisit without a next date clears the revisit date', () => {
    expect(spec.stateAfter([noted(), revisited('UPHELD')])).toMatchObject({ status: 'IN_EFFECT', revisitBy: null });
  });
});

describe('isDueForRevisit', () => {
  const state = spec.stateAfter([noted()]);

  it.each([
    ['2026-12-14', false],
    ['2026-12-15', true],
    ['2027-01-01', true],
  ])('on %s: %s (revisit by 2026-12-15)', (date, due) => {
    expect(isDueForRevisit(state, date)).toBe(due);
  });

  it('is never due without a revisit date, nor once reversed', () => {
    expect(isDueForRevisit(spec.stateAfter([noted({ revisitBy: null })]), '2030-01-01')).toBe(false);
    expect(isDueForRevisit({ ...state, status: 'REVERSED' }, '2030-01-01')).toBe(false);
  });
});

describe('TradeoffsView', () => {
  const log = (id: string, events: TradeoffEvent[], firstPosition: number): RecordedEvent<TradeoffEvent>[] =>
    toRecorded(events, { stream: stream(id), firstPosition });

  const build = (...batches: RecordedEvent<TradeoffEvent>[][]) => {
    const view = new TradeoffsView();
    for (const event of batches.flat().sort((a, b) => a.position - b.position)) view.apply(event);
    return view;
  };

  const a = log('a', [noted({ revisitBy: '2026-12-20' })], 1);
  const b = log('b', [noted({ revisitBy: '2026-12-01', relatedTo: [{ type: 'KeyResult', id: 'kr-1' }] })], 2);
  const c = log('c', [noted({ revisitBy: null, relatedTo: [] })], 3);

  it('lists tradeoffs in the order they were noted and ignores other streams', () => {
    const other = { ...a[0]!, stream: { kind: 'decision', id: 'a' }, position: 4 };
    const view = build(a, b, c, [other]);
    expect(view.list().map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(view.get('a')?.version).toBe(1);
  });

  it('filters by a linked record (type and id)', () => {
    const view = build(a, b, c);
    expect(view.relatedTo({ type: 'Decision', id: 'd-1' }).map((t) => t.id)).toEqual(['a']);
    expect(view.relatedTo({ type: 'KeyResult', id: 'kr-1' }).map((t) => t.id)).toEqual(['b']);
    expect(view.relatedTo({ type: 'KeyResult', id: 'd-1' })).toEqual([]);
  });

  it('lists those due for revisit, most overdue first, and drops them once revisited', () => {
    const view = build(a, b, c);
    expect(view.dueForRevisit('2026-12-20').map((t) => t.id)).toEqual(['b', 'a']);
    expect(view.dueForRevisit('2026-12-19').map((t) => t.id)).toEqual(['b']);
    view.apply({ ...toRecorded([revisited('UPHELD', '2027-01-10')], { stream: stream('b'), firstPosition: 4 })[0]!, version: 2 });
    expect(view.dueForRevisit('2026-12-20').map((t) => t.id)).toEqual(['a']);
    expect(view.dueForRevisit('2027-01-10').map((t) => t.id)).toEqual(['a', 'b']);
  });
});

describe('input schemas', () => {
  it('NoteTradeoffInput fills defaults, trims and deduplicates links', () => {
    const parsed = NoteTradeoffInput.parse({ title: ' T ', chose: 'A', over: 'B', rationale: 'R', relatedTo: ['x', 'y', 'x'] });
    expect(parsed).toEqual({ title: 'T', chose: 'A', over: 'B', rationale: 'R', relatedTo: ['x', 'y'], revisitBy: null, tags: [], links: [] });
    expect(NoteTradeoffInput.parse({ title: 'T', chose: 'A', over: 'B', rationale: 'R', relatedTo: null }).relatedTo).toEqual([]);
  });

  it.each(['2026-13-01', '2026-02-30', '15/12/2026', ''])('NoteTradeoffInput refuses revisitBy %j', (revisitBy) => {
    const result = NoteTradeoffInput.safeParse({ title: 'T', chose: 'A', over: 'B', rationale: 'R', revisitBy });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['revisitBy'], message: 'must be a calendar date written YYYY-MM-DD' })]);
  });

  it('NoteTradeoffInput requires title, chose, over and rationale, and at most 20 links', () => {
    const result = NoteTradeoffInput.safeParse({ title: ' ', chose: '', relatedTo: Array.from({ length: 21 }, (_, i) => `id-${i}`) });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['title'], ['chose'], ['over'], ['rationale'], ['relatedTo']]);
  });

  const change = { id: 'x', expectedVersion: 1, reason: 'new date' };

  it('ReviseTradeoffInput: an absent revisitBy stays unchanged, null or "" removes it', () => {
    expect(ReviseTradeoffInput.parse(change).revisitBy).toBeUndefined();
    expect(ReviseTradeoffInput.parse({ ...change, revisitBy: null }).revisitBy).toBeNull();
    expect(ReviseTradeoffInput.parse({ ...change, revisitBy: '' }).revisitBy).toBeNull();
    expect(ReviseTradeoffInput.parse({ ...change, revisitBy: '2027-01-31', title: null }).revisitBy).toBe('2027-01-31');
    expect(ReviseTradeoffInput.safeParse({ ...change, revisitBy: 'soon' }).error?.issues[0]?.path).toEqual(['revisitBy']);
  });

  it('RevisitTradeoffInput requires an outcome and a reason', () => {
    const result = RevisitTradeoffInput.safeParse({ id: 'x', expectedVersion: 1, reason: ' ', outcome: 'MAYBE' });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['reason'], ['outcome']]);
    expect(RevisitTradeoffInput.parse({ ...change, outcome: 'UPHELD' }).nextRevisitBy).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { fold } from '../../domain/decider.ts';
import {
  INITIATIVE_TRANSITIONS,
  initialInitiativeState,
  initiativeDecider,
  latestScore,
  type InitiativeCommand,
  type InitiativeContent,
  type InitiativeStatus,
} from '../../domain/initiatives/initiative.ts';
import { ChangeInitiativeStatusInput, CreateInitiativeInput, ReviseInitiativeInput, ScoreInitiativeInput } from '../../domain/initiatives/inputs.ts';
import { InitiativesView } from '../../domain/initiatives/view.ts';
import { computeScore, SCORE_FORMULA_VERSION, type ScoreInputs } from '../../domain/initiatives/score.ts';
import { INITIATIVE_STREAM, type InitiativeEvent } from '../../domain/initiatives/events.ts';
import { deciderSpec, recordedAtOf, TEST_ACTOR, toRecorded } from '../support/decider-spec.ts';

const ID = 'i-1';
const stream = (id: string) => ({ kind: INITIATIVE_STREAM, id });
const spec = deciderSpec(initiativeDecider, () => initialInitiativeState(ID), { stream: stream(ID) });

const content: InitiativeContent = {
  title: 'Self-serve onboarding',
  description: 'Customers set up their workspace without a call.',
  owner: 'growth-team',
  kind: 'INNOVATION',
};

const inputs: ScoreInputs = { customerImpact: 4, businessImpact: 3, operationalEfficiency: 5, effort: 6, confidence: 0.8 };

const created = (status: 'PROPOSED' | 'ACTIVE' = 'PROPOSED'): InitiativeEvent => ({ type: 'InitiativeCreated', payload: { ...content, status } });
const scored = (over: Partial<ScoreInputs> = {}, formulaVersion = SCORE_FORMULA_VERSION): InitiativeEvent => {
  const all = { ...inputs, ...over };
  return { type: 'InitiativeScored', payload: { ...all, formulaVersion, score: computeScore(all) } };
};
const statusChanged = (from: InitiativeStatus, to: InitiativeStatus): InitiativeEvent => ({
  type: 'InitiativeStatusChanged',
  payload: { from, to },
});

const historyIn: Record<InitiativeStatus, InitiativeEvent[]> = {
  PROPOSED: [created()],
  ACTIVE: [created('ACTIVE')],
  DONE: [created('ACTIVE'), statusChanged('ACTIVE', 'DONE')],
  DROPPED: [created(), statusChanged('PROPOSED', 'DROPPED')],
};

const create = (status: 'PROPOSED' | 'ACTIVE' = 'PROPOSED'): InitiativeCommand => ({ type: 'CreateInitiative', data: { ...content, status } });
const revise = (changes: Partial<InitiativeContent>): InitiativeCommand => ({ type: 'ReviseInitiative', changes });
const score = (over: Partial<ScoreInputs> = {}): InitiativeCommand => ({ type: 'ScoreInitiative', inputs: { ...inputs, ...over } });
const changeStatus = (status: InitiativeStatus, rank: number | null = null): InitiativeCommand => ({
  type: 'ChangeInitiativeStatus',
  status,
  rank,
});

describe('the score formula', () => {
  it('version 1 is (customer + business + operational) × confidence ÷ effort, rounded to 2 decimals', () => {
    expect(SCORE_FORMULA_VERSION).toBe(1);
    expect(computeScore(inputs)).toBe(1.6);
    expect(computeScore({ ...inputs, effort: 7 })).toBe(1.37);
    expect(computeScore({ customerImpact: 5, businessImpact: 5, operationalEfficiency: 5, effort: 0.5, confidence: 1 })).toBe(30);
    expect(computeScore({ ...inputs, confidence: 0 })).toBe(0);
  });

  it('refuses an unknown formula version and a non-positive effort', () => {
    expect(() => computeScore(inputs, 99)).toThrow(/unknown score formula version 99/);
    expect(() => computeScore({ ...inputs, effort: 0 })).toThrow(/effort/);
  });
});

describe('the history fixtures', () => {
  it.each(Object.entries(historyIn))('leave the initiative %s', (status, events) => {
    expect(spec.stateAfter(events).status).toBe(status);
  });
});

describe('CreateInitiative', () => {
  it.each(['PROPOSED', 'ACTIVE'] as const)('creates a %s initiative', (status) => {
    spec.given().when(create(status)).then([created(status)]);
  });

  it('refuses to create it twice', () => {
    spec.given([created()]).when(create()).thenFails({ code: 'INVALID_INPUT', field: ['id'], message: /already exists/ });
  });
});

describe('ReviseInitiative', () => {
  it('keeps only the fields that change', () => {
    spec
      .given([created()])
      .when(revise({ title: content.title, kind: 'TUNE_UP', description: null }))
      .then([{ type: 'InitiativeRevised', payload: { changes: { kind: 'TUNE_UP', description: null } } }]);
  });

  it('refuses a revision that changes nothing', () => {
    spec.given([created()]).when(revise({ owner: content.owner })).thenFails({ code: 'INVALID_INPUT', field: [], message: /changes nothing/ });
  });

  it('refuses to revise an unknown initiative', () => {
    spec.given().when(revise({ title: 'x' })).thenFails({ code: 'NOT_FOUND', field: ['id'] });
  });

  it.each([
    ['DONE', /A DONE initiative cannot be revised$/],
    ['DROPPED', /A DROPPED initiative cannot be revised; propose it again first/],
  ] as const)('refuses to revise a %s initiative', (status, message) => {
    spec.given(historyIn[status]).when(revise({ title: 'x' })).thenFails({ code: 'INVALID_TRANSITION', field: ['id'], message });
  });
});

describe('ScoreInitiative', () => {
  it('keeps the inputs, the formula version and the computed score', () => {
    spec
      .given([created()])
      .when(score())
      .then([{ type: 'InitiativeScored', payload: { ...inputs, formulaVersion: 1, score: 1.6 } }]);
  });

  it.each(['PROPOSED', 'ACTIVE'] as const)('scores a %s initiative again with other inputs', (status) => {
    spec.given([...historyIn[status], scored()]).when(score({ effort: 3 })).then([scored({ effort: 3 })]);
  });

  it('refuses scores equal to the current ones', () => {
    spec
      .given([created(), scored({ effort: 3 }), scored()])
      .when(score())
      .thenFails({ code: 'INVALID_INPUT', field: [], message: /same as the current ones \(score 1.6\)/ });
  });

  it('rescores the same inputs when the current score came from another formula version', () => {
    const old: InitiativeEvent = { type: 'InitiativeScored', payload: { ...inputs, formulaVersion: 0, score: 12 } };
    spec.given([created(), old]).when(score()).then([scored()]);
  });

  it('refuses to score an unknown initiative', () => {
    spec.given().when(score()).thenFails({ code: 'NOT_FOUND', field: ['id'] });
  });

  it.each(['DONE', 'DROPPED'] as const)('refuses to score a %s initiative', (status) => {
    spec.given(historyIn[status]).when(score()).thenFails({ code: 'INVALID_TRANSITION', field: ['id'], message: /cannot be scored/ });
  });
});

describe('ChangeInitiativeStatus', () => {
  const statuses: InitiativeStatus[] = ['PROPOSED', 'ACTIVE', 'DONE', 'DROPPED'];
  const table = statuses.flatMap((from) => statuses.map((to) => ({ from, to, allowed: INITIATIVE_TRANSITIONS[from].includes(to) })));

  it('allows exactly PROPOSED->ACTIVE, PROPOSED->DROPPED, ACTIVE->DONE, ACTIVE->DROPPED, DROPPED->PROPOSED', () => {
    expect(table.filter((r) => r.allowed).map((r) => `${r.from}->${r.to}`)).toEqual([
      'PROPOSED->ACTIVE',
      'PROPOSED->DROPPED',
      'ACTIVE->DONE',
      'ACTIVE->DROPPED',
      'DROPPED->PROPOSED',
    ]);
  });

  it.each(table)('$from -> $to (allowed: $allowed)', ({ from, to, allowed }) => {
    const when = spec.given(historyIn[from]).when(changeStatus(to));
    if (allowed) when.then([statusChanged(from, to)]);
    else when.thenFails({ code: 'INVALID_TRANSITION', field: ['status'], message: new RegExp(`^A ${from} initiative cannot become ${to}`) });
  });

  it.each([
    ['ACTIVE', 'DONE'],
    ['ACTIVE', 'DROPPED'],
    ['PROPOSED', 'DROPPED'],
  ] as const)('refuses %s -> %s while the initiative is on the priority list', (from, to) => {
    spec
      .given(historyIn[from])
      .when(changeStatus(to, 3))
      .thenFails({ code: 'INVALID_TRANSITION', field: ['status'], message: /at rank 3 on the priority list; take it off with removeFromPriorities/ });
  });

  it('starts a ranked initiative (it stays on the list)', () => {
    spec.given(historyIn.PROPOSED).when(changeStatus('ACTIVE', 1)).then([statusChanged('PROPOSED', 'ACTIVE')]);
  });

  it('refuses to change the status of an unknown initiative', () => {
    spec.given().when(changeStatus('ACTIVE')).thenFails({ code: 'NOT_FOUND', field: ['id'] });
  });
});

describe('evolve', () => {
  it('folds created, revised, scored and status changes, keeping every scoring with who, when and why', () => {
    const revisedOwner: InitiativeEvent = { type: 'InitiativeRevised', payload: { changes: { owner: 'onboarding-team' } } };
    const events = toRecorded(
      [created(), revisedOwner, scored(), statusChanged('PROPOSED', 'ACTIVE')],
      { stream: stream(ID), firstPosition: 10 },
    );
    events[2]!.reason = 'Sized with the team';
    const state = fold(initiativeDecider, events, initialInitiativeState(ID));
    expect(state).toEqual({
      ...content,
      owner: 'onboarding-team',
      id: ID,
      version: 4,
      status: 'ACTIVE',
      scores: [{ ...inputs, formulaVersion: 1, score: 1.6, scoredAt: recordedAtOf(3), scoredBy: TEST_ACTOR, reason: 'Sized with the team', version: 3 }],
      createdAt: recordedAtOf(1),
      updatedAt: recordedAtOf(4),
      createdBy: TEST_ACTOR,
      createdPosition: 10,
      tags: [],
      links: [],
    });
    expect(latestScore(state)?.score).toBe(1.6);
  });

  it('the latest scoring is the current score; none before scoring', () => {
    expect(latestScore(spec.stateAfter([created()]))).toBeNull();
    const state = spec.stateAfter([created(), scored(), scored({ effort: 3 })]);
    expect(state.scores.map((s) => s.score)).toEqual([1.6, 3.2]);
    expect(latestScore(state)?.effort).toBe(3);
  });
});

describe('InitiativesView', () => {
  const events = (id: string, list: InitiativeEvent[], firstPosition: number) =>
    toRecorded(list, { stream: stream(id), firstPosition });

  it('lists initiatives in creation order, filtered by status and kind', () => {
    const view = new InitiativesView();
    const tuneUp: InitiativeEvent = { type: 'InitiativeCreated', payload: { ...content, kind: 'TUNE_UP', status: 'ACTIVE' } };
    for (const e of [...events('a', [created()], 1), ...events('b', [tuneUp], 2)]) {
      view.apply(e);
    }
    expect(view.list().map((i) => i.id)).toEqual(['a', 'b']);
    expect(view.filter({ statuses: ['ACTIVE'] }).map((i) => i.id)).toEqual(['b']);
    expect(view.filter({ kinds: ['INNOVATION'] }).map((i) => i.id)).toEqual(['a']);
    expect(view.filter({ statuses: ['ACTIVE'], kinds: ['INNOVATION'] })).toEqual([]);
    expect(view.get('c')).toBeUndefined();
  });

});

describe('input schemas', () => {
  it('CreateInitiativeInput: title, owner and kind required; PROPOSED by default', () => {
    expect(CreateInitiativeInput.parse({ title: ' T ', owner: 'o', kind: 'TUNE_UP', description: '' })).toEqual({
      title: 'T',
      owner: 'o',
      kind: 'TUNE_UP',
      description: null,
      status: 'PROPOSED',
      tags: [],
      links: [],
    });
    const result = CreateInitiativeInput.safeParse({ title: '', kind: 'OTHER', status: 'DONE' });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['title'], ['owner'], ['kind'], ['status']]);
  });

  it('ReviseInitiativeInput: null leaves fields unchanged, but clears the description', () => {
    const parsed = ReviseInitiativeInput.parse({ id: 'x', expectedVersion: 1, reason: 'r', title: null, description: null });
    expect(parsed.title).toBeUndefined();
    expect(parsed.description).toBeNull();
    expect(ReviseInitiativeInput.parse({ id: 'x', expectedVersion: 1, reason: 'r' }).description).toBeUndefined();
  });

  const scoring = { id: 'x', expectedVersion: 1, reason: 'sized', ...inputs };

  it.each([
    [{ customerImpact: 0 }, 'customerImpact', /from 1 \(low\) to 5 \(high\)/],
    [{ businessImpact: 6 }, 'businessImpact', /from 1 \(low\) to 5 \(high\)/],
    [{ operationalEfficiency: 2.5 }, 'operationalEfficiency', /whole number/],
    [{ effort: 0 }, 'effort', /more than 0 person-weeks/],
    [{ effort: 521 }, 'effort', /at most 520 person-weeks/],
    [{ confidence: 1.1 }, 'confidence', /from 0 to 1/],
    [{ confidence: -0.1 }, 'confidence', /from 0 to 1/],
  ] as const)('ScoreInitiativeInput refuses %j at %s', (over, field, message) => {
    const result = ScoreInitiativeInput.safeParse({ ...scoring, ...over });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: [field], message: expect.stringMatching(message) })]);
  });

  it('ScoreInitiativeInput accepts the bounds and requires a reason', () => {
    expect(ScoreInitiativeInput.safeParse({ ...scoring, customerImpact: 1, businessImpact: 5, confidence: 0, effort: 0.5 }).success).toBe(true);
    expect(ScoreInitiativeInput.safeParse({ ...scoring, reason: '' }).error?.issues[0]?.path).toEqual(['reason']);
  });

  it('ChangeInitiativeStatusInput accepts the four statuses only', () => {
    expect(ChangeInitiativeStatusInput.safeParse({ id: 'x', expectedVersion: 1, reason: 'r', status: 'DONE' }).success).toBe(true);
    expect(ChangeInitiativeStatusInput.safeParse({ id: 'x', expectedVersion: 1, reason: 'r', status: 'PAUSED' }).success).toBe(false);
  });
});

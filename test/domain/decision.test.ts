import { describe, it, expect } from 'vitest';
import { fold } from '../../domain/decider.ts';
import {
  decisionDecider,
  initialDecisionState,
  type DecisionCommand,
  type DecisionContent,
  type DecisionState,
  type DecisionStatus,
} from '../../domain/decisions/decision.ts';
import { ChangeDecisionStatusInput, RecordDecisionInput } from '../../domain/decisions/inputs.ts';
import { DECISION_STREAM, type DecisionEvent } from '../../domain/decisions/events.ts';
import { createEventRegistry } from '../../domain/registry.ts';
import { deciderSpec, recordedAtOf, TEST_ACTOR, toRecorded } from '../support/decider-spec.ts';

const ID = 'd-1';
const SUCCESSOR_ID = 'd-2';

const stream = (id: string) => ({ kind: DECISION_STREAM, id });
const spec = deciderSpec(decisionDecider, () => initialDecisionState(ID), { stream: stream(ID) });
const successorSpec = deciderSpec(decisionDecider, () => initialDecisionState(SUCCESSOR_ID), { stream: stream(SUCCESSOR_ID) });

const content: DecisionContent = {
  title: 'Store events in DynamoDB',
  context: 'We need an append-only log that scales to zero.',
  options: [
    { title: 'DynamoDB', pros: ['serverless', 'conditional writes'], cons: ['query model'] },
    { title: 'Postgres', pros: ['SQL'], cons: ['servers to run'] },
  ],
  chosenOption: 'DynamoDB',
  rationale: 'Conditional puts give us optimistic concurrency for free.',
  consequences: null,
  owner: 'lead-1',
  deciders: [],
  tags: ['storage', 'events'],
};

const recorded = (status: 'PROPOSED' | 'ACCEPTED' = 'PROPOSED', over: Partial<DecisionContent> = {}): DecisionEvent => ({
  type: 'DecisionRecorded',
  payload: { ...content, ...over, status },
});
const revised = (changes: Partial<DecisionContent>): DecisionEvent => ({ type: 'DecisionRevised', payload: { changes } });
const accepted: DecisionEvent = { type: 'DecisionAccepted', payload: {} };
const rejected: DecisionEvent = { type: 'DecisionRejected', payload: {} };
const deprecated: DecisionEvent = { type: 'DecisionDeprecated', payload: {} };
const superseded = (supersededBy = SUCCESSOR_ID): DecisionEvent => ({ type: 'DecisionSuperseded', payload: { supersededBy } });

/** An event history that leaves a decision in each status. */
const historyIn: Record<DecisionStatus, DecisionEvent[]> = {
  PROPOSED: [recorded()],
  ACCEPTED: [recorded(), accepted],
  REJECTED: [recorded(), rejected],
  DEPRECATED: [recorded(), accepted, deprecated],
  SUPERSEDED: [recorded(), accepted, superseded('d-9')],
};

const record = (data: DecisionContent & { status: 'PROPOSED' | 'ACCEPTED' }): DecisionCommand => ({ type: 'RecordDecision', data });
const revise = (changes: Partial<DecisionContent>): DecisionCommand => ({ type: 'ReviseDecision', changes });
const changeStatus = (status: Exclude<DecisionStatus, 'SUPERSEDED'>): DecisionCommand => ({ type: 'ChangeDecisionStatus', status });
const supersede = (successor: DecisionState): DecisionCommand => ({ type: 'SupersedeDecision', successor });

describe('the history fixtures', () => {
  it.each(Object.entries(historyIn))('leave the decision %s', (status, events) => {
    expect(spec.stateAfter(events).status).toBe(status);
  });
});

describe('RecordDecision', () => {
  it.each(['PROPOSED', 'ACCEPTED'] as const)('records a new %s decision', (status) => {
    spec
      .given([])
      .when(record({ ...content, status }))
      .then([{ type: 'DecisionRecorded', payload: { ...content, status } }]);
  });

  it('records a decision without options nor chosen option', () => {
    const bare = { ...content, options: [], chosenOption: null, status: 'PROPOSED' as const };
    spec.given().when(record(bare)).then([{ type: 'DecisionRecorded', payload: bare }]);
  });

  it.each(Object.entries(historyIn))('refuses to record a decision that is already recorded (%s)', (_status, events) => {
    spec
      .given(events)
      .when(record({ ...content, status: 'PROPOSED' }))
      .thenFails({ code: 'INVALID_INPUT', field: ['id'], message: /already recorded/ });
  });

  it('refuses a chosen option that is not among the options', () => {
    spec
      .given()
      .when(record({ ...content, chosenOption: 'MongoDB', status: 'PROPOSED' }))
      .thenFails({ code: 'INVALID_INPUT', field: ['chosenOption'], message: /"MongoDB" is not one of the options \("DynamoDB", "Postgres"\)/ });
  });

  it('refuses a chosen option when there are no options at all', () => {
    spec
      .given()
      .when(record({ ...content, options: [], chosenOption: 'DynamoDB', status: 'ACCEPTED' }))
      .thenFails({ code: 'INVALID_INPUT', field: ['chosenOption'], message: /none given/ });
  });

  it('refuses duplicate option titles', () => {
    const options = [...content.options, { title: 'DynamoDB', pros: [], cons: ['again'] }];
    spec
      .given()
      .when(record({ ...content, options, status: 'PROPOSED' }))
      .thenFails({ code: 'INVALID_INPUT', field: ['options'], message: /"DynamoDB" appears twice/ });
  });
});

describe('ReviseDecision', () => {
  it('refuses to revise an unknown decision', () => {
    spec.given([]).when(revise({ title: 'New title' })).thenFails({ code: 'NOT_FOUND', field: ['id'] });
  });

  it.each(['PROPOSED', 'ACCEPTED'] as const)('revises a %s decision with only the fields that changed', (status) => {
    spec
      .given(historyIn[status])
      .when(revise({ title: 'Store events in DynamoDB, one table', rationale: content.rationale, tags: content.tags, context: null }))
      .then([revised({ title: 'Store events in DynamoDB, one table', context: null })]);
  });

  it('revises a decision recorded as ACCEPTED', () => {
    spec.given([recorded('ACCEPTED')]).when(revise({ consequences: 'One more table to run' })).then([
      revised({ consequences: 'One more table to run' }),
    ]);
  });

  it('compares arrays by value: reordered tags are a change, equal options are not', () => {
    spec
      .given(historyIn.PROPOSED)
      .when(revise({ options: content.options.map((o) => ({ ...o })), tags: ['events', 'storage'] }))
      .then([revised({ tags: ['events', 'storage'] })]);
  });

  it('revises the options and the chosen option together', () => {
    const options = [{ title: 'Postgres', pros: ['SQL'], cons: [] }];
    spec
      .given(historyIn.ACCEPTED)
      .when(revise({ options, chosenOption: 'Postgres' }))
      .then([revised({ options, chosenOption: 'Postgres' })]);
  });

  it('clears the chosen option with null', () => {
    spec.given(historyIn.PROPOSED).when(revise({ chosenOption: null })).then([revised({ chosenOption: null })]);
  });

  it('checks the chosen option against the revised state, not the recorded one', () => {
    spec
      .given([...historyIn.PROPOSED, revised({ options: [...content.options, { title: 'S3', pros: [], cons: [] }] })])
      .when(revise({ chosenOption: 'S3' }))
      .then([revised({ chosenOption: 'S3' })]);
  });

  it.each([
    ['the same values', { title: content.title, tags: [...content.tags], chosenOption: content.chosenOption }],
    ['no fields', {}],
    ['only undefined fields', { title: undefined, context: undefined }],
  ] as const)('refuses a revision that changes nothing (%s)', (_name, changes) => {
    spec
      .given(historyIn.PROPOSED)
      .when(revise(changes as Partial<DecisionContent>))
      .thenFails({ code: 'INVALID_INPUT', field: [], message: /changes nothing/ });
  });

  it.each(['REJECTED', 'DEPRECATED', 'SUPERSEDED'] as const)('refuses to revise a %s decision', (status) => {
    spec
      .given(historyIn[status])
      .when(revise({ title: 'New title' }))
      .thenFails({ code: 'INVALID_TRANSITION', field: ['id'], message: new RegExp(`A ${status} decision cannot be revised`) });
  });

  it.each([
    ['options that drop the chosen option', 'ACCEPTED', { options: [content.options[1]!] }, ['options'], /"DynamoDB" is not one of the options \("Postgres"\)/],
    ['options that drop the chosen option even when chosenOption is restated unchanged', 'ACCEPTED', { options: [content.options[1]!], chosenOption: 'DynamoDB' }, ['options'], /not one of the options/],
    ['a chosen option revised to an unknown title', 'PROPOSED', { chosenOption: 'MongoDB' }, ['chosenOption'], /"MongoDB" is not one of the options/],
    ['a chosen option revised to a title the revised options do not have', 'PROPOSED', { options: [content.options[1]!], chosenOption: 'DynamoDB 2' }, ['chosenOption'], /"DynamoDB 2" is not one of the options/],
    ['revised options with duplicate titles', 'PROPOSED', { options: [...content.options, { title: 'Postgres', pros: [], cons: [] }] }, ['options'], /"Postgres" appears twice/],
  ] as const)('refuses %s', (_name, status, changes, field, message) => {
    spec
      .given(historyIn[status])
      .when(revise(changes as Partial<DecisionContent>))
      .thenFails({ code: 'INVALID_INPUT', field: [...field], message });
  });
});

describe('ChangeDecisionStatus', () => {
  type Target = Exclude<DecisionStatus, 'SUPERSEDED'>;
  type Outcome = 'DecisionAccepted' | 'DecisionRejected' | 'DecisionDeprecated' | 'INVALID_TRANSITION';

  // Spelled out on purpose, not derived from TRANSITIONS: this table is the specification.
  const table: Array<{ from: DecisionStatus; to: Target; outcome: Outcome }> = [
    { from: 'PROPOSED', to: 'ACCEPTED', outcome: 'DecisionAccepted' },
    { from: 'PROPOSED', to: 'REJECTED', outcome: 'DecisionRejected' },
    { from: 'PROPOSED', to: 'DEPRECATED', outcome: 'INVALID_TRANSITION' },
    { from: 'PROPOSED', to: 'PROPOSED', outcome: 'INVALID_TRANSITION' },

    { from: 'ACCEPTED', to: 'ACCEPTED', outcome: 'INVALID_TRANSITION' },
    { from: 'ACCEPTED', to: 'REJECTED', outcome: 'INVALID_TRANSITION' },
    { from: 'ACCEPTED', to: 'DEPRECATED', outcome: 'DecisionDeprecated' },
    { from: 'ACCEPTED', to: 'PROPOSED', outcome: 'INVALID_TRANSITION' },

    { from: 'REJECTED', to: 'ACCEPTED', outcome: 'INVALID_TRANSITION' },
    { from: 'REJECTED', to: 'REJECTED', outcome: 'INVALID_TRANSITION' },
    { from: 'REJECTED', to: 'DEPRECATED', outcome: 'INVALID_TRANSITION' },
    { from: 'REJECTED', to: 'PROPOSED', outcome: 'INVALID_TRANSITION' },

    { from: 'DEPRECATED', to: 'ACCEPTED', outcome: 'INVALID_TRANSITION' },
    { from: 'DEPRECATED', to: 'REJECTED', outcome: 'INVALID_TRANSITION' },
    { from: 'DEPRECATED', to: 'DEPRECATED', outcome: 'INVALID_TRANSITION' },
    { from: 'DEPRECATED', to: 'PROPOSED', outcome: 'INVALID_TRANSITION' },

    { from: 'SUPERSEDED', to: 'ACCEPTED', outcome: 'INVALID_TRANSITION' },
    { from: 'SUPERSEDED', to: 'REJECTED', outcome: 'INVALID_TRANSITION' },
    { from: 'SUPERSEDED', to: 'DEPRECATED', outcome: 'INVALID_TRANSITION' },
    { from: 'SUPERSEDED', to: 'PROPOSED', outcome: 'INVALID_TRANSITION' },
  ];

  it('the table covers the whole product of 5 from-statuses and 4 target statuses', () => {
    const pairs = new Set(table.map(({ from, to }) => `${from}->${to}`));
    expect(pairs.size).toBe(20);
    expect(table).toHaveLength(20);
  });

  it.each(table)('$from -> $to: $outcome', ({ from, to, outcome }) => {
    const when = spec.given(historyIn[from]).when(changeStatus(to));
    if (outcome === 'INVALID_TRANSITION') {
      when.thenFails({ code: 'INVALID_TRANSITION', field: ['status'], message: new RegExp(`^A ${from} decision cannot become ${to}`) });
    } else {
      when.then([{ type: outcome, payload: {} }]);
    }
  });

  it.each([
    ['PROPOSED', /it can become ACCEPTED or REJECTED/],
    ['ACCEPTED', /it can become DEPRECATED or SUPERSEDED/],
    ['REJECTED', /it is final/],
    ['SUPERSEDED', /it is final/],
  ] as const)('tells what a %s decision can become instead', (from, message) => {
    spec.given(historyIn[from]).when(changeStatus('PROPOSED')).thenFails({ code: 'INVALID_TRANSITION', message });
  });

  it('deprecates a decision recorded directly as ACCEPTED, and refuses to accept it again', () => {
    spec.given([recorded('ACCEPTED')]).when(changeStatus('DEPRECATED')).then([deprecated]);
    spec.given([recorded('ACCEPTED')]).when(changeStatus('ACCEPTED')).thenFails({ code: 'INVALID_TRANSITION', field: ['status'] });
  });

  it.each(['ACCEPTED', 'REJECTED', 'DEPRECATED', 'PROPOSED'] as const)('refuses to move an unknown decision to %s', (to) => {
    spec.given([]).when(changeStatus(to)).thenFails({ code: 'NOT_FOUND', field: ['id'] });
  });
});

describe('SupersedeDecision', () => {
  const successorIn = (status: DecisionStatus) => successorSpec.stateAfter(historyIn[status]);

  it.each([
    { from: 'ACCEPTED', successor: 'PROPOSED' },
    { from: 'ACCEPTED', successor: 'ACCEPTED' },
    { from: 'DEPRECATED', successor: 'PROPOSED' },
    { from: 'DEPRECATED', successor: 'ACCEPTED' },
  ] as const)('supersedes a $from decision by a $successor one', ({ from, successor }) => {
    spec
      .given(historyIn[from])
      .when(supersede(successorIn(successor)))
      .then([{ type: 'DecisionSuperseded', payload: { supersededBy: SUCCESSOR_ID } }]);
  });

  it.each(['PROPOSED', 'REJECTED', 'SUPERSEDED'] as const)('refuses to supersede a %s decision', (from) => {
    spec
      .given(historyIn[from])
      .when(supersede(successorIn('ACCEPTED')))
      .thenFails({ code: 'INVALID_TRANSITION', field: ['status'], message: new RegExp(`A ${from} decision cannot become SUPERSEDED`) });
  });

  it('refuses to supersede an unknown decision', () => {
    spec.given([]).when(supersede(successorIn('ACCEPTED'))).thenFails({ code: 'NOT_FOUND', field: ['id'] });
  });

  it('refuses an unknown successor (version 0)', () => {
    spec
      .given(historyIn.ACCEPTED)
      .when(supersede(initialDecisionState(SUCCESSOR_ID)))
      .thenFails({ code: 'NOT_FOUND', field: ['supersededBy'] });
  });

  it('refuses a decision superseding itself', () => {
    spec
      .given(historyIn.ACCEPTED)
      .when(supersede(spec.stateAfter(historyIn.ACCEPTED)))
      .thenFails({ code: 'INVALID_INPUT', field: ['supersededBy'], message: /cannot supersede itself/ });
  });

  it.each(['REJECTED', 'DEPRECATED', 'SUPERSEDED'] as const)('refuses a %s successor', (status) => {
    spec
      .given(historyIn.ACCEPTED)
      .when(supersede(successorIn(status)))
      .thenFails({ code: 'INVALID_TRANSITION', field: ['supersededBy'], message: new RegExp(`A ${status} decision cannot supersede`) });
  });
});

describe('evolve', () => {
  it('folds recorded, revised, accepted, superseded into the current state', () => {
    const events = [recorded(), revised({ title: 'Store events in DynamoDB, one table', tags: ['storage'] }), accepted, superseded()];
    const expected: DecisionState = {
      ...content,
      id: ID,
      title: 'Store events in DynamoDB, one table',
      tags: ['storage'],
      links: [],
      version: 4,
      status: 'SUPERSEDED',
      supersededBy: SUCCESSOR_ID,
      createdAt: recordedAtOf(1),
      updatedAt: recordedAtOf(4),
      createdBy: TEST_ACTOR,
      createdPosition: 1,
    };
    expect(spec.stateAfter(events)).toEqual(expected);
  });

  it('follows each step of the sequence', () => {
    const events = [recorded(), revised({ chosenOption: 'Postgres' }), accepted, superseded()];
    const states = toRecorded(events, { stream: stream(ID) }).map((_, i, all) => fold(decisionDecider, all.slice(0, i + 1), initialDecisionState(ID)));
    expect(states.map((s) => [s.version, s.status, s.chosenOption, s.supersededBy, s.updatedAt])).toEqual([
      [1, 'PROPOSED', 'DynamoDB', null, recordedAtOf(1)],
      [2, 'PROPOSED', 'Postgres', null, recordedAtOf(2)],
      [3, 'ACCEPTED', 'Postgres', null, recordedAtOf(3)],
      [4, 'SUPERSEDED', 'Postgres', SUCCESSOR_ID, recordedAtOf(4)],
    ]);
    expect(new Set(states.map((s) => s.createdAt))).toEqual(new Set([recordedAtOf(1)]));
  });

  it('takes createdPosition from the recording event (global position), not its version', () => {
    const state = fold(decisionDecider, toRecorded([recorded(), accepted], { stream: stream(ID), firstPosition: 41 }), initialDecisionState(ID));
    expect(state).toMatchObject({ version: 2, createdPosition: 41, createdBy: TEST_ACTOR, status: 'ACCEPTED' });
  });

  it('records a decision with the status of its recording event', () => {
    expect(spec.stateAfter([recorded('ACCEPTED')])).toMatchObject({ status: 'ACCEPTED', version: 1 });
  });

  it.each([
    [[...historyIn.PROPOSED, rejected], 'REJECTED'],
    [[...historyIn.ACCEPTED, deprecated], 'DEPRECATED'],
    [[...historyIn.DEPRECATED, superseded('d-7')], 'SUPERSEDED'],
  ] as const)('applies %# status events', (events, status) => {
    expect(spec.stateAfter(events).status).toBe(status);
  });

  it('keeps supersededBy of the superseding event', () => {
    expect(spec.stateAfter([...historyIn.DEPRECATED, superseded('d-7')]).supersededBy).toBe('d-7');
  });

  it('does not mutate the state it folds', () => {
    const before = spec.stateAfter(historyIn.PROPOSED);
    const snapshot = structuredClone(before);
    const [event] = toRecorded([revised({ title: 'Other' })], { stream: stream(ID) });
    const after = decisionDecider.evolve(before, event!);
    expect(before).toEqual(snapshot);
    expect(after.title).toBe('Other');
  });

  it('starts from an empty PROPOSED state at version 0', () => {
    expect(decisionDecider.initialState(ID)).toEqual(initialDecisionState(ID));
    expect(initialDecisionState(ID)).toMatchObject({ id: ID, version: 0, status: 'PROPOSED', supersededBy: null, createdBy: null });
  });
});

describe('input schemas', () => {
  describe('RecordDecisionInput', () => {
    it('fills the defaults: PROPOSED, no options, nulls', () => {
      const parsed = RecordDecisionInput.parse({ title: '  Use DynamoDB  ', rationale: 'Serverless' });
      expect(parsed).toEqual({
        title: 'Use DynamoDB',
        context: null,
        options: [],
        chosenOption: null,
        rationale: 'Serverless',
        consequences: null,
        status: 'PROPOSED',
        owner: null,
        deciders: [],
        tags: [],
        links: [],
      });
      // The parsed input is exactly the data of a RecordDecision command.
      const command: DecisionCommand = { type: 'RecordDecision', data: parsed };
      spec.given().when(command).then([{ type: 'DecisionRecorded', payload: parsed }]);
    });

    it('keeps deciders as written, each once, at most 20', () => {
      const parsed = RecordDecisionInput.parse({ title: 'T', rationale: 'R', deciders: [' priya ', 'Marco Ruiz', 'priya'] });
      expect(parsed.deciders).toEqual(['priya', 'Marco Ruiz']);
      const many = RecordDecisionInput.safeParse({ title: 'T', rationale: 'R', deciders: Array.from({ length: 21 }, (_, i) => `p${i}`) });
      expect(many.success).toBe(false);
      // A decision recorded before deciders existed (schema version 2) reads with none.
      const v2 = { ...content, status: 'PROPOSED' } as Record<string, unknown>;
      delete v2.deciders;
      expect(createEventRegistry().onRead('DecisionRecorded', 2, v2)).toEqual({ ...content, status: 'PROPOSED', deciders: [] });
    });

    it('turns null and empty optional fields into the defaults', () => {
      const parsed = RecordDecisionInput.parse({
        title: 'T',
        rationale: 'R',
        context: '',
        options: null,
        chosenOption: '',
        status: null,
        tags: null,
      });
      expect(parsed).toMatchObject({ context: null, options: [], chosenOption: null, status: 'PROPOSED', tags: [] });
    });

    it('defaults the pros and cons of an option', () => {
      const parsed = RecordDecisionInput.parse({ title: 'T', rationale: 'R', options: [{ title: 'A' }] });
      expect(parsed.options).toEqual([{ title: 'A', pros: [], cons: [] }]);
    });

    it('deduplicates tags (after trimming), keeping the first order', () => {
      const parsed = RecordDecisionInput.parse({ title: 'T', rationale: 'R', tags: ['b', 'a', 'b', ' a '] });
      expect(parsed.tags).toEqual(['b', 'a']);
    });

    it.each(['', '   '])('refuses an empty title (%j) with path [title]', (title) => {
      const result = RecordDecisionInput.safeParse({ title, rationale: 'R' });
      expect(result.success).toBe(false);
      expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['title'], message: 'must not be empty' })]);
    });

    it('accepts a 200-character title and refuses a 201-character one', () => {
      expect(RecordDecisionInput.safeParse({ title: 'x'.repeat(200), rationale: 'R' }).success).toBe(true);
      const result = RecordDecisionInput.safeParse({ title: 'x'.repeat(201), rationale: 'R' });
      expect(result.success).toBe(false);
      expect(result.error?.issues).toEqual([
        expect.objectContaining({ path: ['title'], message: 'must be at most 200 characters' }),
      ]);
    });

    it('refuses a missing rationale', () => {
      const result = RecordDecisionInput.safeParse({ title: 'T' });
      expect(result.error?.issues.map((i) => i.path)).toEqual([['rationale']]);
    });

    it('refuses SUPERSEDED as an initial status', () => {
      const result = RecordDecisionInput.safeParse({ title: 'T', rationale: 'R', status: 'SUPERSEDED' });
      expect(result.error?.issues.map((i) => i.path)).toEqual([['status']]);
    });
  });

  describe('ChangeDecisionStatusInput', () => {
    const change = { id: 'RGVjaXNpb246ZC0x', expectedVersion: 2 };

    it('refuses SUPERSEDED, pointing to supersedeDecision', () => {
      const result = ChangeDecisionStatusInput.safeParse({ ...change, status: 'SUPERSEDED', reason: 'replaced' });
      expect(result.success).toBe(false);
      expect(result.error?.issues).toEqual([
        expect.objectContaining({ path: ['status'], message: expect.stringMatching(/supersedeDecision/) }),
      ]);
    });

    it.each(['ACCEPTED', 'REJECTED', 'DEPRECATED', 'PROPOSED'] as const)('accepts %s with a reason', (status) => {
      expect(ChangeDecisionStatusInput.parse({ ...change, status, reason: ' agreed in review ' })).toEqual({
        ...change,
        status,
        reason: 'agreed in review',
      });
    });

    it('requires a reason', () => {
      const result = ChangeDecisionStatusInput.safeParse({ ...change, status: 'ACCEPTED', reason: '  ' });
      expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['reason'], message: 'must not be empty' })]);
    });
  });
});

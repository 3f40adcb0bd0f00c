import { tagsAndOwner, tagOwnerArgs, statusArg } from '../record-filters.ts';
import { tagsAndLinks } from '../links.ts';
import { initiatives, latestScore, type InitiativeScore, type InitiativeState } from '../../../domain/initiatives/initiative.ts';
import {
  ChangeInitiativeStatusInput,
  CreateInitiativeInput,
  ReviseInitiativeInput,
  ScoreInitiativeInput,
} from '../../../domain/initiatives/inputs.ts';
import { priorityList, rankOf } from '../../../domain/priorities/priority-list.ts';
import { PRIORITY_LIST_ID } from '../../../domain/priorities/events.ts';
import { SCORE_FORMULA_VERSION } from '../../../domain/initiatives/score.ts';
import {
  INITIATIVE_STREAM,
  InitiativeKindSchema,
  InitiativeStatusSchema,
} from '../../../domain/initiatives/events.ts';
import { recordNode } from '../record-node.ts';
import { builder } from '../../builder.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { enumType } from '../../zod-input.ts';
import { ActorType } from '../actor.ts';
import { recordListQuery } from '../record-list.ts';

export const InitiativeKindEnum = enumType(
  'InitiativeKind',
  InitiativeKindSchema,
  'What kind of work an initiative is.',
  {
    INNOVATION: 'New capability for customers.',
    TUNE_UP: 'The productivity, quality and platform work that keeps innovation possible.',
  },
);

export const InitiativeStatusEnum = enumType(
  'InitiativeStatus',
  InitiativeStatusSchema,
  'PROPOSED -> ACTIVE -> DONE; PROPOSED or ACTIVE -> DROPPED; DROPPED -> PROPOSED.',
  {
    PROPOSED: 'Put forward, not started; it can be ranked and scored.',
    ACTIVE: 'Being worked on.',
    DONE: 'Finished; final.',
    DROPPED: 'Given up; it can be proposed again.',
  },
);

export const InitiativeScoreType = builder.objectRef<InitiativeScore>('InitiativeScore').implement({
  description: `One scoring of an initiative with its inputs and the formula version used. Formula ${SCORE_FORMULA_VERSION} (current): (customerImpact + businessImpact + operationalEfficiency) × confidence ÷ effort, rounded to 2 decimals: impact points per person-week.`,
  fields: (t) => ({
    customerImpact: t.exposeInt('customerImpact', { description: 'What is the customer impact? 1 (low) to 5 (high).' }),
    businessImpact: t.exposeInt('businessImpact', { description: 'What is the business impact? 1 to 5.' }),
    operationalEfficiency: t.exposeInt('operationalEfficiency', {
      description: 'What is the impact on the operational efficiency of the business? 1 to 5.',
    }),
    effort: t.exposeFloat('effort', { description: 'Person-weeks.' }),
    confidence: t.exposeFloat('confidence', { description: '0 to 1.' }),
    formulaVersion: t.exposeInt('formulaVersion', { description: `The version of the score formula used (the current one is ${SCORE_FORMULA_VERSION}).` }),
    score: t.exposeFloat('score', { description: 'The score the formula gave when this scoring was recorded.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it was scored so, as given; null when none was given.' }),
    scoredAt: t.field({ type: 'DateTime', description: 'When the scoring was recorded.', resolve: (s) => s.scoredAt }),
    scoredBy: t.field({ type: ActorType, description: 'Who scored it.', resolve: (s) => s.scoredBy }),
    version: t.exposeInt('version', { description: 'Version of the initiative after this scoring.' }),
  }),
});

export const InitiativeRef = builder.objectRef<InitiativeState>('Initiative');

recordNode(InitiativeRef, INITIATIVE_STREAM, (models, id) => models.initiatives.get(id), {
  description: 'A piece of work competing for a place on the priority list, with its score history.',
  history: 'Every event of this initiative, oldest first (its priority changes are in `why`).',
  stamped: true,
  fields: (t) => ({
    ...tagsAndLinks(t),
    title: t.exposeString('title', { description: 'Short title of the initiative.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the work is and why it matters; null when none was given.' }),
    owner: t.exposeString('owner', { description: 'Who answers for it: a person or a team, as recorded.' }),
    kind: t.field({ type: InitiativeKindEnum, description: 'Innovation or tune-up work.', resolve: (i) => i.kind }),
    status: t.field({ type: InitiativeStatusEnum, description: 'Where it is in its lifecycle.', resolve: (i) => i.status }),
    score: t.field({
      type: InitiativeScoreType,
      nullable: true,
      description: 'The latest scoring; null until scored.',
      resolve: (i) => latestScore(i),
    }),
    scores: t.field({ type: [InitiativeScoreType], description: 'Every scoring, oldest first.', resolve: (i) => i.scores }),
  }),
});

recordListQuery('initiatives', InitiativeRef, {
  description: 'Initiatives in the order they were created, optionally only those of the given statuses and kinds, with the given tags or owner.',
  args: {
    ...statusArg(InitiativeStatusEnum),
    ...builder.args((t) => ({ kind: t.field({ type: [InitiativeKindEnum], required: false, description: 'Only initiatives of one of these kinds; omit for both.' }) })),
    ...tagOwnerArgs,
  },
  list: (models, args) =>
    tagsAndOwner(args.status?.length || args.kind?.length ? models.initiatives.filter({ statuses: args.status ?? undefined, kinds: args.kind ?? undefined }) : models.initiatives.records(), args),
});

const mutation = mutationsOf({ kind: initiatives, payload: recordPayload('initiative', InitiativeRef) });

mutation('createInitiative', {
  description: 'Creates an initiative, PROPOSED or ACTIVE. Rank it with reprioritize.',
  permission: 'lead',
  input: CreateInitiativeInput,
  command: (data) => ({ type: 'CreateInitiative', data }),
});

mutation('reviseInitiative', {
  description: 'Changes the title, description, owner or kind of an open initiative, with a reason.',
  permission: 'lead',
  input: ReviseInitiativeInput,
  command: (changes) => ({ type: 'ReviseInitiative', changes }),
});

mutation('scoreInitiative', {
  description: 'Scores an open initiative; the scoring keeps its inputs, the formula version and the score.',
  permission: 'lead',
  input: ScoreInitiativeInput,
  command: (inputs) => ({ type: 'ScoreInitiative', inputs }),
});

mutation('changeInitiativeStatus', {
  description: 'Starts, completes, drops or re-proposes an initiative, with a reason.',
  permission: 'lead',
  input: ChangeInitiativeStatusInput,
  command: async ({ status }, { state, read }) => {
    const list = await read(priorityList, PRIORITY_LIST_ID);
    return { type: 'ChangeInitiativeStatus', status, rank: rankOf(list, state.id) };
  },
});

import { LinksInput, NewTags, Tags } from '../links/links.ts';
import { z } from 'zod';
import { InitiativeKindSchema, InitiativeStatusSchema } from './events.ts';
import { changeOf, contentFields, IdempotencyKey, initialStatus, LongText, required, unchangedWhenNull } from '../inputs.ts';

const Content = contentFields(
  {
    title: required(200).describe('Short title of the initiative (1-200 characters).'),
    description: LongText.describe('What the work is and why it matters.'),
    owner: required(200).describe('Who answers for it: a person or a team.'),
    kind: InitiativeKindSchema.describe('Innovation (new capability) or tune-up work.'),
    links: LinksInput,
  },
  { optional: ['description'], lists: ['links'] },
);

const Change = changeOf('Initiative', 'initiative');

/** createInitiative: title, owner and kind are required; it starts PROPOSED unless said ACTIVE. */
export const CreateInitiativeInput = z.object({
  ...Content.create,
  status: initialStatus(['PROPOSED', 'ACTIVE'], 'InitiativeStatus'),
  tags: NewTags,
  idempotencyKey: IdempotencyKey,
}).describe('A new initiative: title, owner and kind are required; it starts PROPOSED unless given ACTIVE.');

/** reviseInitiative: only the fields given change; null or "" clears the description. */
export const ReviseInitiativeInput = Change.extend({ ...Content.revise, tags: unchangedWhenNull(Tags) }).describe(
  'Only the fields given change; null or "" clears the description.',
);

const Answer = z
  .number()
  .int('must be a whole number from 1 to 5')
  .min(1, 'must be from 1 (low) to 5 (high)')
  .max(5, 'must be from 1 (low) to 5 (high)');

/** scoreInitiative: the three questions 1-5, effort in person-weeks, confidence 0-1. */
export const ScoreInitiativeInput = Change.extend({
  customerImpact: Answer.describe('What is the customer impact? (bugs, latency, time to value)'),
  businessImpact: Answer.describe('What is the business impact? (brand trust, revenue)'),
  operationalEfficiency: Answer.describe(
    'What is the impact on the operational efficiency of the business? (productivity of developers and staff)',
  ),
  effort: z
    .number()
    .positive('must be more than 0 person-weeks')
    .max(520, 'must be at most 520 person-weeks (ten person-years); split the initiative')
    .describe('Person-weeks, more than 0.'),
  confidence: z.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').describe('How sure the estimates are, 0 to 1.'),
}).describe(
  'The seeds’ three questions (1 low to 5 high), effort in person-weeks and confidence 0-1. The score is computed with the current formula and kept with its inputs.',
);

export const ChangeInitiativeStatusInput = Change.extend({
  status: InitiativeStatusSchema.describe('The new status: ACTIVE or DROPPED from PROPOSED, DONE or DROPPED from ACTIVE, PROPOSED from DROPPED.'),
}).describe(
  'DONE or DROPPED only once the initiative is off the priority list (removeFromPriorities).',
);

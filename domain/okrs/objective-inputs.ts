import { LinksInput, NewTags, Tags } from '../links/links.ts';
import { z } from 'zod';
import { ObjectiveLevelSchema, ObjectiveOutcomeSchema } from './objective-events.ts';
import { changeOf, contentFields, IdempotencyKey, LongText, nodeId, recordId, required, trimmed } from '../inputs.ts';
import { OptionalReason, unchangedWhenNull } from '../inputs.ts';
import { CycleSchema } from './input-rules.ts';

/** The envelope of a change to an objective (closeObjective takes its id and expectedVersion). */
const Change = changeOf('Objective', 'objective');

const Content = contentFields(
  {
    title: required(200).describe('Short title of the objective (1-200 characters).'),
    description: LongText.describe('What the objective is about and why it matters.'),
    level: ObjectiveLevelSchema.describe('COMPANY, TEAM (needs ownerTeam) or INDIVIDUAL (needs owner).'),
    ownerTeam: trimmed(64).describe('Key of the owning team (must exist). Required for TEAM objectives.'),
    owner: trimmed(200).describe('The person accountable. Required for INDIVIDUAL objectives.'),
    alignedTo: nodeId()
      .trim()
      .describe('Id of the parent Objective or KeyResult this objective contributes to (must exist, no cycles).'),
    links: LinksInput,
  },
  { optional: ['description', 'ownerTeam', 'owner', 'alignedTo'], lists: ['links'] },
);

/** setObjective: title and level are required; the cycle defaults to the current quarter. */
export const SetObjectiveInput = z.object({
  ...Content.create,
  cycle: CycleSchema.describe('The quarter, e.g. 2026-Q4, or the key of a cycle defined with defineCycles; defaults to the current quarter. It cannot be changed later.')
    .nullish()
    .transform((v) => v || null),
  tags: NewTags,
  idempotencyKey: IdempotencyKey,
}).describe('A new ACTIVE objective: title and level are required; the cycle defaults to the current quarter.');

/** reviseObjective: only the fields given change; null clears an optional field. The cycle is fixed. */
export const ReviseObjectiveInput = Change.extend({ ...Content.revise, tags: unchangedWhenNull(Tags) }).describe(
  'Only the fields given change; null clears an optional field. The cycle is fixed.',
);

/** closeObjective: the outcome and a closing note are required, a reason is optional. */
export const CloseObjectiveInput = z
  .object({
    id: Change.shape.id,
    expectedVersion: Change.shape.expectedVersion,
    outcome: ObjectiveOutcomeSchema.describe('How it ended.'),
    note: LongText.min(1, 'must not be empty').describe('What was achieved or learned.'),
    reason: OptionalReason.describe('Why, when the note does not say it: kept in the log.'),
    idempotencyKey: IdempotencyKey,
  })
  .describe('Closes an ACTIVE objective: its outcome and a closing note are required.');

/** setObjectiveProgressWeights: a weight per key result and aligned objective, adding up to 100. */
export const SetObjectiveProgressWeightsInput = changeOf('Objective', 'objective')
  .extend({
    weights: z
      .array(
        z
          .object({
            contributor: nodeId().describe('Id of one of its KeyResults, or of an Objective aligned to it or to one of its key results.'),
            weight: z.number().min(0, 'must not be negative').max(100, 'must be at most 100').describe('Per cent of the objective’s progress.'),
          })
          .meta({ graphql: 'ProgressWeightInput' })
          .describe('How much one contributor counts.'),
      )
      .max(200, 'at most 200 weights')
      .describe('Every current key result and aligned objective exactly once, adding up to 100.'),
    progressFormulaVersion: z
      .number()
      .int()
      .nullish()
      .transform((v) => v ?? undefined)
      .describe('The progress formula to compute it with from now on; defaults to the current one (2). Formula 1 ignores weights.'),
  })
  .describe('Sets the weights of an ACTIVE objective’s contributors in its progress, and its progress formula.');

/** carryOverObjective: a CLOSED objective continues in a later cycle. */
export const CarryOverObjectiveInput = z
  .object({
    id: recordId('Objective').describe('The CLOSED objective to carry over.'),
    toCycle: CycleSchema.describe('The cycle it continues in: a calendar quarter or a defined cycle key, starting after its own cycle starts.'),
    reason: required(2000).describe('Why it is carried over.'),
    idempotencyKey: IdempotencyKey,
  })
  .describe('Starts a CLOSED objective again in a later cycle, linked to it, with its key results carried over with their last value and target.');

import { z } from 'zod';
import { IdempotencyKey, required } from '../inputs.ts';
import { TeamKeySchema } from '../teams/inputs.ts';

const fields = {
  team: TeamKeySchema.describe('The team key.'),
  person: required(256).describe("The person's token subject."),
  reason: required(2000).describe('Why: kept in the log.'),
  idempotencyKey: IdempotencyKey,
};

export const AddTeamMemberInput = z.object(fields).describe('Who joins which team, and why.');
export const RemoveTeamMemberInput = z.object(fields).describe('Who leaves which team, and why.');

import { builder } from '../builder.ts';

export const USER_ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'VERSION_CONFLICT',
  'INVALID_TRANSITION',
  'TOO_LARGE',
  'IDEMPOTENCY_KEY_REUSED',
] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

const USER_ERROR_CODE_DESCRIPTIONS: Record<UserErrorCode, string> = {
  INVALID_INPUT: 'A field is missing, malformed or out of range (see field and message).',
  NOT_FOUND: 'The record named by an id does not exist.',
  VERSION_CONFLICT: 'The record changed since expectedVersion: read it again and retry.',
  INVALID_TRANSITION: 'The record is not in a state that allows this change (e.g. closing an objective that is not ACTIVE).',
  TOO_LARGE: 'The change would make an event larger than the log can store (400 KB).',
  IDEMPOTENCY_KEY_REUSED: 'You already used this idempotencyKey for a different request: use a new key for a new request.',
};

/** A problem with the request the client can fix: what, where in the input, and why. */
export interface UserError {
  code: UserErrorCode;
  field: string[] | null;
  message: string;
}

export const UserErrorCodeEnum = builder.enumType('UserErrorCode', {
  description: 'Why a mutation was refused.',
  values: Object.fromEntries(USER_ERROR_CODES.map((code) => [code, { description: USER_ERROR_CODE_DESCRIPTIONS[code] }])),
});

export const UserErrorType = builder.objectRef<UserError>('UserError').implement({
  description: 'A problem with the input of a mutation. Nothing was written when a payload has user errors.',
  fields: (t) => ({
    code: t.field({ type: UserErrorCodeEnum, description: 'What kind of problem it is, for the client to branch on.', resolve: (e) => e.code }),
    field: t.exposeStringList('field', {
      nullable: true,
      description: 'Path to the input field at fault, e.g. ["input", "options", "0", "title"].',
    }),
    message: t.exposeString('message', { description: 'Human-readable explanation, in English.' }),
  }),
});

import type { ObjectRef } from '@pothos/core';
import { builder, type BuilderTypes } from '../builder.ts';
import { UserErrorType, type UserError } from './user-error.ts';

export interface Payload<T> {
  record: T | null;
  userErrors: UserError[];
}

/** The description of a payload type whose answer is `what` (e.g. "the decision as it stands after the change"). */
export const payloadDescription = (what: string) => `What a mutation answers: ${what}, or null and userErrors when it was refused.`;

/** The `userErrors` field of every payload type. */
export const userErrorsField = <P extends { userErrors: UserError[] }>(t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, P>) =>
  t.field({ type: [UserErrorType], description: 'Why the mutation was refused; empty when it succeeded. Nothing was written when this is not empty.', resolve: (p) => p.userErrors });

/** A mutation payload: the record (null when refused) and `userErrors` (empty on success). */
export function payloadType<T>(name: string, recordField: string, recordType: ObjectRef<BuilderTypes, T>) {
  return builder.objectRef<Payload<T>>(name).implement({
    description: payloadDescription(`the ${recordField} as it stands after the change`),
    fields: (t) => ({
      [recordField]: t.field({
        type: recordType as unknown as ObjectRef<never, unknown>,
        nullable: true,
        description: `The ${recordField} after the change; null when the mutation was refused (see userErrors).`,
        // Pothos cannot relate a generic T to the ref's shape; the ref is built for T above.
        resolve: (p) => p.record as never,
      }),
      userErrors: userErrorsField(t),
    }),
  });
}

export const refused = (userErrors: UserError[]): Payload<never> => ({ record: null, userErrors });

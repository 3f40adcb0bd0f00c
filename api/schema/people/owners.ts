import { builder } from '../../builder.ts';
import { DecisionRef } from '../decisions/decision.ts';
import { InitiativeRef } from '../initiatives/initiative.ts';
import { KeyResultRef, ObjectiveRef } from '../okrs/objective-refs.ts';
import { PersonRef } from './person.ts';

// Owners become people without rewriting the log: a free-text `owner` (kept as the display name)
// resolves at read time to the one person whose subject, e-mail, name or alias it is.
const DESCRIPTION = 'The person the free-text `owner` names (by subject, e-mail, name or alias); null until exactly one person matches.';

for (const ref of [DecisionRef, ObjectiveRef, KeyResultRef, InitiativeRef] as const) {
  builder.objectField(ref as typeof DecisionRef, 'ownerPerson', (t) =>
    t.field({
      type: PersonRef,
      nullable: true,
      description: DESCRIPTION,
      resolve: async (record, _args, ctx) => (await ctx.read()).people.match((record as { owner?: string | null }).owner) ?? null,
    }),
  );
}

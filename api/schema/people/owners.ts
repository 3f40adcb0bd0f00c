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

const DeciderType = builder.objectRef<{ name: string }>('DecisionDecider').implement({
  description: 'One who decides a decision: the name as written, and the person it names.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'As written on the decision (a subject, e-mail, name or alias).' }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The person the name matches; null until exactly one person does.',
      resolve: async ({ name }, _args, ctx) => (await ctx.read()).people.match(name) ?? null,
    }),
  }),
});

// Deciders follow the owners' pattern: text in the log, people at read time.
builder.objectField(DecisionRef, 'deciders', (t) =>
  t.field({
    type: [DeciderType],
    description: 'Who decides, in the order given; decisions recorded before deciders existed have none.',
    resolve: (decision) => decision.deciders.map((name) => ({ name })),
  }),
);

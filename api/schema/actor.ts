import type { Actor } from '../../events/envelope.ts';
import { builder } from '../builder.ts';

export const ActorKindEnum = builder.enumType('ActorKind', { description: 'Whether an actor is a person or a service account.', values: { HUMAN: { description: 'A person, signed in with their own token.' }, SERVICE: { description: 'A service acting with its own token (e.g. a client-credentials token with client_id).' } } as const });

export const ActorType = builder.objectRef<Actor>('Actor').implement({
  description: 'Who caused an event: an authenticated person or a service.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The subject (sub claim) of the token the actor used.' }),
    name: t.exposeString('name', { description: "Display name from the token's name claim; the id when the token has none." }),
    kind: t.field({ type: ActorKindEnum, description: 'Person or service.', resolve: (a) => a.kind }),
  }),
});

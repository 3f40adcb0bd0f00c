import type { Actor } from '../../events/envelope.ts';
import { builder } from '../builder.ts';

export const ActorKindEnum = builder.enumType('ActorKind', { values: ['HUMAN', 'SERVICE'] as const });

export const ActorType = builder.objectRef<Actor>('Actor').implement({
  description: 'Who caused an event: an authenticated person or a service.',
  fields: (t) => ({
    id: t.exposeString('id'),
    name: t.exposeString('name'),
    kind: t.field({ type: ActorKindEnum, resolve: (a) => a.kind }),
  }),
});

import { builder } from '../builder.ts';
import './user-error.ts';
import './actor.ts';
import './audit-event.ts';
import './decision.ts';
import './decision-mutations.ts';

/** The whole GraphQL schema: one module per record kind registers its types and fields. */
export const schema = builder.toSchema({ sortSchema: true });

import type { ObjectRef } from '@pothos/core';
import type { scopeFor } from '../auth/permissions.ts';
import { builder, type BuilderTypes } from '../builder.ts';

type AuthScopes = ReturnType<typeof scopeFor>;

/**
 * A Relay connection type `<Name>Connection` with `<Name>Edge` edges and a `totalCount`, for
 * resolvers that return `keyedConnection(...)` (api/connection.ts).
 */
export function countedConnection<T>(name: string, type: ObjectRef<BuilderTypes, T>, options: { authScopes?: AuthScopes } = {}) {
  const connection = builder.connectionObject({ type, name: `${name}Connection`, description: `A page of ${name} items (Relay cursor connection), with the total across all pages.`, ...options }, { name: `${name}Edge`, description: `One ${name} item of a page, with its cursor.` });
  builder.objectField(connection, 'totalCount', (t) =>
    t.int({
      description: 'Items matching the query, across all pages.',
      resolve: (c) => (c as unknown as { totalCount: number }).totalCount,
    }),
  );
  return connection;
}

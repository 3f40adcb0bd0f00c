import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import { pointInTimePlugin } from './point-in-time.ts';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { PERMISSIONS, ROOT_DEFAULTS, permissionsOf, scopeFor, type Permission, type Role } from './auth/permissions.ts';
import type { ApiContext } from './context.ts';

/** The scope map of a list of roles; worked out once per list (a verified token's roles are cached with it). */
const scopesByRoles = new WeakMap<readonly Role[], Record<Permission, boolean>>();
function scopesOf(roles: readonly Role[]): Record<Permission, boolean> {
  let scopes = scopesByRoles.get(roles);
  if (!scopes) {
    const granted = permissionsOf(roles);
    scopes = Object.freeze(Object.fromEntries(PERMISSIONS.map((permission) => [permission, granted.has(permission)]))) as Record<Permission, boolean>;
    scopesByRoles.set(roles, scopes);
  }
  return scopes;
}

export const builder = new SchemaBuilder<{
  Context: ApiContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  AuthScopes: Record<Permission, boolean>;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, pointInTimePlugin],
  scopeAuth: {
    treatErrorsAsUnauthorized: true,
    authScopes: (ctx) => scopesOf(ctx.roles),
    unauthorizedError: (_parent, ctx, info) =>
      new GraphQLError(`Your roles (${ctx.roles.join(', ') || 'none'}) do not allow ${info.parentType.name}.${info.fieldName}`, {
        extensions: { code: 'FORBIDDEN' },
      }),
  },
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // Defined in api/schema/node.ts, with the time-travel arguments.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);

// Every field needs a permission (api/auth/permissions.ts): the default of its root type, or its own.
builder.queryType({ authScopes: scopeFor(ROOT_DEFAULTS.Query) });
builder.mutationType({ authScopes: scopeFor(ROOT_DEFAULTS.Mutation) });

/** The schema types of this builder, for helpers that take refs or field builders. */
export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

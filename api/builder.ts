import SchemaBuilder, { completeValue, RootFieldBuilder } from '@pothos/core';
import RelayPlugin, { encodeGlobalID } from '@pothos/plugin-relay';
import { pointInTimePlugin } from './point-in-time.ts';
import { safeLeavesPlugin } from './safe-leaves.ts';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError, GraphQLScalarType } from 'graphql';
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

/**
 * `t.globalID` (every node's `id`) without the await: the relay plugin's version is an async
 * function, so each node of a page became a promise and each node and edge object a
 * Promise.all (a fifth of the CPU of a 50-node page). This one returns the encoded id directly
 * when the id resolver is synchronous, and waits only when it returns a promise; the ids are the
 * same (test/api/global-id-field.test.ts).
 */
type GlobalIdResult = { type: string | object; id: unknown } | string | null | undefined;
type GlobalIdResolver = (parent: unknown, args: unknown, context: unknown, info: unknown) => GlobalIdResult | Promise<GlobalIdResult>;
const relayFieldBuilder = RootFieldBuilder.prototype as unknown as { globalID: (options: { resolve: GlobalIdResolver }) => unknown };
relayFieldBuilder.globalID = function globalID(this: RootFieldBuilder<BuilderTypes, unknown>, { resolve, ...options }) {
  const relay = this.builder.options.relay;
  const encode = (typename: string, id: string, context: unknown) =>
    relay?.encodeGlobalID ? relay.encodeGlobalID(typename, id, context as ApiContext) : encodeGlobalID(typename, id);
  return (this.field as (options: object) => unknown)({
    ...options,
    type: 'ID',
    resolve: (parent: unknown, args: unknown, context: unknown, info: unknown) =>
      completeValue(resolve(parent, args, context, info), (result) =>
        !result || typeof result !== 'object'
          ? result
          : encode(this.builder.configStore.getTypeConfig(result.type as never).name, String(result.id), context),
      ),
  });
};

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
  // safeLeaves first: it wraps outermost, so it sees what every other plugin's wrapper returns.
  plugins: [safeLeavesPlugin, ScopeAuthPlugin, RelayPlugin, pointInTimePlugin],
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
    edgesFieldOptions: { nullable: false, description: 'The items of this page, in order, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item at this position.' },
    cursorFieldOptions: { description: 'Opaque position of this item: pass it as after or before to page from here.' },
    pageInfoTypeOptions: { description: 'Where a page sits in the whole list (Relay cursor connections).' },
    pageInfoFieldOptions: { description: 'Whether there are more items before or after this page, and the cursors to fetch them.' },
    hasNextPageFieldOptions: { description: 'True when more items follow this page (when paging forwards with first).' },
    hasPreviousPageFieldOptions: { description: 'True when more items precede this page (when paging backwards with last).' },
    startCursorFieldOptions: { description: "Cursor of the page's first item; null when the page is empty." },
    endCursorFieldOptions: { description: "Cursor of the page's last item; null when the page is empty." },
    // Defined in api/schema/node.ts: a malformed id is an error of its own, not the whole list's.
    nodeTypeOptions: { description: 'A record of the ledger with a global id (Relay Object Identification): fetch it again with node(id:).' },
    idFieldOptions: { description: 'Global id of the record: opaque and stable; pass it to node(id:) or to mutations.' },
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

builder.addScalarType('DateTime', fastDateTime());
builder.addScalarType('JSON', JSONResolver);

// Every field needs a permission (api/auth/permissions.ts): the default of its root type, or its own.
builder.queryType({ description: 'The ledger as it stands now: records, their history, the audit trail and derived reports.', authScopes: scopeFor(ROOT_DEFAULTS.Query) });
builder.mutationType({ description: 'Every change to the ledger: each mutation appends events and answers with a payload.', authScopes: scopeFor(ROOT_DEFAULTS.Mutation) });

/**
 * graphql-scalars' DateTime, with a shortcut for what the ledger stores: a timestamp already in
 * the canonical form (`Date#toISOString`) is answered as it is, instead of validated by pattern,
 * parsed into a Date and printed again (a tenth of a millisecond per page of 50). Anything else
 * goes through DateTimeResolver unchanged, so the answer is the same either way.
 */
function fastDateTime(): GraphQLScalarType {
  const config = DateTimeResolver.toConfig();
  const serialize = config.serialize;
  return new GraphQLScalarType({
    ...config,
    serialize: (value) => {
      if (typeof value === 'string' && CANONICAL_INSTANT.test(value)) {
        const time = Date.parse(value);
        if (!Number.isNaN(time) && new Date(time).toISOString() === value) return value;
      }
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
      return serialize(value);
    },
  });
}

const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The schema types of this builder, for helpers that take refs or field builders. */
export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

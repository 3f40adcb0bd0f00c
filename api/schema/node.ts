import { decodeGlobalID, resolveNodes } from '@pothos/plugin-relay';
import { GraphQLError, isInterfaceType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { builder } from '../builder.ts';
import { LIMITS } from '../hardening/limits.ts';

/**
 * Relay's `node` and `nodes`, exactly as the Object Identification spec has them (relay-compiler
 * refuses `@refetchable` otherwise): `node(id: ID!): Node` and `nodes(ids: [ID!]!): [Node]!`.
 * They answer as the ledger stands now; `ledger(asOf:, atPosition:)` has both as they stood then
 * (api/schema/ledger-at.ts). A well-formed id of a record that does not exist is null; a malformed
 * one, or one of a type that is not a record, is null with a BAD_USER_INPUT error of its own (in
 * `nodes`, at its index: the other ids still resolve).
 */

type Decoded = { typename: string; id: string };

const recordTypes = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

/** The Node types of a schema (a Set: an id naming `__proto__` or `constructor` is just not in it). */
function recordTypesOf(schema: GraphQLSchema): ReadonlySet<string> {
  let types = recordTypes.get(schema);
  if (!types) {
    const node = schema.getType('Node');
    types = new Set(isInterfaceType(node) ? schema.getPossibleTypes(node).map((t) => t.name) : []);
    recordTypes.set(schema, types);
  }
  return types;
}

const shown = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

const badId = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

function decode(globalId: string, info: GraphQLResolveInfo): Decoded | GraphQLError {
  let decoded: Decoded;
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    return badId(`${shown(globalId)} is not a valid id: ids are the opaque \`id\` values this API returns`);
  }
  if (!recordTypesOf(info.schema).has(decoded.typename)) {
    return badId(`${shown(globalId)} is not the id of a record: ${shown(decoded.typename)} is not a record type (Node)`);
  }
  return decoded;
}

const load = (ctx: object, info: GraphQLResolveInfo, ids: (Decoded | null)[]): Promise<unknown[]> =>
  resolveNodes(builder as never, ctx as never, info, ids as never) as Promise<unknown[]>;

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Any record by its global id, as it stands now (`ledger(asOf:)` for a past moment); null when there is none.',
    args: { id: t.arg.id({ required: true, description: 'Global id of the record (the id field of any Node).' }) },
    resolve: async (_root, args, ctx, info) => {
      const decoded = decode(String(args.id), info);
      if (decoded instanceof GraphQLError) throw decoded;
      return ((await load(ctx, info, [decoded]))[0] ?? null) as never;
    },
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `Records by their global ids (at most ${LIMITS.nodeIds}), in the order asked; null for each that does not exist, and null with its own error for each malformed id.`,
    args: { ids: t.arg.idList({ required: true, description: `Global ids of the records, at most ${LIMITS.nodeIds}; the answer has one entry per id, in this order.` }) },
    resolve: async (_root, args, ctx, info) => {
      if (args.ids.length > LIMITS.nodeIds) {
        throw new GraphQLError(`nodes takes at most ${LIMITS.nodeIds} ids; got ${args.ids.length}`, { extensions: { code: 'QUERY_LIMIT_EXCEEDED' } });
      }
      const decoded = args.ids.map((id) => decode(String(id), info));
      const found = await load(ctx, info, decoded.map((d) => (d instanceof GraphQLError ? null : d)));
      // An Error among a list's items is that item's error, at its own index, and the item null.
      return decoded.map((d, i) => (d instanceof GraphQLError ? d : (found[i] ?? null))) as never;
    },
  }),
}));

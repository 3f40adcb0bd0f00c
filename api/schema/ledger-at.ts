import {
  GraphQLError,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
} from 'graphql';
import { permissionsOf, ROOT_DEFAULTS } from '../auth/permissions.ts';
import type { ApiContext } from '../context.ts';
import { rootKey, type TimeArgs } from '../point-in-time.ts';

/**
 * `ledger(asOf:, atPosition:): Ledger!`: the ledger as it stood at a point of the log, with `node`,
 * `nodes` and every state query of Query under it, without time arguments of their own. It is how
 * a single record travels in time now that `node` and `nodes` take exactly the arguments Relay's
 * spec gives them.
 *
 * Derived from the built schema, so a state query added to Query later (any field taking both
 * `asOf` and `atPosition`) appears under Ledger without this file changing. The fields reuse
 * Query's resolvers: the time-travel plugin (api/point-in-time.ts) scopes every field by its root
 * field's point in time, and here the root field is `ledger`, whose resolver fixes that point.
 */

const TIME_ARGS = ['asOf', 'atPosition'] as const;
/** Query fields under Ledger although they take no time arguments: they read state all the same. */
const ALSO_UNDER_LEDGER = ['node', 'nodes'];

/** Nothing to hold: Ledger's fields read the scope of their root field. */
const LEDGER = Object.freeze({});

type FieldConfig = GraphQLFieldConfig<unknown, ApiContext>;

const travels = (field: FieldConfig): boolean => TIME_ARGS.every((arg) => field.args && arg in field.args);

function withoutTimeArgs(field: FieldConfig): FieldConfig {
  const args: GraphQLFieldConfigArgumentMap = { ...field.args };
  for (const arg of TIME_ARGS) delete args[arg];
  return { ...field, args };
}

export function withLedgerAt(schema: GraphQLSchema): GraphQLSchema {
  const config = schema.toConfig();
  const query = config.query!;
  const queryConfig = query.toConfig();
  const queryFields = queryConfig.fields as GraphQLFieldConfigMap<unknown, ApiContext>;

  const ledgerFields: GraphQLFieldConfigMap<unknown, ApiContext> = {};
  let timeArgs: GraphQLFieldConfigArgumentMap | undefined;
  for (const [name, field] of Object.entries(queryFields)) {
    if (travels(field)) timeArgs ??= { asOf: field.args!.asOf!, atPosition: field.args!.atPosition! };
    if (travels(field) || ALSO_UNDER_LEDGER.includes(name)) ledgerFields[name] = withoutTimeArgs(field);
  }
  if (!timeArgs) throw new Error('No Query field takes asOf and atPosition: nothing to put under Ledger');

  const ledgerType = new GraphQLObjectType<unknown, ApiContext>({
    name: 'Ledger',
    description:
      'The ledger as it stood at one point of the log: every record and state query, answered exactly as then (and every field below them).',
    fields: ledgerFields,
  });

  const ledger: FieldConfig = {
    type: new GraphQLNonNull(ledgerType),
    description:
      'The ledger as it stood at `asOf` or right after `atPosition` (without either: now). `node`, `nodes` and every state query are under it; `extensions.ledger.positions` says which position it reflects.',
    args: timeArgs,
    resolve: async (_root, args, ctx, info) => {
      if (!permissionsOf(ctx.roles).has(ROOT_DEFAULTS.Query)) {
        throw new GraphQLError(`Your roles (${ctx.roles.join(', ') || 'none'}) do not allow Query.ledger`, { extensions: { code: 'FORBIDDEN' } });
      }
      // Fixes (and checks) the point in time every field below reads at.
      await ctx.timeTravel.contextFor(ctx, rootKey(info), args as TimeArgs).pointInTime();
      return LEDGER;
    },
  };

  const queryType = new GraphQLObjectType<unknown, ApiContext>({ ...queryConfig, fields: { ...queryFields, ledger } });
  return new GraphQLSchema({
    ...config,
    query: queryType,
    types: [...config.types.map((type) => (type === query ? queryType : type)), ledgerType],
  });
}

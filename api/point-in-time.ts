import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { Plugin } from 'graphql-yoga';
import { defaultFieldResolver, GraphQLError, type GraphQLFieldResolver, type GraphQLResolveInfo } from 'graphql';
import { positionAt } from '../events/log-cache.ts';
import { retrying, type LiveReadModels, type ReadModels } from './read-models.ts';

/**
 * Time travel for every state query. A root query field that takes `asOf` / `atPosition` reads
 * the read models exactly as they stood at that point of the log, and so does every field below
 * it (found through the root of its response path), so aliases can compare two moments in one
 * request. The position each root field reflects is reported in `extensions.ledger.positions`.
 */

export interface PointInTime {
  /** Last log position the answer reflects. */
  position: number;
  /** The instant asked for (ISO 8601; for a position, when it was recorded), or null for now. */
  asOf: string | null;
}

interface Scope {
  models: ReadModels;
  pointInTime: PointInTime;
}

/** What time travel needs of a request's context (api/context.ts's ApiContext has it). */
export interface TravellingContext {
  read(): Promise<ReadModels>;
  /** The read models are a past point's, read lazily (LiveReadModels.past): a read may meet NotLoaded. */
  readonly readsPast?: boolean;
  /** Whether a live view may still meet NotLoaded (restored from a snapshot, its bytes not all read: LiveReadModels.waiting). */
  viewsWaiting?: () => boolean;
  /** Resolves once no live view meets NotLoaded any more (LiveReadModels.ready). */
  viewsReady?: () => Promise<void>;
  pointInTime(): Promise<PointInTime>;
  timeTravel: TimeTravel;
}

export interface TimeArgs {
  asOf?: Date | null;
  atPosition?: number | null;
}

/** Per request: which point in time each root field reads at. */
export class TimeTravel {
  /** Position each root field's answer reflects, by response key. */
  readonly positions: Record<string, number> = {};
  private readonly contexts = new Map<string, TravellingContext>();

  /** `live` reads the live models, caught up (and caught up again after this request writes). */
  constructor(private readonly live: () => Promise<LiveReadModels>) {}

  /** The context the resolvers under root field `root` see; `args` for a field that travels. */
  contextFor<C extends TravellingContext>(base: C, root: string, args?: TimeArgs): C {
    let context = this.contexts.get(root) as C | undefined;
    if (!context) {
      const past = !!args && (!!args.asOf || args.atPosition != null);
      const scope = past ? this.fixed(root, args) : this.current(root);
      context = Object.create(base, {
        read: { value: () => scope().then((s) => s.models) },
        pointInTime: { value: () => scope().then((s) => s.pointInTime) },
        readsPast: { value: past },
      }) as C;
      this.contexts.set(root, context);
    }
    return context;
  }

  /** Now: the live models every time they are read, so a mutation's payload sees its own write. */
  private current(root: string): () => Promise<Scope> {
    return async () => {
      const models = await this.live();
      this.positions[root] = models.log.position;
      return { models, pointInTime: { position: models.log.position, asOf: null } };
    };
  }

  /** A past point: resolved once, on first use, and kept for the rest of the request. */
  private fixed(root: string, args: TimeArgs): () => Promise<Scope> {
    let scope: Promise<Scope> | null = null;
    return () =>
      (scope ??= this.resolve(root, args).catch((error: unknown) => {
        scope = null;
        throw error;
      }));
  }

  private async resolve(root: string, args: TimeArgs): Promise<Scope> {
    if (args.asOf && args.atPosition != null) throw badInput('Give asOf or atPosition, not both');
    const live = await this.live();
    const head = live.log.position;
    let pointInTime: PointInTime;
    if (args.atPosition != null) {
      if (args.atPosition < 0 || args.atPosition > head) {
        throw badInput(`atPosition must be between 0 and the head of the log (${head})`);
      }
      pointInTime = { position: args.atPosition, asOf: (await live.log.at(args.atPosition))?.recordedAt ?? null };
    } else {
      const asOf = args.asOf!.toISOString();
      pointInTime = { position: positionAt(live.log, asOf), asOf };
    }
    this.positions[root] = pointInTime.position;
    return { models: live.past(pointInTime.position), pointInTime };
  }
}

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** The response key of the root field a resolver runs under: the scope of its point in time. */
export function rootKey(info: GraphQLResolveInfo): string {
  let path = info.path;
  while (path.prev) path = path.prev;
  return String(path.key);
}

/** Pothos plugin: hands every resolver the context of its root field's point in time. */
export class PointInTimePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    // Fields exposed as a property of their parent (t.expose*) read no context: nothing to hand them.
    if (resolver === defaultFieldResolver) return resolver;
    const travels = fieldConfig.parentType === 'Query' && 'asOf' in fieldConfig.args && 'atPosition' in fieldConfig.args;
    const mutation = fieldConfig.parentType === 'Mutation';
    return (parent, args, context, info) => {
      const ctx = context as TravellingContext;
      const scoped = ctx.timeTravel.contextFor(ctx, rootKey(info), travels && !info.path.prev ? (args as TimeArgs) : undefined);
      const run = () => resolver(parent, args, scoped, info);
      // A mutation must not run twice: it waits for every view instead.
      if (mutation && ctx.viewsWaiting?.()) return ctx.viewsReady!().then(run);
      // Read models read lazily (a past point's, or views still being read): a resolver that meets what is not read yet runs again once it is.
      return scoped.readsPast || ctx.viewsWaiting?.() ? retrying(run) : run();
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      pointInTime: PointInTimePlugin<Types>;
    }
  }
}

/** The plugin's name, for `plugins: [...]` of the schema builder. */
export const pointInTimePlugin = 'pointInTime' as const;
SchemaBuilder.registerPlugin(pointInTimePlugin, PointInTimePlugin);

/** Yoga plugin: says in `extensions.ledger.positions` which log position each root field reflects. */
export const ledgerPositionsPlugin: Plugin<TravellingContext> = {
  onExecute: ({ args }) => ({
    onExecuteDone: ({ result, setResult }) => {
      const positions = (args.contextValue as TravellingContext).timeTravel?.positions;
      if (!positions || !Object.keys(positions).length || Symbol.asyncIterator in result) return;
      setResult({ ...result, extensions: { ...result.extensions, ledger: { positions } } });
    },
  }),
};

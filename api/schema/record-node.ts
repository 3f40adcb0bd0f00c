import type { FieldMap, ObjectRef } from '@pothos/core';
import type { BuilderTypes } from '../builder.ts';
import { builder } from '../builder.ts';
import { keyedConnection } from '../connection.ts';
import type { ApiContext, ReadModels } from '../context.ts';
import { TYPE_OF_KIND } from '../global-id.ts';
import { RECORD_LOOKUPS } from '../record-lookup.ts';
import { retrying } from '../read-models.ts';
import { AuditEventConnection } from './audit-event.ts';
import { pageArgs } from './page-args.ts';
import { ActorType } from './actor.ts';
import type { Creation } from '../../domain/decider.ts';

export interface RecordNodeSpec<S> {
  description: string;
  /** Who may read the type (scope-auth), when not everyone who may query. */
  authScopes?: Parameters<typeof builder.node>[1]['authScopes'];
  /** The type's own fields (the stamped ones and `history` are added). */
  fields: (t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, S>) => FieldMap;
  /** Its id in its stream; by default its `id`. */
  id?: (record: S) => string;
  /** A `history` field (every event of the record, from its stream), with this description (true: "Every event of this <record>, oldest first."). */
  history?: string | true;
  /**
   * For records stamped at creation (domain/decider.ts `Creation`): their `version` field ("Pass it
   * as expectedVersion when changing the <record>."), `createdAt`, `updatedAt` and `recordedBy`.
   */
  stamped?: true;
}

/** How the stamped fields are described; also for record types that carry some of them without `stamped`. */
export const stampDescription = {
  version: (noun: string) => `Pass it as expectedVersion when changing the ${noun}.`,
  createdAt: (noun: string) => `When the ${noun} was first recorded (its first event).`,
  updatedAt: (noun: string) => `When the ${noun} last changed (its latest event).`,
  recordedBy: (noun: string) => `Who created the ${noun} (the actor of its first event); null when that is not known.`,
};

interface Stamped {
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: Creation['createdBy'];
}

/**
 * A field naming another record by its id: that record, found as `node(id:)` finds it (the lookup
 * its `recordNode` registered); null when the id is empty or names no record.
 */
export function linkedRecord<P, S extends object>(
  t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, P>,
  ref: ObjectRef<BuilderTypes, S>,
  description: string,
  idOf: (parent: P) => string | null | undefined,
) {
  return t.field({
    // Typed as any record: Pothos cannot check a resolver against a generic S.
    type: ref as ObjectRef<BuilderTypes, object>,
    nullable: true,
    description,
    resolve: async (parent, _args, ctx) => {
      const id = idOf(parent);
      return id ? ((await RECORD_LOOKUPS[ref.name]!(await ctx.read(), id)) ?? null) : null;
    },
  });
}

/** Finds a record in the read models: for `node(id:)`, links and evidence. */
export type RecordLookup<S> = (models: ReadModels, id: string) => S | undefined;

/**
 * A record type: a Relay node with its id and loader, and its registration: `lookup`, which every
 * link and `node(id:)` uses, `stream`, the stream kind its records live in (its events' subject ids
 * name this type; null for a record without a stream of its own), its `history` connection and its
 * stamped fields. One call per record type, in its kind's API module.
 */
export function recordNode<S extends object>(ref: ObjectRef<BuilderTypes, S>, stream: string | null, lookup: RecordLookup<S>, spec: RecordNodeSpec<S>) {
  const typename = ref.name;
  // "KeyResult" -> "key result": how descriptions name the record.
  const noun = typename.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
  const id = spec.id ?? ((record: S) => (record as S & { id: string }).id);
  RECORD_LOOKUPS[typename] = lookup;
  if (stream) TYPE_OF_KIND[stream] = typename;
  if (stream && spec.history) {
    builder.objectField(ref, 'history', (t) =>
      t.field({
        type: AuditEventConnection,
        description: spec.history === true ? `Every event of this ${noun}, oldest first.` : spec.history,
        args: pageArgs,
        resolve: async (record, args, ctx) => keyedConnection(await (await ctx.read()).log.stream(stream, id(record)), (e) => e.version, args),
      }),
    );
  }
  if (spec.stamped) {
    const stamped = ref as unknown as ObjectRef<BuilderTypes, Stamped>;
    builder.objectFields(stamped, (t) => ({
      version: t.exposeInt('version', { description: stampDescription.version(noun) }),
      createdAt: t.field({ type: 'DateTime', description: stampDescription.createdAt(noun), resolve: (r) => r.createdAt }),
      updatedAt: t.field({ type: 'DateTime', description: stampDescription.updatedAt(noun), resolve: (r) => r.updatedAt }),
      recordedBy: t.field({ type: ActorType, nullable: true, description: stampDescription.recordedBy(noun), resolve: (r) => r.createdBy }),
    }));
  }
  builder.node(ref, {
    description: spec.description,
    ...(spec.authScopes ? { authScopes: spec.authScopes } : {}),
    id: { resolve: id, description: `Global id of the ${noun}: pass it to node(id:) or to mutations.` },
    // Retried here, not by the resolver: the loader keeps what it answered, a NotLoaded included.
    loadOne: async (id: string, ctx: ApiContext) => retrying(async () => lookup(await ctx.read(), id) ?? null),
    fields: spec.fields,
  });
}

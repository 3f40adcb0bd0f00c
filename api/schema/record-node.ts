import type { ObjectRef } from '@pothos/core';
import type { BuilderTypes } from '../builder.ts';
import { builder } from '../builder.ts';
import { keyedConnection } from '../connection.ts';
import type { ApiContext, ReadModels } from '../context.ts';
import { TYPE_OF_KIND } from '../global-id.ts';
import { RECORD_LOOKUPS } from '../record-lookup.ts';
import { AuditEventConnection } from './audit-event.ts';
import { pageArgs } from './page-args.ts';

export interface RecordNodeSpec<S> {
  /** The stream kind its records live in: its events' subject ids name this type. */
  stream?: string;
  /** Its id in its stream. */
  id: (record: S) => string;
  /** Finds a record in the read models: for `node(id:)`, links and evidence. */
  lookup: (models: ReadModels, id: string) => S | undefined;
  /** A `history` field (every event of the record, from its stream), with this description or none (true). */
  history?: string | true;
}

/**
 * The node options of a record type (`id`, `loadOne`), spread into `builder.node(ref, {...})`,
 * and its registration: the lookup every link and `node(id:)` uses, the type name of its stream
 * kind, and its `history` connection. One call per record type, in its kind's API module.
 */
export function recordNode<S extends object>(ref: ObjectRef<BuilderTypes, S>, spec: RecordNodeSpec<S>) {
  const typename = ref.name;
  RECORD_LOOKUPS[typename] = spec.lookup;
  if (spec.stream) TYPE_OF_KIND[spec.stream] = typename;
  if (spec.stream && spec.history) {
    const stream = spec.stream;
    builder.objectField(ref, 'history', (t) =>
      t.field({
        type: AuditEventConnection,
        description: spec.history === true ? undefined : spec.history,
        args: pageArgs,
        resolve: async (record, args, ctx) => keyedConnection((await ctx.read()).log.stream(stream, spec.id(record)), (e) => e.version, args),
      }),
    );
  }
  return {
    id: { resolve: spec.id },
    loadOne: async (id: string, ctx: ApiContext) => spec.lookup(await ctx.read(), id) ?? null,
  };
}

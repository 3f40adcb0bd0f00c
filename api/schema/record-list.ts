import type { InputFieldMap, InputShapeFromFields, ObjectRef } from '@pothos/core';
import type { Indexed } from '../../domain/copyable.ts';
import { builder, type BuilderTypes } from '../builder.ts';
import { creationOrder } from '../connection.ts';
import type { ReadModels } from '../context.ts';
import { countedConnection } from './counted-connection.ts';
import { listArgs } from './page-args.ts';

export interface RecordListSpec<S, A extends InputFieldMap> {
  description: string;
  /** The query's own arguments (after the page and point-in-time ones). */
  args: A;
  /** The records that match them, in the read models of the query's point in time (unfiltered: the table's records, each read when its page is). */
  list: (models: ReadModels, args: InputShapeFromFields<A>) => Indexed<S>;
}

/**
 * The root query `name` that lists the records of one kind in the order they were created, a page
 * at a time (a `<Type>Connection` with its total), now or at asOf / atPosition.
 */
export function recordListQuery<S extends { createdPosition: number }, A extends InputFieldMap>(name: string, ref: ObjectRef<BuilderTypes, S>, spec: RecordListSpec<S, A>) {
  const connection = countedConnection(ref.name, ref);
  builder.queryField(name, (t) =>
    t.field({
      type: connection,
      description: spec.description,
      args: { ...listArgs, ...spec.args },
      resolve: async (_root, args, ctx) => creationOrder(spec.list(await ctx.read(), args as unknown as InputShapeFromFields<A>), args),
    }),
  );
}

import { builder } from '../builder.ts';
import { timeArgs } from './time-args.ts';

/** Relay's `node` and `nodes`, with the point in time every state query takes. */
builder.queryFields((t) => ({
  node: t.node({
    description: 'Any record by its global id, now or as it stood at `asOf` / `atPosition`; null when it did not exist.',
    args: { id: t.arg.id({ required: true }), ...timeArgs },
    id: (_root, args) => String(args.id),
  }),
  nodes: t.nodeList({
    description: 'Records by their global ids, in the order asked; null for each that did not exist.',
    args: { ids: t.arg.idList({ required: true }), ...timeArgs },
    ids: (_root, args) => args.ids.map(String),
  }),
}));

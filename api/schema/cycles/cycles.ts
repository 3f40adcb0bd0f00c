import { cyclesKind, type CycleDefinition, type CyclesState } from '../../../domain/cycles/cycles.ts';
import { CYCLES_ID, CYCLES_STREAM } from '../../../domain/cycles/events.ts';
import { DefineCyclesInput } from '../../../domain/cycles/inputs.ts';
import { builder } from '../../builder.ts';
import { mutationsOf, recordPayload } from '../../mutation.ts';
import { recordNode } from '../record-node.ts';
import { timeArgs } from '../time-args.ts';

const CycleDefinitionType = builder.objectRef<CycleDefinition>('CycleDefinition').implement({
  description: 'A cycle the organisation defined: objectives name it by its key.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'What objectives name as their cycle.' }),
    name: t.exposeString('name', { description: 'Shown to people.' }),
    cadence: t.exposeString('cadence', { description: 'e.g. ANNUAL or QUARTERLY; cycles of one cadence never overlap.' }),
    start: t.exposeString('start', { description: 'First day (ISO date), included.' }),
    end: t.exposeString('end', { description: 'Last day (ISO date), included.' }),
  }),
});

export const CyclesRef = builder.objectRef<CyclesState>('Cycles');

recordNode(CyclesRef, CYCLES_STREAM, (models, id) => (id === CYCLES_ID ? models.cycles.current() : undefined), {
  description:
    'The organisation’s cycles, as defined by defineCycles (ADMIN). Calendar quarters (YYYY-Qn) are built in and stay valid cycle keys whatever is defined.',
  id: () => CYCLES_ID,
  history: 'Every definition, oldest first.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'Pass it as expectedVersion to defineCycles (0 before the first definition).' }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, description: 'When they were last defined.', resolve: (c) => c.updatedAt }),
    cycles: t.field({
      type: [CycleDefinitionType],
      description: 'Every defined cycle (at most 500), in the order given.',
      resolve: (c) => c.cycles,
    }),
  }),
});

builder.queryField('cycles', (t) =>
  t.field({
    type: CyclesRef,
    description: 'The organisation’s defined cycles now, or at `asOf` / `atPosition`.',
    args: timeArgs,
    resolve: async (_root, _args, ctx) => (await ctx.read()).cycles.current(),
  }),
);

const mutation = mutationsOf({ kind: cyclesKind, payload: recordPayload('cycles', CyclesRef) });

mutation('defineCycles', {
  description:
    'Defines the organisation’s cycles as a whole (ADMIN): each a key, name, cadence and dates; cycles of one cadence may not overlap. Objectives already set keep the dates their cycle had.',
  permission: 'administer',
  input: DefineCyclesInput,
  id: () => CYCLES_ID,
  command: ({ cycles }) => ({ type: 'DefineCycles', cycles }),
});

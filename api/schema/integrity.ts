import { verifyIntegrity, type IntegrityReport } from '../../events/verify-integrity.ts';
import { queryRequires } from '../auth/permissions.ts';
import { builder } from '../builder.ts';
import { toGraphQLError } from '../run-command.ts';

const IntegrityProblemEnum = builder.enumType('IntegrityProblem', {
  values: [
    'POSITION_GAP',
    'PREVIOUS_HASH_MISMATCH',
    'HASH_MISMATCH',
    'STREAM_VERSION_GAP',
    'STREAM_COPY_MISMATCH',
    'STREAM_COPY_MISSING',
    'STREAM_ITEM_NOT_IN_LOG',
    'ANCHOR_MISMATCH',
  ] as const,
});

const IntegrityFailureType = builder.objectRef<NonNullable<IntegrityReport['failure']>>('IntegrityFailure').implement({
  description: 'The first thing wrong with the log, at the position where it shows.',
  fields: (t) => ({
    position: t.exposeInt('position'),
    problem: t.field({ type: IntegrityProblemEnum, resolve: (f) => f.problem }),
    message: t.exposeString('message'),
  }),
});

const IntegrityReportType = builder.objectRef<IntegrityReport>('IntegrityReport').implement({
  description: 'The result of recomputing the hash chain over a range of the log, read from DynamoDB itself.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    checked: t.exposeInt('checked', { description: 'Events checked.' }),
    fromPosition: t.exposeInt('fromPosition'),
    headPosition: t.int({ description: 'Last position verified: publish it with headHash.', resolve: (r) => r.head.position }),
    headHash: t.string({ resolve: (r) => r.head.hash }),
    failure: t.field({ type: IntegrityFailureType, nullable: true, resolve: (r) => r.failure ?? null }),
  }),
});

const PublishedHeadInput = builder.inputType('PublishedHeadInput', {
  fields: (t) => ({
    position: t.int({ required: true }),
    hash: t.string({ required: true }),
  }),
});

builder.queryField('verifyIntegrity', (t) =>
  t.field({
    type: IntegrityReportType,
    ...queryRequires('verifyIntegrity'),
    description:
      'Recomputes the hash chain, checks positions are gapless and every stream copy matches the log. With `expectedHead` (a head published earlier) it also proves nothing up to it was rewritten or cut off.',
    args: {
      fromPosition: t.arg.int(),
      toPosition: t.arg.int(),
      expectedHead: t.arg({ type: PublishedHeadInput }),
    },
    resolve: async (_root, args, ctx) => {
      try {
        return await verifyIntegrity(ctx.store, {
          fromPosition: args.fromPosition ?? undefined,
          toPosition: args.toPosition ?? undefined,
          expectedHead: args.expectedHead ?? undefined,
        });
      } catch (error) {
        throw toGraphQLError(error);
      }
    },
  }),
);

import { verifyIntegrity, type IntegrityReport } from '../../events/verify-integrity.ts';
import { queryRequires } from '../auth/permissions.ts';
import { builder } from '../builder.ts';
import { toGraphQLError } from '../run-command.ts';

const IntegrityProblemEnum = builder.enumType('IntegrityProblem', {
  description: 'What is wrong with the log where verification stopped.',
  values: {
    POSITION_GAP: { description: 'A log position is missing: an event was deleted.' },
    PREVIOUS_HASH_MISMATCH: { description: "An event's previousHash is not the hash of the event before it: the chain was cut or reordered." },
    HASH_MISMATCH: { description: "Recomputing an event's hash gives another value: the event was altered." },
    STREAM_VERSION_GAP: { description: "A record's versions skip one: one of its events is missing." },
    STREAM_COPY_MISMATCH: { description: "The copy of an event in its record's stream differs from the log." },
    STREAM_COPY_MISSING: { description: "The copy of an event in its record's stream is missing." },
    STREAM_ITEM_NOT_IN_LOG: { description: 'A record stream holds an event the log does not.' },
    ANCHOR_MISMATCH: { description: 'The event at the published head (expectedHead) has another hash, or the log ends before it: the log was rewritten or cut off.' },
  } as const,
});

const IntegrityFailureType = builder.objectRef<NonNullable<IntegrityReport['failure']>>('IntegrityFailure').implement({
  description: 'The first thing wrong with the log, at the position where it shows.',
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'The log position where the problem shows.' }),
    problem: t.field({ type: IntegrityProblemEnum, description: 'What is wrong.', resolve: (f) => f.problem }),
    message: t.exposeString('message', { description: 'The problem in words, for a person.' }),
  }),
});

const IntegrityReportType = builder.objectRef<IntegrityReport>('IntegrityReport').implement({
  description: 'The result of recomputing the hash chain over a range of the log, read from DynamoDB itself.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok', { description: 'True when every check passed over the range; false with `failure` otherwise.' }),
    checked: t.exposeInt('checked', { description: 'Events checked.' }),
    fromPosition: t.exposeInt('fromPosition', { description: 'First position checked.' }),
    headPosition: t.int({ description: 'Last position verified: publish it with headHash.', resolve: (r) => r.head.position }),
    headHash: t.string({ description: 'Hash of the event at headPosition; publish both so a later expectedHead can prove the log unchanged up to there.', resolve: (r) => r.head.hash }),
    failure: t.field({ type: IntegrityFailureType, nullable: true, description: 'The first problem found; null when ok.', resolve: (r) => r.failure ?? null }),
  }),
});

const PublishedHeadInput = builder.inputType('PublishedHeadInput', {
  description: 'A head of the log published earlier: headPosition and headHash of an IntegrityReport, or the head an export ends with.',
  fields: (t) => ({
    position: t.int({ required: true, description: 'The log position of the published head.' }),
    hash: t.string({ required: true, description: 'The hash the event at that position had when published.' }),
  }),
});

builder.queryField('verifyIntegrity', (t) =>
  t.field({
    type: IntegrityReportType,
    ...queryRequires('verifyIntegrity'),
    description:
      'Recomputes the hash chain, checks positions are gapless and every stream copy matches the log. With `expectedHead` (a head published earlier) it also proves nothing up to it was rewritten or cut off.',
    args: {
      fromPosition: t.arg.int({ description: 'First log position to check; omit to start at 1.' }),
      toPosition: t.arg.int({ description: 'Last log position to check; omit to check to the end of the log.' }),
      expectedHead: t.arg({ type: PublishedHeadInput, description: 'A head published earlier: the event at its position must still have its hash.' }),
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

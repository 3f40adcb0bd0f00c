import { GraphQLError } from 'graphql';
import type { RecordedEvent } from '../../events/envelope.ts';
import type { LogCache } from '../../events/log-cache.ts';
import { matchesFilter } from '../../domain/webhooks/webhook.ts';
import { scopeFor } from '../auth/permissions.ts';
import { builder } from '../builder.ts';

/**
 * `subscription { ledgerEvents(after:, filter:) }`: the log from a position, then live, over
 * server-sent events (yoga's GraphQL over SSE, distinct connections mode). One cursor walks the
 * gapless in-memory log: the replay and the live part are the same loop, so nothing is skipped
 * or sent twice. Events carry actors and reasons, so it needs the audit permission (AUDITOR, ADMIN).
 */

const POLL_MS = Number(process.env.LEDGER_EVENTS_POLL_MS || 200);
/** Events read at a time when replaying from a position. */
const REPLAY_PAGE = 200;

const LedgerStreamType = builder.objectRef<RecordedEvent['stream']>('LedgerStream').implement({
  description: 'The record an event belongs to: its stream kind and id.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'The stream kind, e.g. "decision".' }),
    id: t.exposeString('id', { description: "The record's id within its kind (not a node id)." }),
  }),
});

const LedgerEventActorType = builder.objectRef<RecordedEvent['actor']>('LedgerEventActor').implement({
  description: 'Who caused the event.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The subject of the token that made the change.' }),
    name: t.exposeString('name', { description: 'Display name.' }),
    kind: t.exposeString('kind', { description: 'HUMAN or SERVICE.' }),
  }),
});

const LedgerEventType = builder.objectRef<RecordedEvent>('LedgerEvent').implement({
  description: 'An event of the log as a live subscription sends it, with its place in the hash chain.',
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'Global position: gapless from 1.' }),
    type: t.exposeString('type', { description: 'Event type, e.g. "DecisionRecorded".' }),
    stream: t.field({ type: LedgerStreamType, description: 'The record it belongs to.', resolve: (e) => e.stream }),
    version: t.exposeInt('version', { description: 'Version of its record after it.' }),
    hash: t.exposeString('hash', { description: 'sha256 of the previous hash and the canonical event.' }),
    previousHash: t.exposeString('previousHash', { description: 'The hash of the event before it.' }),
    recordedAt: t.field({ type: 'DateTime', description: 'When it was recorded.', resolve: (e) => e.recordedAt }),
    actor: t.field({ type: LedgerEventActorType, description: 'Who caused it.', resolve: (e) => e.actor }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why, as given with the change.' }),
  }),
});

const LedgerEventFilterInput = builder.inputType('LedgerEventFilter', {
  description: 'Which events to receive: of these stream kinds and these event types (absent or empty: any).',
  fields: (t) => ({
    kinds: t.stringList({ required: false, description: 'Stream kinds, e.g. "decision".' }),
    types: t.stringList({ required: false, description: 'Event types, e.g. "DecisionRecorded".' }),
  }),
});

builder.subscriptionType({ description: 'Live feeds over server-sent events (not through API Gateway: use webhooks or the bus there).' });

/**
 * The events after `after` matching `filter`, then each new one. An iterator of its own rather
 * than an async generator: a generator asked to return while it waits would only stop at its
 * next event, so a client that left a quiet ledger would keep a poll loop alive for ever.
 */
export function followLog(log: LogCache, after: number, filter: { kinds: string[]; types: string[] }): AsyncIterableIterator<RecordedEvent> {
  let next = after + 1;
  let done = false;
  let wake: (() => void) | null = null;
  let caughtUp = false;
  let page: RecordedEvent[] = [];
  const iterator: AsyncIterableIterator<RecordedEvent> = {
    async next() {
      while (!done) {
        if (!caughtUp) {
          await log.catchUp();
          caughtUp = true;
        }
        while (!done && next <= log.position) {
          // A page at a time: a replay from far back reads the events the cache no longer holds from the store.
          if (!page.length || page[0]!.position !== next) page = await log.range(next - 1, REPLAY_PAGE);
          const event = page.shift()!;
          next += 1;
          if (matchesFilter(filter, event)) return { value: event, done: false };
        }
        if (done) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
        caughtUp = false;
      }
      return { value: undefined, done: true };
    },
    async return() {
      done = true;
      wake?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

builder.subscriptionField('ledgerEvents', (t) =>
  t.field({
    type: LedgerEventType,
    description: 'Every event after position `after` (0: from the start), in order, then each new one as it is appended. AUDITOR or ADMIN.',
    authScopes: scopeFor('audit'),
    args: {
      after: t.arg.int({ required: false, defaultValue: 0, description: 'Replay from the position after this one; default 0, the whole log.' }),
      filter: t.arg({ type: LedgerEventFilterInput, required: false, description: 'Only these kinds and types.' }),
    },
    subscribe: async (_root, args, ctx) => {
      const after = args.after ?? 0;
      if (!Number.isSafeInteger(after) || after < 0) {
        throw new GraphQLError('Argument "after" must be a position, 0 or more', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      const filter = { kinds: args.filter?.kinds ?? [], types: args.filter?.types ?? [] };
      return followLog((await ctx.read()).log as LogCache, after, filter);
    },
    resolve: (event) => event,
  }),
);

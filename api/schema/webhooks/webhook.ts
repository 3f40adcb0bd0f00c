import type { ObjectRef } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { WEBHOOK_STREAM, WebhookFormatSchema, type WebhookFilter } from '../../../domain/webhooks/events.ts';
import { CreateWebhookInput, UpdateWebhookInput, WebhookChangeInput } from '../../../domain/webhooks/inputs.ts';
import { webhooks, type WebhookState } from '../../../domain/webhooks/webhook.ts';
import { allEventDefinitions } from '../../../domain/registry.ts';
import { queryRequires, scopeFor, TYPE_PERMISSIONS } from '../../auth/permissions.ts';
import { builder, type BuilderTypes } from '../../builder.ts';
import { creationOrder } from '../../connection.ts';
import type { ApiContext } from '../../context.ts';
import { mutationsOf, recordPayload, STREAM_EVENT_TYPES, type PayloadOf } from '../../mutation.ts';
import { webhookKey, type DeliveryAttempt, type SubscriberState } from '../../outbound/delivery-store.ts';
import { urlProblem } from '../../outbound/url-policy.ts';
import { countedConnection } from '../counted-connection.ts';
import { pageArgs } from '../page-args.ts';
import { recordNode } from '../record-node.ts';
import { UserErrorType, type UserError } from '../user-error.ts';
import { enumType } from '../../zod-input.ts';

export const WebhookFormatEnum = enumType(
  'WebhookFormat',
  WebhookFormatSchema,
  'The body a webhook POSTs for each event.',
  {
    LEDGER_EVENT: 'The event with its position and hashes, payload as stored, so a receiver can recompute the chain (npm run verify-feed).',
    SLACK: 'A Slack incoming-webhook message summing up the event.',
  },
);

const WebhookStatusEnum = builder.enumType('WebhookStatus', {
  description: 'Whether a webhook is being delivered to.',
  values: {
    ACTIVE: { description: 'Delivering (or retrying a failure for less than 24 hours).' },
    PAUSED: { description: 'Paused: events wait, and are delivered in order when resumed.' },
    FAILING: { description: 'No acknowledgement for over 24 hours: still retried at the longest interval, resumes from the last acknowledged position.' },
    DELETED: { description: 'Deleted: nothing more is sent.' },
  },
});

const WebhookFilterType = builder.objectRef<WebhookFilter>('WebhookFilter').implement({
  description: 'Which events a webhook receives: of these stream kinds and these event types (an empty list: any).',
  fields: (t) => ({
    kinds: t.exposeStringList('kinds', { description: 'Stream kinds, e.g. "decision"; empty: every kind.' }),
    types: t.exposeStringList('types', { description: 'Event types, e.g. "DecisionRecorded"; empty: every type.' }),
  }),
});

const WebhookDeliveryType = builder.objectRef<DeliveryAttempt>('WebhookDelivery').implement({
  description: 'One attempt to deliver one event to a webhook (kept 7 days).',
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'The log position of the event sent.' }),
    eventId: t.exposeString('eventId', { description: 'The event id, sent as the webhook-id header.' }),
    attempt: t.exposeInt('attempt', { description: '1 for the first attempt at this event, then one more per retry.' }),
    attemptedAt: t.field({ type: 'DateTime', description: 'When the POST was sent.', resolve: (d) => d.attemptedAt }),
    httpStatus: t.exposeInt('httpStatus', { nullable: true, description: 'The receiver\'s HTTP status; null when it did not answer.' }),
    latencyMs: t.exposeInt('latencyMs', { description: 'Milliseconds from sending to the answer (or the failure).' }),
    error: t.exposeString('error', { nullable: true, description: 'Why the attempt failed; null when acknowledged (2xx).' }),
    responseBody: t.exposeString('responseBody', { nullable: true, description: 'The first 1 KB of the answer.' }),
  }),
});

export const WebhookRef = builder.objectRef<WebhookState>('Webhook');

const deliveryState = async (webhook: WebhookState, ctx: ApiContext): Promise<SubscriberState | null> =>
  ctx.deliveries ? ctx.deliveries.state(webhookKey(webhook.id)) : null;

recordNode(WebhookRef, WEBHOOK_STREAM, (models, id) => models.webhooks.get(id), {
  description: 'A webhook subscription: every matching event, in log order, POSTed and signed (Standard Webhooks). Needs ADMIN.',
  authScopes: scopeFor(TYPE_PERMISSIONS.Webhook),
  history: 'Every change of this webhook, oldest first (the secret is never in it).',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Where events are POSTed.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the webhook is for.' }),
    filter: t.field({ type: WebhookFilterType, description: 'Which events it receives.', resolve: (w) => w.filter }),
    format: t.field({ type: WebhookFormatEnum, description: 'The body of each POST.', resolve: (w) => w.format }),
    status: t.field({
      type: WebhookStatusEnum,
      description: 'PAUSED and DELETED come from the log; FAILING from the delivery state.',
      resolve: async (w, _args, ctx) => {
        if (w.lifecycle !== 'ACTIVE') return w.lifecycle;
        return (await deliveryState(w, ctx))?.failingSince ? 'FAILING' : 'ACTIVE';
      },
    }),
    lastDeliveredPosition: t.int({
      nullable: true,
      description: 'Position of the last event the receiver acknowledged; null before the first.',
      resolve: async (w, _args, ctx) => (await deliveryState(w, ctx))?.lastDeliveredPosition ?? null,
    }),
    checkpoint: t.int({
      description: 'Every event up to this position was acknowledged or did not match the filter.',
      resolve: async (w, _args, ctx) => (await deliveryState(w, ctx))?.checkpoint ?? w.createdPosition - 1,
    }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the failed event is tried again; null when nothing failed.',
      resolve: async (w, _args, ctx) => (await deliveryState(w, ctx))?.nextAttemptAt ?? null,
    }),
    failingSince: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Since when the webhook is FAILING; null when it is not.',
      resolve: async (w, _args, ctx) => (await deliveryState(w, ctx))?.failingSince ?? null,
    }),
    lastError: t.string({
      nullable: true,
      description: 'Why the last attempt failed, while it is failing.',
      resolve: async (w, _args, ctx) => (await deliveryState(w, ctx))?.lastError ?? null,
    }),
    deliveries: t.field({
      type: [WebhookDeliveryType],
      description: 'The latest delivery attempts, newest first.',
      args: { first: t.arg.int({ required: false, defaultValue: 20, description: 'How many, at most 100.' }) },
      resolve: async (w, args, ctx) => {
        const first = args.first ?? 20;
        if (first < 0 || first > 100) throw new GraphQLError('Argument "first" must be between 0 and 100', { extensions: { code: 'BAD_USER_INPUT' } });
        return ctx.deliveries && first > 0 ? ctx.deliveries.recent(w.id, first) : [];
      },
    }),
    secretVersion: t.exposeInt('secretVersion', { description: 'Which signing secret is current: 1, then one more per rotation.' }),
    version: t.exposeInt('version', { description: 'Pass it as expectedVersion when changing the webhook.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was created.', resolve: (w) => w.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed.', resolve: (w) => w.updatedAt }),
  }),
});

const WebhookConnection = countedConnection('Webhook', WebhookRef);

builder.queryFields((t) => ({
  webhooks: t.field({
    type: WebhookConnection,
    description: 'Webhook subscriptions in the order they were created (ADMIN).',
    ...queryRequires('webhooks'),
    args: { ...pageArgs, includeDeleted: t.arg.boolean({ required: false, defaultValue: false, description: 'Also list deleted webhooks.' }) },
    resolve: async (_root, args, ctx) =>
      creationOrder((await ctx.read()).webhooks.list((w) => args.includeDeleted === true || w.lifecycle !== 'DELETED'), args),
  }),
}));

/** A payload with the webhook and, once, its signing secret. */
interface SecretPayload {
  webhook: WebhookState | null;
  secret: string | null;
  userErrors: UserError[];
}

function secretPayload(): PayloadOf<WebhookState, SecretPayload> {
  return {
    type: (name) =>
      builder.objectRef<SecretPayload>(name).implement({
        description: 'The webhook and its new signing secret, shown only in this answer (and to a retry with the same idempotency key).',
        fields: (t) => ({
          webhook: t.field({ type: WebhookRef as ObjectRef<BuilderTypes, WebhookState>, nullable: true, description: 'The webhook; null when refused.', resolve: (p) => p.webhook }),
          secret: t.exposeString('secret', { nullable: true, description: 'The signing secret (whsec_...): verify deliveries with it. Not shown again.' }),
          userErrors: t.field({ type: [UserErrorType], description: 'Why nothing was written, if so.', resolve: (p) => p.userErrors }),
        }),
      }),
    of: async (result, ctx) =>
      result.state
        ? { webhook: result.state, secret: await ctx.deliveries!.ensureSecret(result.state.id, result.state.secretVersion), userErrors: [] }
        : { webhook: null, secret: null, userErrors: result.userErrors },
  };
}

const production = () => process.env.NODE_ENV === 'production';

/** Unknown kinds or types, a filter no event can match, an URL the rules refuse, or a server that cannot deliver. */
function webhookProblems(fields: { url?: string; filter?: WebhookFilter }, ctx: ApiContext): UserError[] {
  const errors: UserError[] = [];
  if (!ctx.deliveries) {
    return [{ code: 'INVALID_INPUT', field: null, message: 'This server has no delivery table (DELIVERY_TABLE): webhooks cannot be delivered from it' }];
  }
  if (fields.url !== undefined) {
    const problem = urlProblem(fields.url, production());
    if (problem) errors.push({ code: 'INVALID_INPUT', field: ['input', 'url'], message: problem });
  }
  if (fields.filter) {
    const known = new Set(allEventDefinitions.map((d) => d.type as string));
    fields.filter.kinds.forEach((kind, i) => {
      if (!STREAM_EVENT_TYPES.has(kind)) {
        errors.push({ code: 'INVALID_INPUT', field: ['input', 'filter', 'kinds', String(i)], message: `No record kind "${kind}"; known: ${[...STREAM_EVENT_TYPES.keys()].sort().join(', ')}` });
      }
    });
    fields.filter.types.forEach((type, i) => {
      if (!known.has(type)) errors.push({ code: 'INVALID_INPUT', field: ['input', 'filter', 'types', String(i)], message: `No event type "${type}"` });
    });
    const { kinds, types } = fields.filter;
    if (errors.length === 0 && kinds.length && types.length) {
      const ofKinds = new Set(kinds.flatMap((k) => STREAM_EVENT_TYPES.get(k) ?? []));
      const unmapped = (type: string) => ![...STREAM_EVENT_TYPES.values()].some((list) => list.includes(type));
      if (!types.some((type) => ofKinds.has(type) || unmapped(type))) {
        errors.push({ code: 'INVALID_INPUT', field: ['input', 'filter'], message: `None of these types is an event of these kinds: the filter can never match` });
      }
    }
  }
  return errors;
}

/** The command, unless the fields have problems: then those, and nothing is written. */
function unlessProblems<C>(fields: { url?: string; filter?: WebhookFilter }, ctx: ApiContext, command: C): C | UserError[] {
  const errors = webhookProblems(fields, ctx);
  return errors.length ? errors : command;
}

const withSecret = mutationsOf({ kind: webhooks, payload: secretPayload() });
const mutation = mutationsOf({ kind: webhooks, payload: recordPayload('webhook', WebhookRef) });

withSecret('createWebhook', {
  description: 'Subscribes a URL to the events of the log, from this event on. Answers the signing secret once.',
  permission: 'administer',
  input: CreateWebhookInput,
  command: (data, { ctx }) =>
    unlessProblems(data, ctx, { type: 'CreateWebhook', data: { url: data.url, description: data.description, filter: data.filter, format: data.format } }),
});

mutation('updateWebhook', {
  description: "Changes a webhook's URL, description, filter or format, with a reason; delivery goes on from where it stands.",
  permission: 'administer',
  input: UpdateWebhookInput,
  command: (changes, { ctx }) => unlessProblems(changes, ctx, { type: 'UpdateWebhook', changes }),
});

withSecret('rotateWebhookSecret', {
  description: 'Makes a new signing secret (answered once); deliveries are signed with it from now on.',
  permission: 'administer',
  input: WebhookChangeInput,
  command: (_fields, { ctx }) => unlessProblems({}, ctx, { type: 'RotateWebhookSecret' }),
});

mutation('pauseWebhook', {
  description: 'Stops delivering; events wait and are delivered in order when resumed.',
  permission: 'administer',
  input: WebhookChangeInput,
  command: () => ({ type: 'PauseWebhook' }),
});

mutation('resumeWebhook', {
  description: 'Delivers again, from the last acknowledged position.',
  permission: 'administer',
  input: WebhookChangeInput,
  command: () => ({ type: 'ResumeWebhook' }),
});

mutation('deleteWebhook', {
  description: 'Stops the webhook for good; its history stays in the log.',
  permission: 'administer',
  input: WebhookChangeInput,
  command: () => ({ type: 'DeleteWebhook' }),
});

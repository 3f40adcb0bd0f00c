import { z } from 'zod';
import { WebhookFormatSchema } from './events.ts';
import { changeOf, IdempotencyKey, optionalText, trimmed, unchangedWhenNull } from '../inputs.ts';

const Url = z
  .string()
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .refine((text) => URL.canParse(text) && ['http:', 'https:'].includes(new URL(text).protocol), 'must be an absolute http or https URL')
  .describe('Where events are POSTed. In production only https, and never a private, loopback or link-local address.');

const Names = z.array(z.string().trim().min(1).max(100)).max(100);

export const WebhookFilterInput = z
  .object({
    kinds: Names.describe('Stream kinds to receive (e.g. "decision", "team"); empty or absent: every kind.')
      .nullish()
      .transform((v) => v ?? []),
    types: Names.describe('Event types to receive (e.g. "DecisionRecorded"); empty or absent: every type.')
      .nullish()
      .transform((v) => v ?? []),
  })
  .meta({ graphql: 'WebhookFilterInput' })
  .describe('Which events a webhook receives: both lists must match when both are given.');

const Format = WebhookFormatSchema.describe('The body of each POST: LEDGER_EVENT (default) or a SLACK incoming-webhook message.');

export const CreateWebhookInput = z.object({
  url: Url,
  description: optionalText(trimmed(500)).describe('What the webhook is for.'),
  filter: WebhookFilterInput.nullish().transform((f) => f ?? { kinds: [], types: [] }),
  format: Format.nullish().transform((f) => f ?? 'LEDGER_EVENT'),
  idempotencyKey: IdempotencyKey,
}).describe('A new webhook: where to POST, which events, in which format.');

export const UpdateWebhookInput = changeOf('Webhook', 'webhook')
  .extend({
    url: unchangedWhenNull(Url),
    description: optionalText(trimmed(500)).optional().describe('What the webhook is for; absent: unchanged.'),
    filter: unchangedWhenNull(WebhookFilterInput),
    format: unchangedWhenNull(Format),
  })
  .describe('Only the fields given change.');

/** Rotate, pause, resume, delete: the webhook, its version and a reason. */
export const WebhookChangeInput = changeOf('Webhook', 'webhook').describe('Which webhook, the version you last read, and why.');

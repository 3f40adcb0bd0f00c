import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';

/**
 * Event schemas of a webhook subscription. The signing secret is never in an event: it lives with
 * the delivery state (api/outbound/delivery-store.ts); the log only counts its rotations.
 */

export const WEBHOOK_STREAM = 'webhook';

export const WebhookFormatSchema = z.enum(['LEDGER_EVENT', 'SLACK']);

/** Which events a webhook receives: of these stream kinds and of these event types (empty: any). */
export const WebhookFilterSchema = z.object({
  kinds: z.array(z.string()),
  types: z.array(z.string()),
});

const WebhookContentSchema = z.object({
  url: z.string(),
  description: z.string().nullable(),
  filter: WebhookFilterSchema,
  format: WebhookFormatSchema,
});

export const WebhookCreated = defineEvent('WebhookCreated', WebhookContentSchema);
/** Only the fields that changed. */
export const WebhookUpdated = defineEvent('WebhookUpdated', z.object({ changes: WebhookContentSchema.partial() }));
/** A new signing secret was made (kept outside the log); `secretVersion` counts them from 1. */
export const WebhookSecretRotated = defineEvent('WebhookSecretRotated', z.object({ secretVersion: z.number().int().min(2) }));
export const WebhookPaused = defineEvent('WebhookPaused', z.object({}));
export const WebhookResumed = defineEvent('WebhookResumed', z.object({}));
export const WebhookDeleted = defineEvent('WebhookDeleted', z.object({}));

export const webhookEvents = [WebhookCreated, WebhookUpdated, WebhookSecretRotated, WebhookPaused, WebhookResumed, WebhookDeleted] as const;

export type WebhookEvent = EventOf<(typeof webhookEvents)[number]>;
export type WebhookFormat = z.infer<typeof WebhookFormatSchema>;
export type WebhookFilter = z.infer<typeof WebhookFilterSchema>;
export type WebhookContent = z.infer<typeof WebhookContentSchema>;

import { Webhook as StandardWebhook } from 'standardwebhooks';
import { matchesFilter, type WebhookState } from '../../domain/webhooks/webhook.ts';
import type { RecordedEvent } from '../../events/envelope.ts';
import type { EventStore } from '../../events/store.ts';
import type { LiveReadModels } from '../read-models.ts';
import { busKey, webhookKey, type DeliveryStore, type SubscriberState } from './delivery-store.ts';
import { ledgerEventBody, slackMessage } from './messages.ts';
import { post, type PostResult } from './post.ts';

/**
 * The one way out: a feed consumer per subscriber (each webhook, and the organisation's
 * EventBridge bus), each with its checkpoint in the delivery store. A subscriber's next event is
 * sent only after the previous one was acknowledged, so every receiver gets the feed in position
 * order, at least once. Subscribers run independently: a receiver that hangs for its whole
 * timeout delays only itself.
 */

export interface RetryPolicy {
  /** First retry after about this long (full jitter between half and all of it). */
  baseMs: number;
  /** The interval stops growing here. */
  capMs: number;
  /** Failing this long without an acknowledgement marks the subscriber FAILING (it keeps retrying at the cap). */
  failingAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 2_000, capMs: 5 * 60_000, failingAfterMs: 24 * 3600_000 };

/** What publishes to the bus: EventBridge's PutEvents in AWS (api/outbound/event-bus.ts). */
export interface EventBus {
  /** Publishes the events in order; answers how many from the start were accepted. */
  publish(events: RecordedEvent[]): Promise<{ accepted: number; error: string | null }>;
}

export interface DispatcherOptions {
  store: EventStore;
  readModels: LiveReadModels;
  deliveries: DeliveryStore;
  /** Production URL rules (https only, public addresses only). */
  production: boolean;
  bus?: EventBus | null;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Events read from the feed per page. */
  batch?: number;
  /** A link back to an event's record, for SLACK messages. */
  link?: (event: RecordedEvent) => string | null;
  now?: () => Date;
  random?: () => number;
  log?: (message: string) => void;
}

interface Subscriber {
  key: string;
  /** The checkpoint of a subscriber seen for the first time. */
  start: number;
  active: () => boolean;
  matches: (event: RecordedEvent) => boolean;
  /**
   * Sends events in order from the first; answers how many were acknowledged, and the write of
   * the attempt's record still under way (it goes to the store alongside the new checkpoint).
   */
  send: (events: RecordedEvent[], state: SubscriberState) => Promise<{ acknowledged: number; error: string | null; recorded?: Promise<void> }>;
  /** How many events one send takes. */
  perSend: number;
}

export class Dispatcher {
  private readonly retry: RetryPolicy;
  private readonly states = new Map<string, SubscriberState>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly secrets = new Map<string, string>();
  private stopped = true;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: DispatcherOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  private now = () => (this.options.now ?? (() => new Date()))();

  /** Runs every due subscriber until it has nothing to send or must wait: the Lambda's invocation. */
  async runOnce(): Promise<void> {
    await this.options.readModels.log.catchUp();
    await this.options.readModels.ready();
    await Promise.all(this.subscribers().map((s) => this.kick(s)));
  }

  /** Keeps delivering in this process (npm start): on `notify()` and every `pollMs`. */
  start(pollMs = 250): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = (async () => {
      while (!this.stopped) {
        try {
          // The webhooks view, restored from a snapshot, may still be unread.
          await this.options.readModels.ready();
          // This process's appends are in the log already (offered): start on them before the catch-up's query.
          for (const subscriber of this.subscribers()) void this.kick(subscriber);
          await this.options.readModels.log.catchUp();
          for (const subscriber of this.subscribers()) void this.kick(subscriber);
        } catch (error) {
          this.options.log?.(`dispatcher: ${(error as Error).message}`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    })();
  }

  /** Something was appended: look now instead of at the next poll. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.running.values()]);
  }

  private subscribers(): Subscriber[] {
    const { readModels } = this.options;
    const list: Subscriber[] = readModels.webhooks
      .list((w) => w.lifecycle === 'ACTIVE')
      .map((webhook) => this.webhookSubscriber(webhook.id));
    if (this.options.bus) {
      const bus = this.options.bus;
      list.push({
        key: busKey('default'),
        start: 0,
        active: () => true,
        matches: () => true,
        perSend: 10,
        send: async (events) => {
          const { accepted, error } = await bus.publish(events);
          return { acknowledged: accepted, error };
        },
      });
    }
    return list;
  }

  private webhookSubscriber(id: string): Subscriber {
    const current = () => this.options.readModels.webhooks.get(id) as WebhookState | undefined;
    const created = current()!;
    return {
      key: webhookKey(id),
      start: created.createdPosition - 1,
      active: () => current()?.lifecycle === 'ACTIVE',
      matches: (event) => matchesFilter(current()!.filter, event),
      perSend: 1,
      send: async ([event], state) => {
        const webhook = current()!;
        const result = await this.deliver(webhook, event!);
        const recorded = this.options.deliveries.record({
          webhookId: id,
          position: event!.position,
          eventId: event!.eventId,
          attempt: state.attempts + 1,
          attemptedAt: this.now().toISOString(),
          httpStatus: result.status,
          latencyMs: result.latencyMs,
          error: result.error,
          responseBody: result.body,
        });
        return { acknowledged: result.ok ? 1 : 0, error: result.error, recorded };
      },
    };
  }

  private async deliver(webhook: WebhookState, event: RecordedEvent): Promise<PostResult> {
    const secret = await this.secretOf(webhook);
    if (!secret) return { status: null, ok: false, latencyMs: 0, error: 'no signing secret: rotate the secret', body: null };
    const body = JSON.stringify(webhook.format === 'SLACK' ? slackMessage(event, this.options.link?.(event) ?? null) : ledgerEventBody(event));
    const timestamp = this.now();
    const signature = new StandardWebhook(secret).sign(event.eventId, timestamp, body);
    return post(
      webhook.url,
      body,
      { 'webhook-id': event.eventId, 'webhook-timestamp': Math.floor(timestamp.getTime() / 1000).toString(), 'webhook-signature': signature },
      { production: this.options.production, timeoutMs: this.options.timeoutMs ?? 10_000 },
    );
  }

  private async secretOf(webhook: WebhookState): Promise<string | null> {
    const key = `${webhook.id}#${webhook.secretVersion}`;
    const cached = this.secrets.get(key);
    if (cached) return cached;
    const secret = await this.options.deliveries.secret(webhook.id, webhook.secretVersion);
    if (secret) this.secrets.set(key, secret);
    return secret;
  }

  /** Starts the subscriber's run unless one is under way. */
  private kick(subscriber: Subscriber): Promise<void> {
    const running = this.running.get(subscriber.key);
    if (running) return running;
    const run = this.drain(subscriber)
      .catch((error: Error) => this.options.log?.(`dispatcher ${subscriber.key}: ${error.message}`))
      .finally(() => this.running.delete(subscriber.key));
    this.running.set(subscriber.key, run);
    return run;
  }

  private async drain(subscriber: Subscriber): Promise<void> {
    const { deliveries, store, readModels } = this.options;
    let state = this.states.get(subscriber.key);
    if (!state) {
      state = (await deliveries.state(subscriber.key)) ?? {
        checkpoint: subscriber.start,
        lastDeliveredPosition: null,
        attempts: 0,
        nextAttemptAt: null,
        firstFailureAt: null,
        failingSince: null,
        lastError: null,
      };
      this.states.set(subscriber.key, state);
    }
    if (state.nextAttemptAt && Date.parse(state.nextAttemptAt) > this.now().getTime()) return;
    const save = async (next: SubscriberState) => {
      await deliveries.saveState(subscriber.key, next);
      this.states.set(subscriber.key, next);
      state = next;
    };
    while (subscriber.active() && !(this.stopped && this.loop) && state.checkpoint < readModels.log.position) {
      // The feed as stored (raw): the payloads the hashes cover.
      const page = await store.readAll(state.checkpoint, this.options.batch ?? 100, { raw: true });
      if (page.length === 0) return;
      let checkpoint = state.checkpoint;
      let index = 0;
      while (index < page.length) {
        if (!subscriber.active() || (this.stopped && this.loop)) break;
        if (!subscriber.matches(page[index]!)) {
          checkpoint = page[index]!.position;
          index += 1;
          continue;
        }
        const group: RecordedEvent[] = [];
        while (index < page.length && group.length < subscriber.perSend && subscriber.matches(page[index]!)) group.push(page[index++]!);
        const { acknowledged, error, recorded } = await subscriber.send(group, state);
        // The attempt's record and the checkpoint are items of their own: written at once, one round trip per event.
        if (acknowledged > 0) {
          checkpoint = group[acknowledged - 1]!.position;
          await Promise.all([recorded, save({ ...state, checkpoint, lastDeliveredPosition: checkpoint, attempts: 0, nextAttemptAt: null, firstFailureAt: null, failingSince: null, lastError: null })]);
        }
        if (acknowledged < group.length) {
          await Promise.all([recorded, save(this.failed({ ...state, checkpoint }, error ?? 'not acknowledged'))]);
          return;
        }
      }
      if (checkpoint !== state.checkpoint) await save({ ...state, checkpoint });
      if (index < page.length) return;
    }
  }

  /** The state after a failed attempt: when to try again, and whether it is FAILING now. */
  private failed(state: SubscriberState, error: string): SubscriberState {
    const now = this.now();
    const attempts = state.attempts + 1;
    const ceiling = Math.min(this.retry.capMs, this.retry.baseMs * 2 ** (attempts - 1));
    const delay = ceiling / 2 + (this.options.random ?? Math.random)() * (ceiling / 2);
    const firstFailureAt = state.firstFailureAt ?? now.toISOString();
    const failing = now.getTime() - Date.parse(firstFailureAt) >= this.retry.failingAfterMs;
    return {
      ...state,
      attempts,
      firstFailureAt,
      nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
      failingSince: state.failingSince ?? (failing ? now.toISOString() : null),
      lastError: error,
    };
  }

  /** Active webhooks whose delivery state says FAILING: the dispatcher Lambda reports it as a metric for the alarm. */
  failingCount(): number {
    return this.options.readModels.webhooks.list((w) => w.lifecycle === 'ACTIVE').filter((w) => this.states.get(webhookKey(w.id))?.failingSince).length;
  }

  /** What the dispatcher holds for a subscriber (for tests and the API). */
  stateOf(webhookId: string): SubscriberState | undefined {
    return this.states.get(webhookKey(webhookId));
  }
}

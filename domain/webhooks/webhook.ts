import { WEBHOOK_STREAM, webhookEvents, type WebhookContent, type WebhookEvent, type WebhookFilter, type WebhookFormat } from './events.ts';
import { accept, changesNothing, recordKind, refuse, type Decided, type DomainError, type RecordedEvent } from '../decider.ts';

export type { WebhookContent, WebhookFilter, WebhookFormat };

/** What the log says of a webhook. FAILING is delivery state, not history: it is not here. */
export type WebhookLifecycle = 'ACTIVE' | 'PAUSED' | 'DELETED';

export interface WebhookState extends WebhookContent {
  id: string;
  /** 0 until created. */
  version: number;
  lifecycle: WebhookLifecycle;
  /** Which signing secret is current: 1 at creation, one more per rotation. */
  secretVersion: number;
  createdAt: string;
  updatedAt: string;
  /** Position of the creating event: deliveries start with it. */
  createdPosition: number;
}

export type WebhookCommand =
  | { type: 'CreateWebhook'; data: WebhookContent }
  | { type: 'UpdateWebhook'; changes: Partial<WebhookContent> }
  | { type: 'RotateWebhookSecret' }
  | { type: 'PauseWebhook' }
  | { type: 'ResumeWebhook' }
  | { type: 'DeleteWebhook' };

export const initialWebhookState = (id: string): WebhookState => ({
  id,
  version: 0,
  url: '',
  description: null,
  filter: { kinds: [], types: [] },
  format: 'LEDGER_EVENT',
  lifecycle: 'ACTIVE',
  secretVersion: 0,
  createdAt: '',
  updatedAt: '',
  createdPosition: 0,
});

const notFound = (): DomainError => ({ code: 'NOT_FOUND', field: ['id'], message: 'No webhook has this id' });
const transition = (message: string): DomainError => ({ code: 'INVALID_TRANSITION', field: [], message });

const sameFilter = (a: WebhookFilter, b: WebhookFilter) =>
  JSON.stringify([[...a.kinds].sort(), [...a.types].sort()]) === JSON.stringify([[...b.kinds].sort(), [...b.types].sort()]);

function decide(command: WebhookCommand, state: WebhookState): Decided<WebhookEvent> {
  if (command.type === 'CreateWebhook') return accept({ type: 'WebhookCreated', payload: command.data });
  if (state.version === 0 || state.lifecycle === 'DELETED') return refuse(notFound());
  switch (command.type) {
    case 'UpdateWebhook': {
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(([key, value]) => {
          if (value === undefined) return false;
          if (key === 'filter') return !sameFilter(value as WebhookFilter, state.filter);
          return value !== state[key as keyof WebhookContent];
        }),
      ) as Partial<WebhookContent>;
      if (Object.keys(changes).length === 0) return refuse(changesNothing('update'));
      return accept({ type: 'WebhookUpdated', payload: { changes } });
    }
    case 'RotateWebhookSecret':
      return accept({ type: 'WebhookSecretRotated', payload: { secretVersion: state.secretVersion + 1 } });
    case 'PauseWebhook':
      if (state.lifecycle === 'PAUSED') return refuse(transition('The webhook is paused already'));
      return accept({ type: 'WebhookPaused', payload: {} });
    case 'ResumeWebhook':
      if (state.lifecycle !== 'PAUSED') return refuse(transition('The webhook is not paused'));
      return accept({ type: 'WebhookResumed', payload: {} });
    case 'DeleteWebhook':
      return accept({ type: 'WebhookDeleted', payload: {} });
  }
}

function evolve(state: WebhookState, event: RecordedEvent<WebhookEvent>): WebhookState {
  const next: WebhookState = { ...state, filter: state.filter, version: event.version, updatedAt: event.recordedAt };
  switch (event.type) {
    case 'WebhookCreated':
      Object.assign(next, event.payload);
      next.secretVersion = 1;
      next.createdAt = event.recordedAt;
      next.createdPosition = event.position;
      break;
    case 'WebhookUpdated':
      for (const [key, value] of Object.entries(event.payload.changes)) if (value !== undefined) Object.assign(next, { [key]: value });
      break;
    case 'WebhookSecretRotated':
      next.secretVersion = event.payload.secretVersion;
      break;
    case 'WebhookPaused':
      next.lifecycle = 'PAUSED';
      break;
    case 'WebhookResumed':
      next.lifecycle = 'ACTIVE';
      break;
    case 'WebhookDeleted':
      next.lifecycle = 'DELETED';
      break;
  }
  return next;
}

export const webhooks = recordKind<WebhookCommand, WebhookState, WebhookEvent>(WEBHOOK_STREAM, webhookEvents, { initialState: initialWebhookState, decide, evolve });

/** Whether an event is one a webhook with this filter receives. */
export const matchesFilter = (filter: WebhookFilter, event: { type: string; stream: { kind: string } }): boolean =>
  (filter.kinds.length === 0 || filter.kinds.includes(event.stream.kind)) && (filter.types.length === 0 || filter.types.includes(event.type));

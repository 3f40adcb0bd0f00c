import type { Actor } from '../events/envelope.ts';
import type { Role } from './auth/permissions.ts';
import type { LogCache } from '../events/log-cache.ts';
import type { PointInTime, TimeTravel } from './point-in-time.ts';
import type { ReadModels } from './read-models.ts';
import type { EventStore } from '../events/store.ts';
import type { DeliveryStore } from './outbound/delivery-store.ts';

export type { ReadModels };

export interface ApiContext {
  /** Who makes the request: from the verified bearer token, never from input. */
  actor: Actor;
  roles: readonly Role[];
  store: EventStore;
  /** The read models, caught up with the log (once per request; again after a write). */
  read(): Promise<ReadModels>;
  /** The point of the log this field reads at (see api/point-in-time.ts). */
  pointInTime(): Promise<PointInTime>;
  /** Per request: the point in time of each root field. */
  timeTravel: TimeTravel;
  /** Whether a live view may still meet NotLoaded, and when none will (see TravellingContext). */
  viewsWaiting?: () => boolean;
  viewsReady?: () => Promise<void>;
  /** Tells the read side about events this request appended. */
  appended(events: Parameters<LogCache['offer']>[0]): void;
  /** Webhook delivery state and secrets (api/outbound/), when the server has a delivery table. */
  deliveries: DeliveryStore | null;
  /** The present, from the app's clock (injected, so tests can move time). */
  now(): Date;
  /** After a write: makes the actor a person when they are not one yet (api/person-registration.ts). */
  registerActor(): Promise<void>;
}

import type { DecisionsView } from '../domain/decisions/decisions-view.ts';
import type { Actor } from '../events/envelope.ts';
import type { LogCache } from '../events/log-cache.ts';
import type { EventStore } from '../events/store.ts';

/** The read side: the cached log and the read models folded from it. */
export interface ReadModels {
  log: LogCache;
  decisions: DecisionsView;
}

export interface ApiContext {
  actor: Actor;
  store: EventStore;
  /** The read models, caught up with the log (once per request; again after a write). */
  read(): Promise<ReadModels>;
  /** Tells the read side about events this request appended. */
  appended(events: Parameters<LogCache['offer']>[0]): void;
}

import type { DecisionsView } from '../domain/decisions/decisions-view.ts';
import type { TradeoffsView } from '../domain/tradeoffs/tradeoffs-view.ts';
import type { InitiativesView } from '../domain/initiatives/initiatives-view.ts';
import type { PriorityListView } from '../domain/priorities/priority-list-view.ts';
import type { OkrsView } from '../domain/okrs/okrs-view.ts';
import type { TeamsView } from '../domain/teams/teams-view.ts';
import type { AllocationView } from '../domain/allocation/allocation-view.ts';
import type { Actor } from '../events/envelope.ts';
import type { LogCache } from '../events/log-cache.ts';
import type { EventStore } from '../events/store.ts';

/** The read side: the cached log and the read models folded from it. */
export interface ReadModels {
  log: LogCache;
  decisions: DecisionsView;
  tradeoffs: TradeoffsView;
  initiatives: InitiativesView;
  priorities: PriorityListView;
  okrs: OkrsView;
  teams: TeamsView;
  allocation: AllocationView;
}

export interface ApiContext {
  actor: Actor;
  store: EventStore;
  /** The read models, caught up with the log (once per request; again after a write). */
  read(): Promise<ReadModels>;
  /** Tells the read side about events this request appended. */
  appended(events: Parameters<LogCache['offer']>[0]): void;
}

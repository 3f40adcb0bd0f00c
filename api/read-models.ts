import { DecisionsView } from '../domain/decisions/decisions-view.ts';
import { TradeoffsView } from '../domain/tradeoffs/tradeoffs-view.ts';
import { InitiativesView } from '../domain/initiatives/initiatives-view.ts';
import { PriorityListView } from '../domain/priorities/priority-list-view.ts';
import { OkrsView } from '../domain/okrs/okrs-view.ts';
import { TeamsView } from '../domain/teams/teams-view.ts';
import { AllocationView } from '../domain/allocation/allocation-view.ts';
import { LogCache } from '../events/log-cache.ts';
import type { EventStore } from '../events/store.ts';
import type { ReadModels } from './context.ts';

/** Every read model, fed from one cached log. Add a record kind's view here. */
export function createReadModels(store: EventStore, pageSize?: number): ReadModels {
  const views = {
    decisions: new DecisionsView(),
    tradeoffs: new TradeoffsView(),
    initiatives: new InitiativesView(),
    priorities: new PriorityListView(),
    okrs: new OkrsView(),
    teams: new TeamsView(),
    allocation: new AllocationView(),
  };
  const log = new LogCache(store, Object.values(views), pageSize);
  return { log, ...views };
}

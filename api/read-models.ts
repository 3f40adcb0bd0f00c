import { AllocationView } from '../domain/allocation/allocation-view.ts';
import { DecisionsView } from '../domain/decisions/decisions-view.ts';
import { InitiativesView } from '../domain/initiatives/initiatives-view.ts';
import { OkrsView } from '../domain/okrs/okrs-view.ts';
import { PriorityListView } from '../domain/priorities/priority-list-view.ts';
import { TeamsView } from '../domain/teams/teams-view.ts';
import { TradeoffsView } from '../domain/tradeoffs/tradeoffs-view.ts';
import { LogCache, logUntil, type LogView } from '../events/log-cache.ts';
import type { EventStore } from '../events/store.ts';

/** Every read model, empty. Add a record kind's view here. */
function createViews() {
  return {
    decisions: new DecisionsView(),
    tradeoffs: new TradeoffsView(),
    initiatives: new InitiativesView(),
    priorities: new PriorityListView(),
    okrs: new OkrsView(),
    teams: new TeamsView(),
    allocation: new AllocationView(),
  };
}

/** The read side: the log and the read models folded from it, now or as they stood at a position. */
export type ReadModels = { log: LogView } & ReturnType<typeof createViews>;

export interface LiveReadModels extends ReadModels {
  log: LogCache;
  /** The read models as they stood at `position` (at most the cache's position). */
  at(position: number): ReadModels;
}

const SNAPSHOTS_KEPT = 8;

/** Every read model, fed from one cached log and kept current as it catches up. */
export function createReadModels(store: EventStore, pageSize?: number): LiveReadModels {
  const views = createViews();
  const log = new LogCache(store, Object.values(views), pageSize);
  const snapshots = new Map<number, ReadModels>();
  const live: LiveReadModels = {
    log,
    ...views,
    at(position) {
      if (position >= log.position) return live;
      let snapshot = snapshots.get(position);
      if (snapshot) snapshots.delete(position);
      else snapshot = foldedUntil(log, position);
      snapshots.set(position, snapshot);
      if (snapshots.size > SNAPSHOTS_KEPT) snapshots.delete(snapshots.keys().next().value!);
      return snapshot;
    },
  };
  return live;
}

/**
 * Fresh read models over the log up to `position`: exactly the state folded from only those
 * events. Each view is folded the first time it is used, so a query pays only for what it reads.
 */
function foldedUntil(log: LogView, position: number): ReadModels {
  const bounded = logUntil(log, position);
  const models = { log: bounded } as ReadModels;
  for (const [name, view] of Object.entries(createViews())) {
    let folded = false;
    Object.defineProperty(models, name, {
      enumerable: true,
      get() {
        if (!folded) {
          for (const event of bounded.all()) view.apply(event);
          folded = true;
        }
        return view;
      },
    });
  }
  return models;
}

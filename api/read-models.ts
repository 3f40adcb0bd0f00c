import { createViews, type Views } from '../domain/registry.ts';
import type { RecordedEvent } from '../events/envelope.ts';
import { handles, LogCache, logUntil, type LogListener, type LogView } from '../events/log-cache.ts';
import type { EventStore } from '../events/store.ts';
import { SearchIndex } from '../domain/search/search-index.ts';

type ViewName = keyof Views;

/** The read side: the log and the read models folded from it, now or as they stood at a position. */
export type ReadModels = { log: LogView; /** One index for every position: it filters by `log.position`. */ search: SearchIndex } & Views;

export interface LiveReadModels extends ReadModels {
  log: LogCache;
  /** The read models as they stood at `position` (at most the cache's position). */
  at(position: number): ReadModels;
}

export interface TimeTravelOptions {
  /**
   * Every how many events (at least) a copy of every view is kept: a checkpoint. A past position
   * then costs, for each view a query reads, a copy of the nearest checkpoint before it (a memcpy
   * of its tables) and a fold of the events since. The spacing grows to 1/64 of the log as the log
   * grows, so checkpoints hold O(n log n) slots and a past position folds at most max(this, n/64)
   * events. Measured on the 100 000-event bench log: see BENCHMARKS.md (asof_p50_ms).
   */
  checkpointEvery?: number;
  /** Rough bytes the read models of answered past positions may hold, most recently asked kept. */
  answerCacheBytes?: number;
}

const CHECKPOINT_EVERY = 2000;
const ANSWER_CACHE_BYTES = 32 * 2 ** 20;

/** The views as they stood after `position`: never applied to (copied before folding on). */
interface Checkpoint {
  position: number;
  views: Views;
}

/**
 * Every read model, fed from one cached log and kept current as it catches up. Past positions are
 * answered from checkpoints taken while catching up: copies of every view every `checkpointEvery`
 * events, cheap because views never change a state they stored (see CopyableProjection).
 */
export function createReadModels(store: EventStore, pageSize?: number, options: TimeTravelOptions = {}): LiveReadModels {
  const every = options.checkpointEvery ?? CHECKPOINT_EVERY;
  const views = createViews();
  const checkpoints: Checkpoint[] = [{ position: 0, views: createViews() }];
  let nextCheckpoint = every;
  const checkpointer: LogListener = {
    apply(event) {
      if (event.position < nextCheckpoint) return;
      checkpoints.push({ position: event.position, views: copyViews(views) });
      nextCheckpoint = event.position + Math.max(every, Math.floor(event.position / 64));
    },
  };
  const search: SearchIndex = new SearchIndex((): LogView => log);
  const log: LogCache = new LogCache(store, [...Object.values(views), checkpointer, search], pageSize);
  const answers = new AnswerCache(options.answerCacheBytes ?? ANSWER_CACHE_BYTES);
  const live: LiveReadModels = {
    log,
    search,
    ...views,
    at(position) {
      if (position >= log.position) return live;
      let answer = answers.get(position);
      if (!answer) {
        answer = foldedUntil(log, position, nearest(checkpoints, position), search);
        answers.set(position, answer);
      }
      return answer.models;
    },
  };
  return live;
}

function copyViews(views: Views): Views {
  const copies = {} as Record<ViewName, unknown>;
  for (const name of Object.keys(views) as ViewName[]) copies[name] = views[name].copy();
  return copies as Views;
}

/** The last checkpoint at or before `position` (checkpoints are in position order, the first at 0). */
function nearest(checkpoints: readonly Checkpoint[], position: number): Checkpoint {
  let low = 0;
  let high = checkpoints.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (checkpoints[middle]!.position <= position) low = middle;
    else high = middle - 1;
  }
  return checkpoints[low]!;
}

interface Answer {
  models: ReadModels;
  /** Rough bytes held by the views folded so far (grows as a query reads more of them). */
  bytes: number;
}

/**
 * Read models over the log up to `position`: exactly the state folded from only those events.
 * Each view is a copy of the checkpoint's, folded on with the events after it, the first time it
 * is read, so a query pays only for the views it reads.
 */
function foldedUntil(log: LogView, position: number, checkpoint: Checkpoint, search: SearchIndex): Answer {
  const bounded = logUntil(log, position);
  const answer: Answer = { models: { log: bounded, search } as ReadModels, bytes: 0 };
  for (const name of Object.keys(checkpoint.views) as ViewName[]) {
    let view: Views[ViewName] | null = null;
    Object.defineProperty(answer.models, name, {
      enumerable: true,
      get() {
        if (!view) {
          view = checkpoint.views[name].copy();
          const folded = foldInto(view, log, checkpoint.position, position);
          answer.bytes += footprint(view) + folded * BYTES_PER_FOLDED_EVENT;
        }
        return view;
      },
    });
  }
  return answer;
}

/** Applies the view's events at positions after..until; returns how many it applied. */
function foldInto(view: LogListener, log: LogView, after: number, until: number): number {
  let applied = 0;
  for (let position = after + 1; position <= until; position += 1) {
    const event: RecordedEvent = log.at(position)!;
    if (handles(view, event.type)) {
      view.apply(event);
      applied += 1;
    }
  }
  return applied;
}

/** Rough bytes per slot of a view's own tables and lists (the states in them are shared with the checkpoint). */
const BYTES_PER_SLOT = 16;
/** Rough bytes of the new state an applied event leaves behind. */
const BYTES_PER_FOLDED_EVENT = 400;

/** Rough bytes a copy of a view holds of its own: its tables and lists (anything with a size). */
function footprint(view: object): number {
  let slots = 0;
  for (const value of Object.values(view)) {
    const size: unknown = (value as { size?: unknown } | null)?.size;
    if (typeof size === 'number') slots += size;
  }
  return slots * BYTES_PER_SLOT;
}

/** Answers for past positions, most recently used kept, bounded by their rough size in bytes. */
class AnswerCache {
  private readonly answers = new Map<number, Answer>();

  constructor(private readonly budget: number) {}

  get(position: number): Answer | undefined {
    const answer = this.answers.get(position);
    if (answer) {
      this.answers.delete(position);
      this.answers.set(position, answer);
    }
    this.evict();
    return answer;
  }

  set(position: number, answer: Answer): void {
    this.answers.set(position, answer);
    this.evict();
  }

  /** Drops the least recently used answers while over budget; the newest stays whatever its size. */
  private evict(): void {
    let total = 0;
    for (const answer of this.answers.values()) total += answer.bytes;
    for (const [position, answer] of this.answers) {
      if (total <= this.budget || this.answers.size === 1) return;
      this.answers.delete(position);
      total -= answer.bytes;
    }
  }
}

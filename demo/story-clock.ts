import { LEDGER_CLOCK_ID, LEDGER_STREAM, LedgerClockSet } from '../domain/ledger/events.ts';
import type { EventStore } from '../events/store.ts';
import { SeedError } from './seed-error.ts';

/** The actor of the clock's event: the seed itself, not one of the story's people. */
export const SEED_ACTOR = { id: 'demo-seed', name: 'npm run seed', kind: 'SERVICE' } as const;

/**
 * The clock of the seed's own event store (its `now`): the real clock, until the seed starts the
 * story on an empty ledger; then the story's time, moved forward by the seed as the story goes
 * (`advance`), until `stop`. It never goes back and never reaches the real time the story started
 * at, so the log's `recordedAt` follows its positions and every live write afterwards is later
 * than every seeded event.
 *
 * Development only: `start` refuses in production and on a ledger that already holds events, and
 * records the fact as the log's first event (LedgerClockSet), so an auditor sees that the times
 * of the events after it up to `seededAt` are the story's, not the real ones.
 */
export class StoryClock {
  private story: number | null = null;
  private last = 0;
  /** Story times are kept below the real time the story started at. */
  private ceiling = Number.POSITIVE_INFINITY;

  constructor(
    private readonly store: EventStore,
    private readonly options: { production: boolean; realNow?: () => Date } = { production: false },
  ) {}

  /** For the store: the current instant of the story, or the real time when no story runs. */
  readonly now = (): Date => {
    if (this.story === null) return this.realNow();
    const at = Math.max(Math.min(this.story, this.ceiling), this.last + 1);
    this.last = at;
    return new Date(at);
  };

  get running(): boolean {
    return this.story !== null;
  }

  /**
   * Sets the clock to `storyStartsAt` (an instant before now) and records LedgerClockSet at
   * position 1. Throws a SeedError in production, on a non-empty ledger, or for a future start.
   */
  async start(storyStartsAt: string, purpose: string): Promise<{ storyStartsAt: string; seededAt: string }> {
    if (this.options.production) {
      throw new SeedError("The seed sets the store's clock to the demo story's time, which is refused when NODE_ENV=production.");
    }
    const head = await this.store.head();
    if (head.position > 0) {
      throw new SeedError(`The store's clock is only set on an empty ledger; this one holds ${head.position} events.`);
    }
    const real = this.realNow();
    const start = Date.parse(storyStartsAt);
    if (!(start < real.getTime())) throw new SeedError(`The story must start before now (${real.toISOString()}), not at ${storyStartsAt}`);
    this.ceiling = real.getTime() - 1000;
    this.story = start;
    const payload = { storyStartsAt: new Date(start).toISOString(), seededAt: real.toISOString(), purpose };
    const { position } = await this.store.append(
      { kind: LEDGER_STREAM, id: LEDGER_CLOCK_ID },
      'no-stream',
      [{ type: LedgerClockSet.type, payload }],
      { actor: SEED_ACTOR, reason: 'Demo ledger: the events up to seededAt carry the story’s times, not the real ones' },
    );
    if (position !== 1) {
      this.stop();
      throw new SeedError(`Another writer appended to the ledger while the seed set its clock (LedgerClockSet landed at position ${position}).`);
    }
    return { storyStartsAt: payload.storyStartsAt, seededAt: payload.seededAt };
  }

  /** Moves the story to `instant` (ISO); an earlier instant than the clock's last keeps the clock where it is. */
  advance(instant: string): void {
    if (this.story !== null) this.story = Date.parse(instant);
  }

  /** Back to the real clock. */
  stop(): void {
    this.story = null;
  }

  private realNow(): Date {
    return this.options.realNow?.() ?? new Date();
  }
}

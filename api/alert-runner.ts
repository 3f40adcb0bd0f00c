import { alerts } from '../domain/alerts/alert.ts';
import { evaluateAlerts, type AlertDecisions } from '../domain/alerts/evaluator.ts';
import { ALERT_STREAM } from '../domain/alerts/events.ts';
import { LEDGER_ACTOR } from '../domain/alerts/ledger-actor.ts';
import type { AlertCommand, AlertState } from '../domain/alerts/alert.ts';
import type { RecordedEvent } from '../events/envelope.ts';
import { VersionConflictError } from '../events/errors.ts';
import type { EventStore } from '../events/store.ts';
import type { LiveReadModels } from './read-models.ts';

export interface AlertRun {
  raised: number;
  resolved: number;
  /** Alerts another evaluator raised or resolved first (a version conflict): nothing written by this one. */
  skipped: number;
}

/**
 * Appends what the evaluator (domain/alerts/evaluator.ts) decides, as the ledger's own SERVICE
 * actor. Raising appends to the alert's derived stream expecting `no-stream`, resolving expects the
 * version the evaluator saw: a second evaluator (a re-run, another process, the schedule racing an
 * append's run) meets a version conflict and writes nothing, so an alert is raised and resolved once.
 */
export class AlertRunner {
  private running: Promise<AlertRun> | null = null;
  /** A run asked for while one ran: null, none; otherwise what it must have seen (see `schedule`). */
  private again: { after: number | undefined } | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly models: LiveReadModels,
    private readonly clock: () => Date,
  ) {}

  /**
   * One evaluation against the log as it is now, and its appends. `after`: a position the read
   * models already hold (this process's own append, offered to them): then they are a prefix of
   * the log that includes it, which is all an evaluation after that append needs, and no catch-up
   * query is made. Another process's appends are evaluated after them by that process.
   */
  async run(after?: number): Promise<AlertRun> {
    if (after === undefined || this.models.log.position < after) await this.models.log.catchUp();
    await this.models.ready();
    return this.apply(evaluateAlerts(this.models, this.clock()));
  }

  /**
   * After an append (`after`: its last position, see `run`): runs once the current run (if any) is
   * done; calls while one runs are coalesced into one more run. Errors are logged: the schedule
   * runs again anyway.
   */
  schedule(after?: number): void {
    if (this.running) {
      // A call without a position (the schedule) catches up, whatever else was asked for.
      const earlier = this.again;
      const catchUp = after === undefined || (earlier !== null && earlier.after === undefined);
      this.again = { after: catchUp ? undefined : Math.max(earlier?.after ?? after, after) };
      return;
    }
    this.running = this.run(after)
      .catch((error: unknown) => {
        console.warn(`The alert evaluator failed (${(error as Error).message}); the next append or scheduled run tries again.`);
        return { raised: 0, resolved: 0, skipped: 0 };
      })
      .finally(() => {
        this.running = null;
        const again = this.again;
        if (again) {
          this.again = null;
          this.schedule(again.after);
        }
      });
  }

  /** Resolves when no run started by `schedule` is pending (for tests and orderly shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async apply(decisions: AlertDecisions): Promise<AlertRun> {
    const result: AlertRun = { raised: 0, resolved: 0, skipped: 0 };
    for (const { id, alert } of decisions.raise) {
      const appended = await this.append(id, 'no-stream', { type: 'RaiseAlert', alert }, alerts.decider.initialState(id), alert.summary);
      if (appended) result.raised += 1;
      else result.skipped += 1;
    }
    for (const { id, version, evidence, summary } of decisions.resolve) {
      const state = this.models.alerts.get(id)!;
      const appended = await this.append(id, version, { type: 'ResolveAlert', evidence, summary }, state, summary);
      if (appended) result.resolved += 1;
      else result.skipped += 1;
    }
    return result;
  }

  private async append(id: string, expected: 'no-stream' | number, command: AlertCommand, state: AlertState, reason: string): Promise<RecordedEvent[] | null> {
    const decided = alerts.decider.decide(command, state);
    if (!decided.ok) return null;
    try {
      const { events } = await this.store.append({ kind: ALERT_STREAM, id }, expected, decided.events, { actor: LEDGER_ACTOR, reason });
      this.models.log.offer(events);
      return events;
    } catch (error) {
      if (error instanceof VersionConflictError) return null;
      throw error;
    }
  }
}

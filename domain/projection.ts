import type { RecordedMeta } from './decider.ts';

/** What a read model sees of the log: any event, with its metadata. */
export type LogEvent = RecordedMeta & { type: string; payload: unknown };

/** A read model: a fold over the whole log, kept current one event at a time. */
export interface Projection {
  apply(event: LogEvent): void;
}

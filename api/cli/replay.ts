import { isDeepStrictEqual } from 'node:util';
import { openLedgerStore, runIfMain } from '../../events/cli/connect.ts';
import type { EventStore } from '../../events/store.ts';
import type { ReadModels } from '../context.ts';
import { createReadModels } from '../read-models.ts';

export interface ReplayReport {
  events: number;
  /** Reading every event from the store, no folding: the floor for a rebuild. */
  readMs: number;
  /** Reading every event and folding it into every read model from position 1. */
  rebuildMs: number;
  eventsPerSecond: number;
  /** Read models whose rebuilt state differs from the incrementally maintained one. */
  mismatches: string[];
}

/** A comparable plain-data image of a read model (Maps and Sets as arrays). */
export function imageOf(view: unknown): unknown {
  return JSON.parse(
    JSON.stringify(view, (_key, value) =>
      value instanceof Map ? { map: [...value.entries()] } : value instanceof Set ? { set: [...value.values()] } : value,
    ),
  );
}

function compare(live: ReadModels, rebuilt: ReadModels): string[] {
  const views = Object.keys(live).filter((name) => name !== 'log' && typeof live[name as keyof ReadModels] === 'object') as (keyof ReadModels)[];
  return views.filter((name) => !isDeepStrictEqual(imageOf(live[name]), imageOf(rebuilt[name])));
}

/**
 * Rebuilds every read model from position 1 and compares it with read models kept current the
 * way a running API does (caught up a page at a time), timing both against a plain read.
 */
/** Reads every event of the log in pages of `pageSize`, as a replay does; returns how many there were. */
export async function readWholeLog(store: EventStore, pageSize: number): Promise<number> {
  let events = 0;
  for (let after = 0; ; ) {
    const page = await store.readAll(after, pageSize);
    events += page.length;
    if (page.length < pageSize) return events;
    after = page[page.length - 1]!.position;
  }
}

export async function replayLedger(store: EventStore, pageSize = 1000): Promise<ReplayReport> {
  let started = performance.now();
  const events = await readWholeLog(store, pageSize);
  const readMs = performance.now() - started;

  started = performance.now();
  const rebuilt = createReadModels(store, pageSize);
  await rebuilt.log.catchUp();
  const rebuildMs = performance.now() - started;

  // Kept current incrementally: small pages, as requests arrive between appends.
  const live = createReadModels(store, 97);
  await live.log.catchUp();

  return { events, readMs, rebuildMs, eventsPerSecond: events / (rebuildMs / 1000), mismatches: compare(live, rebuilt) };
}

async function main(): Promise<void> {
  const ledger = await openLedgerStore();
  const { store } = ledger;
  try {
    const report = await replayLedger(store);
    console.log(`events            ${report.events}`);
    console.log(`read only         ${report.readMs.toFixed(0)} ms`);
    console.log(`rebuild           ${report.rebuildMs.toFixed(0)} ms (${(report.rebuildMs / Math.max(report.readMs, 1)).toFixed(2)}x the read)`);
    console.log(`events per second ${Math.round(report.eventsPerSecond)}`);
    console.log(report.mismatches.length ? `MISMATCH in ${report.mismatches.join(', ')}` : 'rebuilt read models equal the live ones');
    if (report.mismatches.length) process.exitCode = 1;
  } finally {
    await ledger.close();
  }
}

runIfMain(import.meta.url, main);

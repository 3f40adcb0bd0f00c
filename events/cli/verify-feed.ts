import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { RecordedEvent } from '../envelope.ts';
import { canonicalJson, verifyChain, type ChainHead } from '../integrity.ts';
import { runIfMain } from './connect.ts';

/**
 * `npm run verify-feed -- --file received.ndjson [--expect-head position:hash]`: for a receiver
 * of webhooks (LEDGER_EVENT bodies, one JSON per line, in any order, duplicates allowed) or of
 * the bus's `detail`s. Checks the set is gapless from its first position, each previousHash is
 * the hash before it, each hash recomputes from the body, and optionally that it reaches a head
 * the ledger published. Needs nothing of the ledger itself.
 */

export interface FeedVerification {
  ok: boolean;
  /** Distinct events checked. */
  events: number;
  first: number | null;
  head: ChainHead | null;
  duplicates: number;
  problem: string | null;
}

export function verifyFeed(text: string, expectHead?: ChainHead): FeedVerification {
  const byPosition = new Map<number, RecordedEvent>();
  let duplicates = 0;
  const result = (problem: string | null, head: ChainHead | null = null): FeedVerification => {
    const positions = [...byPosition.keys()];
    return { ok: problem === null, events: byPosition.size, first: positions.length ? Math.min(...positions) : null, head, duplicates, problem };
  };
  for (const [index, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    let event: RecordedEvent;
    try {
      event = JSON.parse(line) as RecordedEvent;
    } catch {
      return result(`line ${index + 1}: not JSON`);
    }
    // An EventBridge event carries the body as its detail.
    if ((event as unknown as { detail?: RecordedEvent }).detail) event = (event as unknown as { detail: RecordedEvent }).detail;
    if (!Number.isSafeInteger(event.position) || typeof event.hash !== 'string' || typeof event.previousHash !== 'string') {
      return result(`line ${index + 1}: not a ledger event (position, hash and previousHash needed)`);
    }
    if (!('eventId' in event)) return result(`line ${index + 1}: no eventId: the hash cannot be recomputed`);
    const seen = byPosition.get(event.position);
    if (seen) {
      if (canonicalJson(seen) !== canonicalJson(event)) return result(`position ${event.position} received twice with different contents`);
      duplicates += 1;
      continue;
    }
    byPosition.set(event.position, event);
  }
  if (byPosition.size === 0) return result('no events');
  const events = [...byPosition.values()].sort((a, b) => a.position - b.position);
  const first = events[0]!;
  const chain = verifyChain(events, { position: first.position - 1, hash: first.previousHash }, new Map(), true);
  if (!chain.ok) return result(`${chain.failure!.problem} at position ${chain.failure!.position}: ${chain.failure!.message}`, chain.head);
  if (expectHead) {
    const at = byPosition.get(expectHead.position);
    if (!at) return result(`the expected head ${expectHead.position} was not received (last: ${chain.head.position})`, chain.head);
    if (at.hash !== expectHead.hash) return result(`position ${expectHead.position} has hash ${at.hash}, not the expected ${expectHead.hash}`, chain.head);
  }
  return result(null, chain.head);
}

export function parseHead(text: string): ChainHead {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!match) throw new Error(`--expect-head must be position:hash (64 hex digits), not "${text}"`);
  return { position: Number(match[1]), hash: match[2]! };
}

runIfMain(import.meta.url, async () => {
  const { values } = parseArgs({ options: { file: { type: 'string' }, 'expect-head': { type: 'string' } } });
  if (!values.file) throw new Error('usage: npm run verify-feed -- --file received.ndjson [--expect-head position:hash]');
  const verification = verifyFeed(readFileSync(values.file, 'utf8'), values['expect-head'] ? parseHead(values['expect-head']) : undefined);
  if (verification.ok) {
    console.log(
      `ok: ${verification.events} events, positions ${verification.first}..${verification.head!.position}, gapless and chained` +
        `${verification.duplicates ? ` (${verification.duplicates} duplicates ignored)` : ''}; head ${verification.head!.position}:${verification.head!.hash}`,
    );
  } else {
    console.error(`FAILED: ${verification.problem}`);
    process.exit(1);
  }
});

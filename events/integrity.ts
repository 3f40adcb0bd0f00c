import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type { RecordedEvent } from './envelope.ts';

// The package is CommonJS (module.exports = function); its typings describe an ES default export.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

/** The previous hash of the event at position 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** RFC 8785 canonical JSON: the same value always serialises to the same bytes. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value cannot be serialised as JSON');
  return text;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Hash of one event: sha256(previousHash + canonical(event without its own hash)). */
export function hashEvent(event: Omit<RecordedEvent, 'hash'>): string {
  const { previousHash, ...rest } = event;
  return sha256Hex(previousHash + canonicalJson({ ...rest, previousHash }));
}

export interface ChainHead {
  position: number;
  hash: string;
}

export type ChainProblem =
  | 'POSITION_GAP'
  | 'PREVIOUS_HASH_MISMATCH'
  | 'HASH_MISMATCH'
  | 'STREAM_VERSION_GAP'
  | 'STREAM_COPY_MISMATCH'
  | 'STREAM_COPY_MISSING'
  | 'STREAM_ITEM_NOT_IN_LOG'
  | 'ANCHOR_MISMATCH';

export interface ChainVerification {
  ok: boolean;
  checked: number;
  head: ChainHead;
  failure?: { position: number; problem: ChainProblem; message: string };
}

/**
 * Checks a run of the log that starts right after `from`: positions gapless, each event's
 * previous hash equal to the hash before it, each hash recomputed, stream versions gapless.
 * `streamVersions` carries the last version seen per stream when checking in pages; with
 * `midLog`, a stream first seen in this run may start at any version (its start lies before).
 */
export function verifyChain(
  events: Iterable<RecordedEvent>,
  from: ChainHead = { position: 0, hash: GENESIS_HASH },
  streamVersions: Map<string, number> = new Map(),
  midLog = false,
): ChainVerification {
  let head = from;
  let checked = 0;
  const fail = (position: number, problem: ChainProblem, message: string): ChainVerification => ({
    ok: false,
    checked,
    head,
    failure: { position, problem, message },
  });
  for (const event of events) {
    if (event.position !== head.position + 1) {
      return fail(head.position + 1, 'POSITION_GAP', `expected position ${head.position + 1}, found ${event.position}`);
    }
    if (event.previousHash !== head.hash) {
      return fail(event.position, 'PREVIOUS_HASH_MISMATCH', 'previous hash does not match the hash before it');
    }
    const { hash, ...rest } = event;
    if (hashEvent(rest) !== hash) {
      return fail(event.position, 'HASH_MISMATCH', 'recomputed hash differs: the event was altered');
    }
    const key = `${event.stream.kind}#${event.stream.id}`;
    const last = streamVersions.get(key) ?? (midLog ? event.version - 1 : 0);
    if (event.version !== last + 1) {
      return fail(event.position, 'STREAM_VERSION_GAP', `stream ${key} expected version ${last + 1}, found ${event.version}`);
    }
    streamVersions.set(key, event.version);
    head = { position: event.position, hash };
    checked += 1;
  }
  return { ok: true, checked, head };
}

import { streamKey, type RecordedEvent, type StreamRef } from './envelope.ts';
import { canonicalJson, GENESIS_HASH, verifyChain, type ChainHead, type ChainProblem } from './integrity.ts';
import type { EventStore } from './store.ts';

export interface IntegrityReport {
  ok: boolean;
  /** Events whose hash, position and stream copy were checked. */
  checked: number;
  fromPosition: number;
  /** Last position checked (the head when no upper bound was given). */
  head: ChainHead;
  failure?: { position: number; problem: ChainProblem; message: string };
}

export interface VerifyOptions {
  fromPosition?: number;
  toPosition?: number;
  /** A head published earlier: the event at its position must still have its hash. */
  expectedHead?: ChainHead;
  pageSize?: number;
  /** Stream partitions read at once when comparing the stream copies. */
  concurrency?: number;
}

/**
 * Proves a range of the log complete and unaltered, reading DynamoDB itself (not a cache):
 * recomputes the hash chain, checks positions are gapless, and that every event's copy in its
 * stream partition matches the global log, with no stream item missing from it.
 */
export async function verifyIntegrity(store: EventStore, options: VerifyOptions = {}): Promise<IntegrityReport> {
  const fromPosition = Math.max(1, options.fromPosition ?? 1);
  const toPosition = options.toPosition ?? Number.POSITIVE_INFINITY;
  const pageSize = options.pageSize ?? 1000;

  let start: ChainHead = { position: 0, hash: GENESIS_HASH };
  if (fromPosition > 1) {
    const [before] = await store.readAll(fromPosition - 2, 1, { raw: true });
    if (!before || before.position !== fromPosition - 1) {
      return { ok: false, checked: 0, fromPosition, head: start, failure: { position: fromPosition - 1, problem: 'POSITION_GAP', message: `position ${fromPosition - 1} is missing` } };
    }
    start = { position: before.position, hash: before.hash };
  }

  // 1. The global log: positions, previous hashes, recomputed hashes, stream versions.
  const streamVersions = new Map<string, number>();
  const inLog = new Map<string, { stream: StreamRef; events: Map<number, RecordedEvent> }>();
  let head = start;
  let checked = 0;
  let anchorSeen = false;
  for (let after = start.position; after < toPosition; ) {
    const limit = Math.min(pageSize, toPosition - after);
    const page = await store.readAll(after, limit, { raw: true });
    if (page.length === 0) break;
    const chain = verifyChain(page, head, streamVersions, fromPosition > 1);
    if (!chain.ok) return { ok: false, checked: checked + chain.checked, fromPosition, head: chain.head, failure: chain.failure };
    for (const event of page) {
      const key = streamKey(event.stream);
      const entry = inLog.get(key) ?? { stream: event.stream, events: new Map() };
      entry.events.set(event.version, event);
      inLog.set(key, entry);
      if (options.expectedHead?.position === event.position) {
        anchorSeen = true;
        if (event.hash !== options.expectedHead.hash) {
          return anchorFailure(checked + chain.checked, fromPosition, chain.head, event.position, 'has a different hash than the published head');
        }
      }
    }
    head = chain.head;
    checked += chain.checked;
    after = page[page.length - 1]!.position;
    if (page.length < limit) break;
  }
  const anchor = options.expectedHead;
  if (anchor && !anchorSeen && anchor.position >= fromPosition && anchor.position <= toPosition) {
    return anchorFailure(checked, fromPosition, head, anchor.position, `is missing: the log ends at ${head.position}, before the published head`);
  }

  // 2. Every stream copy equals its event in the log, and no stream holds an event the log lacks.
  const readToEnd = toPosition === Number.POSITIVE_INFINITY;
  const failures: NonNullable<IntegrityReport['failure']>[] = [];
  const entries = [...inLog.values()];
  const workers = Array.from({ length: options.concurrency ?? 8 }, async () => {
    for (let entry = entries.pop(); entry; entry = entries.pop()) {
      const versions = [...entry.events.keys()];
      const copies = await store.readStream(
        entry.stream,
        { fromVersion: Math.min(...versions), toVersion: readToEnd ? undefined : Math.max(...versions) },
        { raw: true },
      );
      const failure = compareStream(entry.events, copies);
      if (failure) failures.push(failure);
    }
  });
  await Promise.all(workers);
  if (failures.length) {
    const first = failures.reduce((a, b) => (a.position <= b.position ? a : b));
    return { ok: false, checked, fromPosition, head, failure: first };
  }
  return { ok: true, checked, fromPosition, head };
}

function compareStream(
  logged: Map<number, RecordedEvent>,
  copies: RecordedEvent[],
): NonNullable<IntegrityReport['failure']> | null {
  const byVersion = new Map(copies.map((c) => [c.version, c]));
  const problems: NonNullable<IntegrityReport['failure']>[] = [];
  for (const [version, event] of logged) {
    const copy = byVersion.get(version);
    const where = `${event.stream.kind}/${event.stream.id} version ${version}`;
    if (!copy) {
      problems.push({ position: event.position, problem: 'STREAM_COPY_MISSING', message: `the stream copy of ${where} is missing` });
    } else if (canonicalJson(copy) !== canonicalJson(event)) {
      problems.push({ position: event.position, problem: 'STREAM_COPY_MISMATCH', message: `the stream copy of ${where} differs from the log` });
    }
  }
  for (const copy of copies) {
    if (!logged.has(copy.version)) {
      problems.push({
        position: copy.position,
        problem: 'STREAM_ITEM_NOT_IN_LOG',
        message: `${copy.stream.kind}/${copy.stream.id} has a version ${copy.version} that is not in the global log`,
      });
    }
  }
  return problems.length ? problems.reduce((a, b) => (a.position <= b.position ? a : b)) : null;
}

function anchorFailure(checked: number, fromPosition: number, head: ChainHead, position: number, what: string): IntegrityReport {
  return {
    ok: false,
    checked,
    fromPosition,
    head,
    failure: { position, problem: 'ANCHOR_MISMATCH', message: `the event at the published head position ${position} ${what}` },
  };
}

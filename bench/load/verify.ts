import type { RecordedEvent } from '../../events/envelope.ts';
import type { EventStore } from '../../events/store.ts';
import { verifyIntegrity, type IntegrityReport } from '../../events/verify-integrity.ts';
import type { GraphQLClient } from '../lib/http.ts';
import type { Acknowledged, Workload } from './workload.ts';

/**
 * Sends every mutation whose outcome the client never learned again, with the same input and
 * idempotency key: the store answers with the first result if it was written, or writes it now.
 */
export async function retryUnknown(api: GraphQLClient, workload: Workload, rounds = 3, concurrency = 8): Promise<{ retried: number; stillUnknown: number }> {
  let retried = 0;
  for (let round = 0; round < rounds && workload.tracker.unknown.length > 0; round += 1) {
    const pending = workload.tracker.unknown.splice(0);
    retried += pending.length;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let mutation = pending.pop(); mutation; mutation = pending.pop()) {
          const result = await api.request(mutation.query, mutation.variables);
          const plan = { op: 'retry' as const, body: '', mutation };
          if (result.transportError) workload.failed(plan, result.transportError, result.ms);
          else workload.answered(plan, result.status, JSON.stringify({ data: result.data, errors: result.errors }), result.ms);
        }
      }),
    );
  }
  return { retried, stillUnknown: workload.tracker.unknown.length };
}

export interface LogCheck {
  ok: boolean;
  events: number;
  /** Distinct mutations the clients were told succeeded. */
  acknowledged: number;
  /** Acknowledged, but not in the log. */
  missing: Acknowledged[];
  /** In the log more than once (by idempotency key). */
  duplicated: string[];
  /** In the log, but as another record or version than the client was told. */
  misplaced: string[];
  /** Refused with VERSION_CONFLICT, yet written. */
  conflictedButWritten: string[];
  /** Written, though the client was never told so (not even on retry). */
  unacknowledgedWrites: string[];
  integrity: IntegrityReport;
  problems: string[];
}

/**
 * Reads the whole log back (from DynamoDB, not a cache) and checks it against what the clients
 * were told: every acknowledged mutation in it exactly once, as the record and version returned;
 * nothing refused in it; positions gapless and the hash chain intact (verifyIntegrity).
 */
export async function checkLog(store: EventStore, workload: Workload, keyPrefix = 'load-'): Promise<LogCheck> {
  const events = await store.readAll(0, Number.POSITIVE_INFINITY, { raw: true });
  const byKey = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (!event.idempotencyKey) continue;
    const list = byKey.get(event.idempotencyKey);
    if (list) list.push(event);
    else byKey.set(event.idempotencyKey, [event]);
  }
  const { tracker } = workload;
  const acknowledged = new Map<string, Acknowledged>();
  const misplaced: string[] = [];
  for (const ack of tracker.acknowledged) {
    const earlier = acknowledged.get(ack.key);
    if (earlier && (earlier.id !== ack.id || earlier.version !== ack.version)) misplaced.push(`${ack.key}: answered twice, differently`);
    acknowledged.set(ack.key, ack);
  }
  const missing: Acknowledged[] = [];
  const duplicated: string[] = [];
  for (const ack of acknowledged.values()) {
    const written = byKey.get(ack.key) ?? [];
    if (written.length === 0) missing.push(ack);
    else if (written.length > 1) duplicated.push(ack.key);
    else if (written[0]!.stream.id !== ack.id || written[0]!.version !== ack.version) {
      misplaced.push(`${ack.key}: told ${ack.id} v${ack.version}, log has ${written[0]!.stream.id} v${written[0]!.version}`);
    }
  }
  const conflictedButWritten = tracker.conflicted.filter((m) => !acknowledged.has(m.key) && byKey.has(m.key)).map((m) => m.key);
  const stillUnknown = new Set(tracker.unknown.map((m) => m.key));
  const unacknowledgedWrites = [...byKey.keys()].filter((key) => key.startsWith(keyPrefix) && !acknowledged.has(key) && !stillUnknown.has(key));
  // Positions: gapless from 1 (verifyIntegrity checks it too, with the hash chain and stream copies).
  const gaps = events.filter((event, i) => event.position !== i + 1).length;
  const integrity = await verifyIntegrity(store);

  const streamOf = (id: string) =>
    events
      .filter((e) => e.stream.id === id)
      .map((e) => `v${e.version}@${e.position} ${e.idempotencyKey ?? '-'}`)
      .join(', ');
  const problems = [
    ...missing.map(
      (a) =>
        `acknowledged ${a.op} ${a.key} (${a.id} v${a.version}) is not in the log; answers: ${tracker.history.get(a.key)?.join(' > ')}; the stream: ${streamOf(a.id)}`,
    ),
    ...duplicated.map((key) => `${key} is in the log more than once`),
    ...misplaced,
    ...conflictedButWritten.map((key) => `${key} was refused with VERSION_CONFLICT but written; answers: ${tracker.history.get(key)?.join(' > ')}; the stream: ${streamOf(byKey.get(key)![0]!.stream.id)}`),
    ...unacknowledgedWrites.map((key) => `${key} is in the log but no client was told it succeeded; answers: ${tracker.history.get(key)?.join(' > ')}`),
    ...(gaps ? [`${gaps} positions out of place`] : []),
    ...(integrity.ok ? [] : [`integrity: ${integrity.failure?.problem} at ${integrity.failure?.position}: ${integrity.failure?.message}`]),
  ];
  return {
    ok: problems.length === 0,
    events: events.length,
    acknowledged: acknowledged.size,
    missing,
    duplicated,
    misplaced,
    conflictedButWritten,
    unacknowledgedWrites,
    integrity,
    problems,
  };
}

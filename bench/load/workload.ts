import { randomUUID } from 'node:crypto';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { prng } from '../lib/random.ts';
import { DECISION_BY_ID, DECISIONS_PAGE, decisionInput, RECORD_DECISION, REVISE_DECISION } from '../lib/operations.ts';

/**
 * The mixed load: reads (a list page, one decision), new decisions, and revisions of existing ones
 * with the version last seen (stale when another client got there first) or deliberately stale.
 * Every mutation carries an idempotency key and is tracked, so the log can be checked afterwards
 * against what the clients were told.
 */

/** `retry`: a mutation sent again with its idempotency key after its outcome was unknown. */
/** The code of requests still in flight when a load run stopped. */
export const CUT_AT_END = 'CUT_AT_END';

export type OpKind = 'list' | 'get' | 'record' | 'revise' | 'revise-stale' | 'retry';

export interface Mix {
  list: number;
  get: number;
  record: number;
  revise: number;
  reviseStale: number;
}

export const DEFAULT_MIX: Mix = { list: 0.3, get: 0.2, record: 0.25, revise: 0.15, reviseStale: 0.1 };

export interface PlannedRequest {
  op: OpKind;
  body: string;
  /** Mutations only. */
  mutation?: PendingMutation;
}

export interface PendingMutation {
  key: string;
  op: 'record' | 'revise';
  query: string;
  variables: Record<string, unknown>;
  field: 'recordDecision' | 'reviseDecision';
}

export interface Acknowledged {
  key: string;
  op: 'record' | 'revise';
  /** Stream id of the decision. */
  id: string;
  version: number;
}

interface KnownDecision {
  globalId: string;
  id: string;
  version: number;
}

export interface OutcomeCounts {
  [op: string]: Record<string, number>;
}

/** What the clients were told, mutation by mutation. */
export class Tracker {
  readonly acknowledged: Acknowledged[] = [];
  /** Refused with VERSION_CONFLICT: must have written nothing. */
  readonly conflicted: PendingMutation[] = [];
  /** Failed without an answer about the write (STORE_UNAVAILABLE, transport): retried later with the same key. */
  readonly unknown: PendingMutation[] = [];
  readonly outcomes: OutcomeCounts = {};
  /** Latency per op and code, ms. */
  readonly latencies: Record<string, number[]> = {};
  /** Every answer each mutation got, by idempotency key, in order (for diagnosing a failed check). */
  readonly history = new Map<string, string[]>();

  note(key: string, outcome: string): void {
    const list = this.history.get(key);
    if (list) list.push(outcome);
    else this.history.set(key, [outcome]);
  }

  count(op: string, code: string, ms?: number): void {
    const byCode = (this.outcomes[op] ??= {});
    byCode[code] = (byCode[code] ?? 0) + 1;
    if (ms !== undefined) (this.latencies[`${op}:${code}`] ??= []).push(ms);
  }

  codes(): Record<string, number> {
    const totals: Record<string, number> = {};
    for (const byCode of Object.values(this.outcomes)) for (const [code, n] of Object.entries(byCode)) totals[code] = (totals[code] ?? 0) + n;
    return totals;
  }
}

/** Picks the next request and folds each answer into the pool of known decisions and the tracker. */
export class Workload {
  private readonly random: () => number;
  private readonly pool: KnownDecision[] = [];
  private sequence = 0;

  constructor(
    readonly tracker: Tracker,
    private readonly mix: Mix = DEFAULT_MIX,
    seed = 1,
    /** Revisions go to the newest `hotSet` decisions, so concurrent clients collide. */
    private readonly hotSet = 25,
  ) {
    this.random = prng(seed);
  }

  get known(): number {
    return this.pool.length;
  }

  next(): PlannedRequest {
    const roll = this.random();
    const { list, get, record, revise } = this.mix;
    if (this.pool.length === 0 || roll < record) return this.record();
    if (roll < record + list) return { op: 'list', body: JSON.stringify({ query: DECISIONS_PAGE }) };
    if (roll < record + list + get) return { op: 'get', body: JSON.stringify({ query: DECISION_BY_ID, variables: { id: this.pick().globalId } }) };
    return this.revise(roll >= record + list + get + revise);
  }

  private pick(): KnownDecision {
    const hot = Math.min(this.hotSet, this.pool.length);
    return this.pool[this.pool.length - 1 - Math.floor(this.random() * hot)]!;
  }

  private record(): PlannedRequest {
    const key = `load-${randomUUID()}`;
    const variables = { input: decisionInput(`load ${++this.sequence}`, key) };
    const mutation: PendingMutation = { key, op: 'record', query: RECORD_DECISION, variables, field: 'recordDecision' };
    return { op: 'record', body: JSON.stringify({ query: RECORD_DECISION, variables }), mutation };
  }

  private revise(stale: boolean): PlannedRequest {
    const decision = this.pick();
    const key = `load-${randomUUID()}`;
    // Deliberately stale: a version the decision has already left (or 0 for a new one... which is
    // never valid, so use version - 1 only when there is one).
    const deliberately = stale && decision.version > 1;
    const expectedVersion = deliberately ? decision.version - 1 : decision.version;
    const variables = {
      input: {
        id: decision.globalId,
        expectedVersion,
        reason: 'Load test revision',
        title: `Revised under load ${++this.sequence}`,
        idempotencyKey: key,
      },
    };
    const mutation: PendingMutation = { key, op: 'revise', query: REVISE_DECISION, variables, field: 'reviseDecision' };
    return { op: deliberately ? 'revise-stale' : 'revise', body: JSON.stringify({ query: REVISE_DECISION, variables }), mutation };
  }

  /** Learns from an answer: the code it counts as, and for mutations what the client now knows. */
  answered(request: PlannedRequest, status: number, text: string, ms?: number): string {
    type Answer = { data?: any; errors?: { extensions?: { code?: string } }[] };
    let parsed: Answer | null = null;
    try {
      parsed = JSON.parse(text) as Answer;
    } catch {
      parsed = null;
    }
    const mutation = request.mutation;
    let code: string;
    if (!parsed) code = `HTTP_${status}`;
    else if (parsed.errors?.length) code = String(parsed.errors[0]!.extensions?.code ?? `HTTP_${status}`);
    else if (status !== 200) code = `HTTP_${status}`;
    else if (mutation) code = (parsed.data?.[mutation.field]?.userErrors as { code: string }[] | undefined)?.[0]?.code ?? 'OK';
    else code = 'OK';
    this.tracker.count(request.op, code, ms);

    if (request.op === 'get' && code === 'OK' && parsed?.data?.node) {
      const node = parsed.data.node as { id: string; version: number };
      const known = this.pool.find((d) => d.globalId === node.id);
      if (known) known.version = Math.max(known.version, node.version);
    }
    if (mutation) {
      const decision = code === 'OK' ? (parsed!.data[mutation.field].decision as { id: string; version: number }) : null;
      this.tracker.note(mutation.key, `${request.op}:${code}${decision ? ` v${decision.version}` : ''}`);
      if (code === 'OK') this.acknowledge(mutation, parsed!.data[mutation.field].decision as { id: string; version: number });
      else if (code === 'VERSION_CONFLICT') this.tracker.conflicted.push(mutation);
      else this.tracker.unknown.push(mutation);
    }
    return code;
  }

  /** A transport failure (no HTTP answer at all). */
  failed(request: PlannedRequest, error: string, ms?: number): void {
    this.tracker.count(request.op, `TRANSPORT:${error}`, ms);
    if (request.mutation) {
      this.tracker.note(request.mutation.key, `${request.op}:TRANSPORT:${error}`);
      this.tracker.unknown.push(request.mutation);
    }
  }

  /** Still in flight when the load stopped: not an error, but a mutation's outcome is unknown. */
  cut(request: PlannedRequest): void {
    this.tracker.count(request.op, CUT_AT_END);
    if (request.mutation) {
      this.tracker.note(request.mutation.key, `${request.op}:${CUT_AT_END}`);
      this.tracker.unknown.push(request.mutation);
    }
  }

  acknowledge(mutation: PendingMutation, decision: { id: string; version: number }): void {
    const id = decodeGlobalID(decision.id).id;
    this.tracker.acknowledged.push({ key: mutation.key, op: mutation.op, id, version: decision.version });
    const known = this.pool.find((d) => d.id === id);
    if (known) known.version = Math.max(known.version, decision.version);
    else this.pool.push({ globalId: decision.id, id, version: decision.version });
    if (this.pool.length > 2000) this.pool.splice(0, this.pool.length - 2000);
  }
}

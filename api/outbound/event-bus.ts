import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { RecordedEvent } from '../../events/envelope.ts';
import type { EventBus } from './dispatcher.ts';
import { ledgerEventBody, type LedgerEventBody } from './messages.ts';

/**
 * EventBridge refuses a PutEvents entry over 256 KB, and a request whose entries add up to more.
 * A ledger event may be up to 400 KB (DynamoDB's item limit).
 */
export const MAX_ENTRY_BYTES = 256 * 1024;
const MAX_ENTRIES_PER_CALL = 10;

/** The size of an entry as EventBridge counts it: Time 14 bytes, UTF-8 bytes of Source, DetailType, Detail and each Resource. */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  return (entry.Time ? 14 : 0) + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + (entry.Resources ?? []).reduce((sum, r) => sum + bytes(r), 0);
}

/**
 * The `detail` of an event too large for the bus: the envelope without its payload, so the
 * receiver still sees the event in its place in the chain (position, hash, previousHash), and how
 * to fetch the payload (the event is the AuditEvent node at that position).
 */
export interface OmittedPayloadBody extends Omit<LedgerEventBody, 'payload'> {
  payload: null;
  payloadOmitted: true;
  /** UTF-8 bytes of the payload as stored. */
  payloadBytes: number;
  /** A GraphQL query (AUDITOR or ADMIN) answering this one event with its payload. */
  fetch: { query: string };
}

export function omittedPayloadBody(event: RecordedEvent): OmittedPayloadBody {
  const body = ledgerEventBody(event);
  return {
    ...body,
    payload: null,
    payloadOmitted: true,
    payloadBytes: Buffer.byteLength(JSON.stringify(event.payload), 'utf8'),
    fetch: {
      query: `{ auditTrail(filter: { fromPosition: ${event.position}, toPosition: ${event.position} }) { edges { node { position hash previousHash schemaVersion payload } } } }`,
    },
  };
}

/**
 * The organisation's EventBridge bus as a dispatcher subscriber: `source` decision-ledger.<org>,
 * `detail-type` the event type, `detail` the LEDGER_EVENT body, or for an event over the entry
 * limit the body without its payload (omittedPayloadBody). Entries go out in position order, in
 * PutEvents calls of at most 10 entries and 256 KB; a partly failed call counts as accepted up to
 * its first failed entry, and the dispatcher sends the rest again, in order, after its backoff.
 */
export class EventBridgeBus implements EventBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly org: string,
  ) {}

  entryOf(event: RecordedEvent): PutEventsRequestEntry {
    const entry = (detail: unknown): PutEventsRequestEntry => ({
      EventBusName: this.busName,
      Source: `decision-ledger.${this.org}`,
      DetailType: event.type,
      Detail: JSON.stringify(detail),
      Time: new Date(event.recordedAt),
    });
    const full = entry(ledgerEventBody(event));
    return entrySize(full) <= MAX_ENTRY_BYTES ? full : entry(omittedPayloadBody(event));
  }

  async publish(events: RecordedEvent[]): Promise<{ accepted: number; error: string | null }> {
    const entries = events.map((event) => this.entryOf(event));
    let accepted = 0;
    while (accepted < entries.length) {
      // The longest run from here that fits one call (at least one entry: each fits on its own).
      let end = accepted + 1;
      let bytes = entrySize(entries[accepted]!);
      while (end < entries.length && end - accepted < MAX_ENTRIES_PER_CALL && bytes + entrySize(entries[end]!) <= MAX_ENTRY_BYTES) {
        bytes += entrySize(entries[end]!);
        end += 1;
      }
      const batch = entries.slice(accepted, end);
      try {
        const result = await this.client.send(new PutEventsCommand({ Entries: batch }));
        if (!result.FailedEntryCount) {
          accepted = end;
          continue;
        }
        // Entries answer in request order; without per-entry answers nothing counts as accepted.
        const failed = (result.Entries ?? []).findIndex((e) => e.ErrorCode);
        const entry = result.Entries?.[failed];
        return { accepted: accepted + Math.max(0, failed), error: `${entry?.ErrorCode ?? 'PutEvents failed'}: ${entry?.ErrorMessage ?? `${result.FailedEntryCount} entries failed`}` };
      } catch (error) {
        return { accepted, error: (error as Error).message };
      }
    }
    return { accepted, error: null };
  }
}

import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { RecordedEvent } from '../../events/envelope.ts';
import type { EventBus } from './dispatcher.ts';
import { ledgerEventBody } from './messages.ts';

/**
 * The organisation's EventBridge bus as a dispatcher subscriber: `source` decision-ledger.<org>,
 * `detail-type` the event type, `detail` the LEDGER_EVENT body. One PutEvents at a time (up to
 * 10 entries, in position order); a partly failed call counts as accepted up to the first failed
 * entry, and the rest is sent again in order.
 */
export class EventBridgeBus implements EventBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly org: string,
  ) {}

  async publish(events: RecordedEvent[]): Promise<{ accepted: number; error: string | null }> {
    try {
      const result = await this.client.send(
        new PutEventsCommand({
          Entries: events.map((event) => ({
            EventBusName: this.busName,
            Source: `decision-ledger.${this.org}`,
            DetailType: event.type,
            Detail: JSON.stringify(ledgerEventBody(event)),
            Time: new Date(event.recordedAt),
          })),
        }),
      );
      if (!result.FailedEntryCount) return { accepted: events.length, error: null };
      const failed = (result.Entries ?? []).findIndex((entry) => entry.ErrorCode);
      const entry = result.Entries?.[failed];
      return { accepted: Math.max(0, failed), error: `${entry?.ErrorCode ?? 'PutEvents failed'}: ${entry?.ErrorMessage ?? ''}` };
    } catch (error) {
      return { accepted: 0, error: (error as Error).message };
    }
  }
}

import type { RecordedEvent } from '../../events/envelope.ts';

/** The body of a LEDGER_EVENT delivery and the bus's `detail`: the payload as stored, so the chain recomputes. */
export interface LedgerEventBody {
  position: number;
  previousHash: string;
  hash: string;
  type: string;
  schemaVersion: number;
  stream: { kind: string; id: string };
  version: number;
  recordedAt: string;
  actor: RecordedEvent['actor'];
  reason: string | null;
  payload: unknown;
  /** Not in the issue's list, but covered by the hash: without them the chain cannot be recomputed. */
  eventId: string;
  idempotencyKey: string | null;
}

export function ledgerEventBody(event: RecordedEvent): LedgerEventBody {
  return {
    position: event.position,
    previousHash: event.previousHash,
    hash: event.hash,
    type: event.type,
    schemaVersion: event.schemaVersion,
    stream: { kind: event.stream.kind, id: event.stream.id },
    version: event.version,
    recordedAt: event.recordedAt,
    actor: event.actor,
    reason: event.reason,
    payload: event.payload,
    eventId: event.eventId,
    idempotencyKey: event.idempotencyKey,
  };
}

/** "DecisionRecorded" -> "Decision recorded". */
const words = (type: string) => type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/ ([A-Z])/g, (_, c: string) => ` ${c.toLowerCase()}`);

/** Slack mrkdwn escaping of user text. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A readable title for any payload: the first of its usual naming fields. */
function subjectOf(payload: unknown): string | null {
  if (!payload || typeof payload !== 'object') return null;
  const record = payload as Record<string, unknown>;
  for (const key of ['title', 'name', 'summary', 'message', 'week']) if (typeof record[key] === 'string' && record[key]) return record[key] as string;
  const changes = record.changes;
  if (changes && typeof changes === 'object') return subjectOf(changes);
  return null;
}

/**
 * A Slack incoming-webhook message for any event type: what happened (type and subject), who,
 * the reason, and a link back to the record (when the server knows its public URL).
 */
export function slackMessage(event: RecordedEvent, link: string | null) {
  const what = words(event.type);
  const subject = subjectOf(event.payload);
  const headline = `*${escape(what)}*${subject ? `: ${escape(subject.slice(0, 200))}` : ''} (${event.stream.kind} \`${escape(event.stream.id)}\`)`;
  const context = [`by ${escape(event.actor.name || event.actor.id)}`, `position ${event.position}`, `<!date^${Math.floor(Date.parse(event.recordedAt) / 1000)}^{date_short_pretty} {time}|${event.recordedAt}>`];
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: headline } }];
  if (event.reason) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `> ${escape(event.reason.slice(0, 2000))}` } });
  blocks.push({ type: 'context', elements: context.map((text) => ({ type: 'mrkdwn', text })) });
  if (link) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in the ledger' }, url: link }] });
  return { text: `${what}${subject ? `: ${subject.slice(0, 200)}` : ''} by ${event.actor.name || event.actor.id}`, blocks };
}

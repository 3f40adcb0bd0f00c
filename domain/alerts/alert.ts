import { createHash } from 'node:crypto';
import { ALERT_STREAM, alertEvents, type AlertEvent, type AlertRaisedPayload, type Evidence } from './events.ts';
import { accept, recordKind, refuse, type Decided, type RecordedEvent } from '../decider.ts';

export type AlertStatus = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';

export interface AlertState {
  id: string;
  /** 0 until raised. */
  version: number;
  raised: AlertRaisedPayload | null;
  status: AlertStatus;
  raisedAt: string;
  raisedPosition: number;
  acknowledgedBy: RecordedEvent['actor'] | null;
  acknowledgedAt: string | null;
  note: string | null;
  resolvedAt: string | null;
  resolution: { evidence: Evidence | null; summary: string } | null;
  updatedAt: string;
}

export type AlertCommand =
  | { type: 'RaiseAlert'; alert: AlertRaisedPayload }
  | { type: 'AcknowledgeAlert'; note: string }
  | { type: 'ResolveAlert'; evidence: Evidence | null; summary: string };

/**
 * The stream id of the alert for (rule, subject, period): the same for every evaluator that
 * decides it, so the second raise of one alert meets a stream that exists.
 */
export function alertIdOf(rule: string, subject: { kind: string; id: string }, period: string): string {
  return createHash('sha256').update(JSON.stringify([rule, subject.kind, subject.id, period])).digest('hex').slice(0, 32);
}

export const initialAlertState = (id: string): AlertState => ({
  id,
  version: 0,
  raised: null,
  status: 'OPEN',
  raisedAt: '',
  raisedPosition: 0,
  acknowledgedBy: null,
  acknowledgedAt: null,
  note: null,
  resolvedAt: null,
  resolution: null,
  updatedAt: '',
});

function decide(command: AlertCommand, state: AlertState): Decided<AlertEvent> {
  if (command.type === 'RaiseAlert') {
    if (state.version > 0) return refuse({ code: 'INVALID_TRANSITION', field: [], message: 'This alert is raised already' });
    return accept({ type: 'AlertRaised', payload: command.alert });
  }
  if (state.version === 0) return refuse({ code: 'NOT_FOUND', field: ['id'], message: 'No alert has this id' });
  if (state.status === 'RESOLVED') return refuse({ code: 'INVALID_TRANSITION', field: [], message: `The alert was resolved on ${state.resolvedAt}` });
  if (command.type === 'AcknowledgeAlert') {
    if (state.status === 'ACKNOWLEDGED') return refuse({ code: 'INVALID_TRANSITION', field: [], message: 'The alert is acknowledged already' });
    return accept({ type: 'AlertAcknowledged', payload: { note: command.note } });
  }
  return accept({ type: 'AlertResolved', payload: { evidence: command.evidence, summary: command.summary } });
}

function evolve(state: AlertState, event: RecordedEvent<AlertEvent>): AlertState {
  const next: AlertState = { ...state, version: event.version, updatedAt: event.recordedAt };
  switch (event.type) {
    case 'AlertRaised':
      return { ...next, raised: event.payload, status: 'OPEN', raisedAt: event.recordedAt, raisedPosition: event.position };
    case 'AlertAcknowledged':
      return { ...next, status: 'ACKNOWLEDGED', acknowledgedBy: event.actor, acknowledgedAt: event.recordedAt, note: event.payload.note };
    case 'AlertResolved':
      return { ...next, status: 'RESOLVED', resolvedAt: event.recordedAt, resolution: event.payload };
  }
}

export const alerts = recordKind<AlertCommand, AlertState, AlertEvent>(ALERT_STREAM, alertEvents, { initialState: initialAlertState, decide, evolve });

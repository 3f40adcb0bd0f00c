import { ALERT_RULE_STREAM, alertRuleEvents, type AlertRuleContent, type AlertRuleEvent } from './events.ts';
import { accept, recordKind, created, refuse, type Decided, type RecordedEvent, unstamped, type Stamps } from '../decider.ts';
import { canonicalJson } from '../../events/integrity.ts';

export interface AlertRuleState extends AlertRuleContent, Stamps {
  id: string;
  /** 0 until the rule is set. */
  version: number;
  enabled: boolean;
}

export type AlertRuleCommand = { type: 'SetAlertRule'; rule: AlertRuleContent; create: boolean } | { type: 'DisableAlertRule' };

/** A rule's thresholds, none given: each kind sets those it takes (domain/alerts/inputs.ts). */
export const NO_THRESHOLDS = { threshold: null, hours: null, category: null, tolerance: null, weeks: null } as const satisfies Partial<AlertRuleContent>;

export const initialAlertRuleState = (id: string): AlertRuleState => ({
  id,
  version: 0,
  name: '',
  kind: 'REPORT_LATE',
  team: null,
  ...NO_THRESHOLDS,
  owner: null,
  recipients: { people: [], teams: [] },
  enabled: true,
  ...unstamped(),
});

const contentOf = (s: AlertRuleState): AlertRuleContent => ({
  name: s.name,
  kind: s.kind,
  team: s.team,
  threshold: s.threshold,
  hours: s.hours,
  category: s.category,
  tolerance: s.tolerance,
  weeks: s.weeks,
  owner: s.owner,
  recipients: s.recipients,
});

function decide(command: AlertRuleCommand, state: AlertRuleState): Decided<AlertRuleEvent> {
  if (state.version === 0 && !(command.type === 'SetAlertRule' && command.create)) {
    return refuse({ code: 'NOT_FOUND', field: ['id'], message: 'No alert rule has this id' });
  }
  switch (command.type) {
    case 'SetAlertRule':
      if (state.version > 0 && command.rule.kind !== state.kind) {
        return refuse({ code: 'INVALID_INPUT', field: ['kind'], message: `A rule's kind never changes (this one is ${state.kind}); set a new rule` });
      }
      if (state.version > 0 && state.enabled && canonicalJson(contentOf(state)) === canonicalJson(command.rule)) {
        return refuse({ code: 'INVALID_INPUT', field: [], message: 'The rule is set like this already' });
      }
      return accept({ type: 'AlertRuleSet', payload: command.rule });
    case 'DisableAlertRule':
      if (!state.enabled) return refuse({ code: 'INVALID_TRANSITION', field: [], message: 'The rule is disabled already' });
      return accept({ type: 'AlertRuleDisabled', payload: {} });
  }
}

function evolve(state: AlertRuleState, event: RecordedEvent<AlertRuleEvent>): AlertRuleState {
  const next: AlertRuleState = { ...state, version: event.version, updatedAt: event.recordedAt };
  switch (event.type) {
    case 'AlertRuleSet':
      // Setting a disabled rule again enables it.
      Object.assign(next, event.payload, { enabled: true });
      return state.version === 0 ? created(next, event) : next;
    case 'AlertRuleDisabled':
      next.enabled = false;
      return next;
  }
}

export const alertRules = recordKind<AlertRuleCommand, AlertRuleState, AlertRuleEvent>(ALERT_RULE_STREAM, alertRuleEvents, { initialState: initialAlertRuleState, decide, evolve });

import { randomUUID } from 'node:crypto';
import { AlertRunner, type AlertRun } from '../../api/alert-runner.ts';
import { createReadModels } from '../../api/read-models.ts';
import { evaluateAlerts } from '../../domain/alerts/evaluator.ts';
import { NO_THRESHOLDS } from '../../domain/alerts/rule.ts';
import { ALERT_RULE_STREAM, AlertRuleKindSchema, type AlertRuleContent, type AlertRuleKind } from '../../domain/alerts/events.ts';
import { decisionDecider, initialDecisionState } from '../../domain/decisions/decision.ts';
import { DECISION_STREAM } from '../../domain/decisions/events.ts';
import type { Actor } from '../../events/envelope.ts';
import type { EventStore } from '../../events/store.ts';
import { summarize, type Summary } from '../lib/stats.ts';

export interface AlertsBench {
  events: number;
  rules: number;
  /** The first run over the log: the backlog of alerts the new rules raise at once. */
  firstRun: AlertRun & { ms: number };
  /** store.append of one decision to the big log. */
  append: Summary;
  /** What the API does after answering an append: AlertRunner.run() (catch up, evaluate every rule, append what changed). */
  afterAppend: Summary;
  /** The schedule's run: the same with nothing new in the log, every rule against the clock. */
  scheduled: Summary;
  /** evaluateAlerts alone (pure, over the caught-up read models): the share of a run that is evaluation. */
  evaluateOnly: Summary;
  /** afterAppend p50 / append p50. */
  ratio: number;
  raisedWhileMeasuring: number;
}

const ACTOR: Actor = { id: 'bench', name: 'Bench runner', kind: 'HUMAN' };

/** Two rules of every kind: one for the whole organisation, one for a team (the priority-list kind is org-wide only). */
function rulesOf(team: string): AlertRuleContent[] {
  const thresholds: Record<AlertRuleKind, Partial<AlertRuleContent>> = {
    REPORT_DUE: { hours: 24 },
    REPORT_LATE: { hours: 2 },
    CHECK_IN_DUE: { hours: 24 },
    CHECK_IN_LATE: { hours: 0 },
    KEY_RESULT_OFF_TRACK: {},
    KEY_RESULT_AT_RISK: {},
    CONFIDENCE_BELOW: { threshold: 0.4 },
    ALLOCATION_DRIFT: { category: 'incidents', tolerance: 10, weeks: 2 },
    TRADEOFF_REVISIT_DUE: {},
    PRIORITY_CHANGED_WITHOUT_EVIDENCE: {},
  };
  return AlertRuleKindSchema.options.flatMap((kind) =>
    (kind === 'PRIORITY_CHANGED_WITHOUT_EVIDENCE' ? [null] : [null, team]).map((scope) => ({
      name: `${kind} ${scope ?? 'org'}`,
      kind,
      team: scope,
      ...NO_THRESHOLDS,
      owner: null,
      recipients: { people: [], teams: scope ? [scope] : [] },
      ...thresholds[kind],
    })),
  );
}

const timed = async <T>(run: () => Promise<T> | T): Promise<[T, number]> => {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
};

/**
 * The alert evaluator's cost on the big log: rules of every kind are set on it, the first run
 * raises their backlog, then `samples` times: one decision appended with store.append, the run the
 * API makes after an append, the evaluation alone; and `samples` scheduled runs (nothing new in
 * the log). The read models are this process's, over the same store, as in the API.
 */
export async function measureAlerts(store: EventStore, samples: number, log: (line: string) => void = () => {}): Promise<AlertsBench> {
  const models = createReadModels(store);
  await models.log.catchUp();
  const team = models.teams.list()[0]?.key;
  if (!team) throw new Error('The bench log has no team to scope alert rules to');
  const rules = rulesOf(team);
  for (const rule of rules) {
    await store.append({ kind: ALERT_RULE_STREAM, id: randomUUID() }, 'no-stream', [{ type: 'AlertRuleSet', payload: rule }], { actor: ACTOR, reason: 'bench: alert rules of every kind' });
  }
  const runner = new AlertRunner(store, models, () => new Date());
  const [first, firstMs] = await timed(() => runner.run());
  log(`  ${rules.length} rules; the first run raised ${first.raised} alerts in ${Math.round(firstMs)} ms`);

  const append: number[] = [];
  const afterAppend: number[] = [];
  const evaluateOnly: number[] = [];
  let raised = 0;
  for (let i = 0; i < samples; i += 1) {
    const id = randomUUID();
    const decided = decisionDecider.decide(
      { type: 'RecordDecision', data: { title: `Bench decision ${i}`, context: null, options: [], chosenOption: null, rationale: 'bench', consequences: null, owner: null, deciders: [], tags: [], status: 'PROPOSED' } },
      initialDecisionState(id),
    );
    if (!decided.ok) throw new Error('The bench decision was refused');
    const [, appendMs] = await timed(() => store.append({ kind: DECISION_STREAM, id }, 'no-stream', decided.events, { actor: ACTOR }));
    const [run, runMs] = await timed(() => runner.run());
    const [, evaluateMs] = await timed(() => evaluateAlerts(models, new Date()));
    append.push(appendMs);
    afterAppend.push(runMs);
    evaluateOnly.push(evaluateMs);
    raised += run.raised;
  }
  const scheduled: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const [run, ms] = await timed(() => runner.run());
    scheduled.push(ms);
    raised += run.raised;
  }
  const result = {
    events: models.log.position,
    rules: rules.length,
    firstRun: { ...first, ms: firstMs },
    append: summarize(append),
    afterAppend: summarize(afterAppend),
    scheduled: summarize(scheduled),
    evaluateOnly: summarize(evaluateOnly),
    ratio: 0,
    raisedWhileMeasuring: raised,
  };
  result.ratio = result.afterAppend.p50 / result.append.p50;
  return result;
}

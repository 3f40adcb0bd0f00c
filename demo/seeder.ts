import { cycleEnd, cycleStart } from '../domain/okrs/cycle.ts';
import { ALLOCATION, ORG_TAXONOMY, ORG_TARGET } from './data/allocation.ts';
import { OKRS, type KeyResultSpec, type ObjectiveSpec } from './data/okrs.ts';
import { PERSONAS, TEAMS, type PersonaKey, type Ref, type TeamSpec } from './data/people.ts';
import { STORY, type Chapter, type DateRef, type Step } from './data/story.ts';
import { closingAt, planningAt, weekAt, type SeedPlan, type SeedQuarter, type SeedWeek } from './calendar.ts';
import type { GraphQLClient } from './client.ts';
import { LABELS, RETURNS, type Mutation } from './mutations.ts';
import { orderOf, Scheduler } from './scheduler.ts';
import { SeedError } from './seed-error.ts';
import { along, mixOf, rounded } from './week-values.ts';
import { OrganisationSeed } from './organisation.ts';

/**
 * The org's keys: `2026-FY` for a fiscal year, `2026-FQ3` for a fiscal quarter (a defined key may
 * not look like a calendar quarter). They sort before the calendar quarter of the same year, so
 * views that show the latest active cycle by key still open on the quarter.
 */
const fiscalYear = (quarter: string): string => `${quarter.slice(0, 4)}-FY`;
const fiscalQuarter = (quarter: string): string => quarter.replace('-Q', '-FQ');

export class Seeder {
  readonly counts = new Map<string, number>();
  operations = 0;
  private readonly scheduler: Scheduler;
  private readonly ids = new Map<Ref, string>();
  private readonly versions = new Map<Ref, number>();
  private readonly progress = new Map<Ref, number>();
  /** The priority list's version as the seed left it: the list is the seed's alone in a seeded ledger. */
  private listVersion = 0;

  private readonly organisation: OrganisationSeed;

  constructor(
    private readonly client: GraphQLClient,
    private readonly plan: SeedPlan,
    private readonly keyPrefix: string,
    concurrency: number,
    private readonly log: (line: string) => void,
  ) {
    this.scheduler = new Scheduler(concurrency);
    this.organisation = new OrganisationSeed(this.scheduler, {
      mutate: (mutation, by, key, input, options) => this.mutate(mutation, by, key, input, options),
      id: (ref) => this.id(ref),
      query: (by, document, variables) => this.client(PERSONAS[by], document, variables),
    });
  }

  /** Seeds the plan; `starting` is told (and awaited) each moment of the story (ISO instant) before its mutations. */
  async run(starting: (at: string) => void | Promise<void> = () => {}): Promise<void> {
    const { previous, current } = this.plan;
    this.scheduler.phase(planningAt(previous.cycle));
    for (const team of TEAMS) {
      const order = { streams: ['teams', `team:${team.key}`], makes: [`team:${team.key}`] };
      this.scheduler.add(order, () => this.defineTeam(team, previous.weeks[0]!.week));
    }
    this.organisation.start();
    this.quarter(previous);
    this.scheduler.phase(closingAt(previous.cycle));
    this.closeQuarter(previous);
    this.chapter(previous, 'end');
    this.scheduler.phase(planningAt(current.cycle));
    this.orgModel();
    this.quarter(current);
    this.log(`${this.scheduler.size} steps: ${previous.cycle} in full, ${current.cycle} up to ${this.plan.asOf}`);
    await this.scheduler.run(starting);
  }

  /** The quarter's planning (in the phase open when called), then a phase per elapsed week. */
  private quarter(quarter: SeedQuarter): void {
    this.defineOkrs(quarter);
    this.chapter(quarter, 0);
    for (const week of quarter.elapsed) {
      this.scheduler.phase(weekAt(week));
      this.weekly(quarter, week);
      this.chapter(quarter, week.index);
      this.organisation.week(quarter, week.index);
    }
  }

  /**
   * One mutation as a persona. `key` makes its idempotency key; the record it returns is remembered
   * (id and version) under `record`, by default the key itself.
   */
  private async mutate(
    mutation: Mutation,
    by: PersonaKey,
    key: string,
    input: Record<string, unknown>,
    { record: recordRef = key, counted = mutation }: { record?: Ref; counted?: keyof typeof LABELS } = {},
  ) {
    const [field, selection] = RETURNS[mutation];
    const inputType = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
    const result = `${field} { ${selection} } userErrors { code field message }`;
    const document = `mutation Seed($input: ${inputType}!) { ${mutation}(input: $input) { ${result} } }`;
    const data = await this.client(PERSONAS[by], document, { input: { ...input, idempotencyKey: `${this.keyPrefix}:${key}` } });
    const payload = data[mutation] as Record<string, any> & { userErrors: { code: string; field: string[]; message: string }[] };
    if (payload.userErrors.length) {
      const errors = payload.userErrors.map((e) => `${e.code} at ${e.field?.join('.')}: ${e.message}`).join('; ');
      throw new SeedError(`${mutation} "${key}" was refused: ${errors}`);
    }
    this.operations += 1;
    if (this.operations % 100 === 0) this.log(`${this.operations} mutations done`);
    const label = LABELS[counted];
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
    const record = payload[field] as { id?: string; version: number };
    if (record.id) this.ids.set(recordRef, record.id);
    this.versions.set(recordRef, record.version);
    return payload;
  }

  private id(ref: Ref): string {
    const id = this.ids.get(ref);
    if (!id) throw new SeedError(`The seed data refers to ${ref} before it exists`);
    return id;
  }

  private version(ref: Ref): number {
    return this.versions.get(ref) ?? 0;
  }

  private dateOf({ quarter, week }: DateRef): string {
    const { cycle, weeks } = this.plan[quarter];
    return week === 'end' ? cycleEnd(cycle) : weeks[week - 1]!.friday;
  }

  /**
   * The org's own model, at the current quarter's planning: its cycles (a fiscal year per calendar
   * year of the two quarters, and fiscal quarters with the quarters' dates), taxonomy version 2 in
   * force from the quarter's first week, and an org-wide target on the org's own breakdown.
   */
  private orgModel(): void {
    const quarters = [this.plan.previous.cycle, this.plan.current.cycle];
    const years = [...new Set(quarters.map((q) => q.slice(0, 4)))];
    const cycles = [
      ...years.map((year) => ({ key: fiscalYear(year), name: `Fiscal year ${year}`, cadence: 'ANNUAL', start: `${year}-01-01`, end: `${year}-12-31` })),
      ...quarters.map((q) => ({ key: fiscalQuarter(q), name: `Fiscal ${q}`, cadence: 'QUARTERLY', start: cycleStart(q), end: cycleEnd(q) })),
    ];
    this.scheduler.add({ streams: ['cycles'], makes: ['cycles'] }, () =>
      this.mutate('defineCycles', 'priya', 'cycles', { cycles, expectedVersion: 0, reason: 'Our cadences: the fiscal year and its quarters' }),
    );
    const effectiveFrom = this.plan.current.weeks[0]!.week;
    this.scheduler.add({ streams: ['taxonomy'], makes: ['taxonomy'] }, () =>
      this.mutate('defineAllocationTaxonomy', 'priya', 'taxonomy:2', { version: 2, effectiveFrom, ...ORG_TAXONOMY }),
    );
    this.scheduler.add({ streams: ['targets'], needs: ['taxonomy', ORG_TARGET.decision] }, () => {
      const { groups, reason, decision } = ORG_TARGET;
      return this.mutate('setAllocationTarget', 'priya', 'target:org-work-type', { fromWeek: effectiveFrom, entries: [], groups, reason, decision: this.id(decision) });
    });
  }

  private defineTeam(team: TeamSpec, effectiveWeek: string) {
    const { key, name, kind, headcount } = team;
    return this.mutate('defineTeam', 'priya', `team:${key}`, { key, name, kind, headcount, effectiveWeek });
  }

  private defineOkrs(quarter: SeedQuarter): void {
    for (const objective of OKRS[quarter.key]) {
      const { key, title, description, level, team, owner, alignedTo, by } = objective;
      const ref = `objective:${key}`;
      const needs = [team && `team:${team}`, alignedTo && `objective:${alignedTo}`, objective.cycle && 'cycles'].filter((r): r is Ref => !!r);
      const cycle = objective.cycle === 'fiscal-year' ? fiscalYear(quarter.cycle) : objective.cycle === 'fiscal-quarter' ? fiscalQuarter(quarter.cycle) : quarter.cycle;
      this.scheduler.add({ streams: ['objectives', ref], needs, makes: [ref] }, () => {
        const aligned = alignedTo ? this.id(`objective:${alignedTo}`) : undefined;
        const input = { title, description, level, owner, cycle, ownerTeam: team, alignedTo: aligned };
        return this.mutate('setObjective', by, ref, input);
      });
      for (const kr of objective.keyResults) {
        const order = { streams: [`${ref}:key-results`, `kr:${kr.key}`], needs: [ref], makes: [`kr:${kr.key}`] };
        this.scheduler.add(order, () => this.defineKeyResult(this.id(ref), by, kr));
      }
    }
  }

  private defineKeyResult(objective: string, by: PersonaKey, kr: KeyResultSpec) {
    const measure = kr.kind === 'METRIC' ? { baseline: kr.baseline, target: kr.target, unit: kr.unit } : {};
    const input = { objective, title: kr.title, description: kr.description, owner: kr.owner, kind: kr.kind, ...measure };
    return this.mutate('defineKeyResult', by, `kr:${kr.key}`, input);
  }

  private weekly(quarter: SeedQuarter, week: SeedWeek): void {
    for (const objective of OKRS[quarter.key]) {
      for (const kr of objective.keyResults.filter((k) => week.index % (k.every ?? 1) === 0)) {
        const order = { streams: [`kr:${kr.key}`], needs: [`kr:${kr.key}`], makes: [`checkin:${kr.key}:${week.index}`] };
        this.scheduler.add(order, () => this.checkIn(quarter, objective, kr, week));
      }
    }
    for (const [i, team] of TEAMS.entries()) {
      // A late report comes with a later week's (demo/data/org.ts), before that week's own.
      for (const w of this.organisation.reportsArriving(quarter, team.key, week.index)) {
        const order = { streams: [`reports:${team.key}`], needs: [`team:${team.key}`], makes: [`report:${team.key}:${quarter.key}:${w.index}`] };
        this.scheduler.add(order, () => this.report(quarter, team, i, w));
      }
    }
  }

  private async checkIn(quarter: SeedQuarter, objective: ObjectiveSpec, kr: KeyResultSpec, week: SeedWeek): Promise<void> {
    const n = quarter.weeks.length;
    const t = week.index / n;
    let note = kr.notes?.[week.index];
    let input: Record<string, unknown> = {
      keyResult: this.id(`kr:${kr.key}`),
      reportedFor: week.friday,
      confidence: Math.round(along(kr.confidence, t) * 20) / 20,
    };
    if (kr.kind === 'MILESTONE') {
      const doneBy = (i: number) => kr.doneAt !== null && i / n >= kr.doneAt;
      if (doneBy(week.index) && !doneBy(week.index - 1)) note = kr.doneNote ?? note;
      input = { ...input, done: doneBy(week.index), note };
    } else {
      input = { ...input, value: rounded(along(kr.values, t), kr.decimals ?? 0), note };
    }
    const link = kr.links?.[week.index];
    if (link) input = { ...input, links: [{ url: link }] };
    const ref = `checkin:${kr.key}:${week.index}`;
    const record = `kr:${kr.key}`;
    let counted: keyof typeof LABELS = 'checkInKeyResult';
    if (kr.kind === 'METRIC' && kr.typo?.week === week.index) {
      const typo = { ...input, value: (input.value as number) * 10 };
      const wrong = await this.mutate('checkInKeyResult', objective.by, `${ref}:typo`, typo, { record });
      input = { ...input, corrects: wrong.checkIn.id, reason: kr.typo.reason };
      counted = 'correctCheckIn';
    }
    const payload = await this.mutate('checkInKeyResult', objective.by, ref, input, { record, counted });
    this.ids.set(ref, payload.checkIn.id);
    this.progress.set(record, payload.keyResult.progress);
  }

  private async report(quarter: SeedQuarter, team: TeamSpec, teamIndex: number, week: SeedWeek): Promise<void> {
    const plan = ALLOCATION[quarter.key][team.key]!;
    const ref = `report:${team.key}:${quarter.key}:${week.index}`;
    const input = { team: team.key, week: week.week, entries: mixOf(plan, week.index, teamIndex) };
    const first = await this.mutate('reportAllocation', team.lead, ref, input);
    const correction = plan.corrections?.[week.index];
    if (!correction) return;
    const entries = Object.entries(correction.mix).map(([category, percent]) => ({ category, percent }));
    const corrected = { ...input, entries, reason: correction.reason, expectedVersion: first.report.version };
    await this.mutate('reportAllocation', team.lead, `${ref}:correction`, corrected, { record: ref, counted: 'correctAllocation' });
  }

  /** Grades every key result of the quarter from its last progress (or its given grade), then closes the objectives. */
  private closeQuarter(quarter: SeedQuarter): void {
    for (const objective of OKRS[quarter.key]) {
      for (const kr of objective.keyResults) {
        const ref = `kr:${kr.key}`;
        this.scheduler.add({ streams: [ref] }, () => {
          const grade = kr.grade ?? Math.round((this.progress.get(ref) ?? 0) * 10) / 10;
          const input = { id: this.id(ref), expectedVersion: this.version(ref), grade, reason: `End of ${quarter.cycle}` };
          return this.mutate('gradeKeyResult', objective.by, `grade:${kr.key}`, input, { record: ref });
        });
      }
      const { close } = objective;
      if (!close) continue;
      const ref = `objective:${objective.key}`;
      this.scheduler.add({ streams: [ref, ...objective.keyResults.map((kr) => `kr:${kr.key}`)] }, () => {
        const input = { id: this.id(ref), expectedVersion: this.version(ref), ...close };
        return this.mutate('closeObjective', objective.by, `close:${objective.key}`, input, { record: ref });
      });
    }
  }

  private chapter(quarter: SeedQuarter, week: Chapter['week']): void {
    const chapter = STORY[quarter.key].find((c) => c.week === week);
    const at = week === 'end' ? quarter.weeks.at(-1)! : quarter.weeks[Math.max(0, week - 1)]!;
    for (const [i, step] of (chapter?.steps ?? []).entries()) {
      this.scheduler.add(orderOf(step), () => this.step(step, at, `${step.do}:${quarter.key}:${week}:${i}`));
    }
  }

  /** One step of the story; `at` is the week it happens in, `ref` keys steps that change an existing record. */
  private async step(step: Step, at: SeedWeek, ref: Ref): Promise<void> {
    const ids = (refs: Ref[]) => refs.map((r) => this.id(r));
    switch (step.do) {
      case 'recordDecision':
        await this.mutate('recordDecision', step.by, `decision:${step.key}`, { ...step.input, owner: step.owner, status: 'ACCEPTED' });
        return;
      case 'supersedeDecision': {
        const { decision, supersededBy, reason } = step;
        const input = { id: this.id(decision), expectedVersion: this.version(decision), supersededBy: this.id(supersededBy), reason };
        await this.mutate('supersedeDecision', step.by, ref, input, { record: decision });
        return;
      }
      case 'setAllocationTarget': {
        const input = { team: step.team, fromWeek: at.week, entries: step.entries, reason: step.reason, decision: this.id(step.decision) };
        await this.mutate('setAllocationTarget', step.by, `target:${step.key}`, input);
        return;
      }
      case 'createInitiative': {
        const key = `initiative:${step.key}`;
        const { title, description, owner, kind, status, links } = step;
        await this.mutate('createInitiative', step.by, key, { title, description, owner, kind, status, links });
        const score = { id: this.id(key), expectedVersion: this.version(key), ...step.score, reason: step.reason };
        await this.mutate('scoreInitiative', step.by, `${key}:score`, score, { record: key });
        return;
      }
      case 'scoreInitiative':
      case 'changeInitiativeStatus': {
        const { do: mutation, by, initiative, reason } = step;
        const change = step.do === 'scoreInitiative' ? step.score : { status: step.status };
        const input = { id: this.id(initiative), expectedVersion: this.version(initiative), ...change, reason };
        await this.mutate(mutation, by, ref, input, { record: initiative });
        return;
      }
      case 'reprioritize':
      case 'removeFromPriorities': {
        const { do: mutation, by, initiative, reason, evidence } = step;
        const rank = step.do === 'reprioritize' ? { toRank: step.toRank } : {};
        const input = { initiativeId: this.id(initiative), expectedVersion: this.listVersion, reason, evidence: ids(evidence), ...rank };
        this.listVersion = (await this.mutate(mutation, by, ref, input, { record: 'priorities' })).priorities.version;
        return;
      }
      case 'noteTradeoff': {
        const { title, chose, over, rationale } = step;
        const input = { title, chose, over, rationale, relatedTo: ids(step.relatedTo), revisitBy: this.dateOf(step.revisitBy) };
        await this.mutate('noteTradeoff', step.by, `tradeoff:${step.key}`, input);
        return;
      }
      case 'revisitTradeoff': {
        const input = { id: this.id(step.tradeoff), expectedVersion: this.version(step.tradeoff), outcome: step.outcome, reason: step.reason };
        await this.mutate('revisitTradeoff', step.by, ref, input, { record: step.tradeoff });
        return;
      }
      case 'reviseTeam': {
        const team = `team:${step.team}`;
        const { headcount, reason } = step;
        const input = { id: this.id(team), expectedVersion: this.version(team), headcount, effectiveWeek: at.week, reason };
        await this.mutate('reviseTeam', step.by, ref, input, { record: team });
        return;
      }
      case 'reviseKeyResultTarget': {
        const kr = step.keyResult;
        const { target, decision, reason } = step;
        const input = { id: this.id(kr), expectedVersion: this.version(kr), target, decision: this.id(decision), reason };
        await this.mutate('reviseKeyResultTarget', step.by, ref, input, { record: kr });
        return;
      }
    }
  }
}

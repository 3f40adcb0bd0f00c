import type { Ref } from './data/people.ts';
import type { Step } from './data/story.ts';
import { SeedError } from './seed-error.ts';

/** What an operation waits for: earlier operations on its streams, and the makers of the records it refers to. */
export interface OpOrder {
  /** Records it changes, and lists whose order should follow the story (e.g. "decisions"). */
  streams: readonly string[];
  needs?: readonly Ref[];
  makes?: readonly Ref[];
}

/** Operations that happen at one moment of the story; the next phase starts when they are all done. */
interface Phase {
  /** The story's instant (ISO) of the phase. */
  at: string;
  gate: Promise<void>;
  open: () => void;
  operations: Promise<void>[];
}

/**
 * Runs operations as soon as they may, at most `limit` at a time: after every earlier operation on
 * the same streams and after the operations that make the records it refers to. So each record's
 * events keep the story's order (a target revised between two check-ins), while independent
 * records (every key result's weekly check-ins, every team's reports) advance side by side.
 * Operations belong to the phase (a moment of the story) open when they are added; phases run one
 * after the other, so everything recorded in a phase comes after everything of the phases before
 * (positions and the story's time agree). After a failure nothing new starts.
 */
export class Scheduler {
  private readonly phases: Phase[] = [];
  private readonly tails = new Map<string, Promise<void>>();
  private readonly makers = new Map<Ref, Promise<void>>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private failure: unknown = null;

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.phases.reduce((sum, phase) => sum + phase.operations.length, 0);
  }

  /** Operations added from now on happen at `at` (ISO instant), after those of the phases before. */
  phase(at: string): void {
    let open: () => void = () => {};
    // Nothing starts before the whole plan is scheduled: a mistake in the seed data fails before any write.
    const gate = new Promise<void>((resolve) => (open = resolve));
    this.phases.push({ at, gate, open, operations: [] });
  }

  add({ streams, needs = [], makes = [] }: OpOrder, run: () => Promise<unknown>): void {
    const phase = this.phases.at(-1);
    if (!phase) throw new SeedError('The seed adds an operation before its first phase');
    const after = [phase.gate, ...streams.map((stream) => this.tails.get(stream)), ...needs.map((ref) => this.maker(ref))];
    const done = Promise.all(after).then(() => this.inSlot(run));
    for (const stream of streams) this.tails.set(stream, done);
    for (const ref of makes) this.makers.set(ref, done);
    // Its failure is reported by run(), once; a later phase's operation may never be awaited.
    done.catch(() => {});
    phase.operations.push(done);
  }

  /**
   * Runs the phases in order, calling (and awaiting) `starting` with each phase's instant before its
   * first operation starts, and waits for all of them; throws the first failure.
   */
  async run(starting: (at: string) => void | Promise<void> = () => {}): Promise<void> {
    for (const phase of this.phases) {
      if (this.failure) break;
      await starting(phase.at);
      phase.open();
      await Promise.allSettled(phase.operations);
    }
    // Operations of the phases after a failure never start.
    if (this.failure) throw this.failure;
  }

  private maker(ref: Ref): Promise<void> {
    const maker = this.makers.get(ref);
    if (!maker) throw new SeedError(`The seed data refers to ${ref} before any step makes it`);
    return maker;
  }

  private async inSlot(run: () => Promise<unknown>): Promise<void> {
    if (this.running < this.limit) this.running += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      if (this.failure) throw this.failure;
      await run();
    } catch (error) {
      this.failure ??= error;
      throw error;
    } finally {
      // A waiting operation takes over the slot; otherwise it frees up.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

/** Every ref a step mentions: the records it needs to exist first. */
const REF = /^(team|objective|kr|decision|tradeoff|initiative|target|checkin|report):/;
const refsIn = (step: Step): Ref[] =>
  Object.values(step)
    .flat()
    .filter((value): value is Ref => typeof value === 'string' && REF.test(value));

/** The streams a story step moves along, and the records it makes. */
export function orderOf(step: Step): OpOrder {
  const needs = refsIn(step);
  const made = (list: string, ref: Ref): OpOrder => ({ streams: [list, ref], needs, makes: [ref] });
  switch (step.do) {
    case 'recordDecision':
      return made('decisions', `decision:${step.key}`);
    case 'setAllocationTarget':
      return { ...made('targets', `target:${step.key}`), needs: step.team ? [...needs, `team:${step.team}`] : needs };
    case 'createInitiative':
      return made('initiatives', `initiative:${step.key}`);
    case 'noteTradeoff':
      return made('tradeoffs', `tradeoff:${step.key}`);
    case 'supersedeDecision':
      return { streams: [step.decision, step.supersededBy], needs };
    case 'scoreInitiative':
    case 'changeInitiativeStatus':
      return { streams: [step.initiative], needs };
    case 'reprioritize':
    case 'removeFromPriorities':
      return { streams: ['priorities', step.initiative], needs };
    case 'revisitTradeoff':
      return { streams: [step.tradeoff], needs };
    case 'reviseTeam':
      return { streams: [`team:${step.team}`], needs: [...needs, `team:${step.team}`] };
    case 'reviseKeyResultTarget':
      return { streams: [step.keyResult], needs };
  }
}

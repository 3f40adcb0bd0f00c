import type { RecordedEvent } from '../decider.ts';
import type { ReadModel } from '../projection.ts';
import { cyclesDecider, cycleRangeOf, initialCyclesState, type CyclesState } from './cycles.ts';
import { cycleEvents, type CycleEvent } from './events.ts';
import { typesOf } from '../decider.ts';

/** The organisation's cycles as last defined (none before the first definition). */
export class CyclesView implements ReadModel<CyclesView, CycleEvent> {
  readonly eventTypes = typesOf(cycleEvents);

  constructor(private state: CyclesState = initialCyclesState()) {}

  apply(event: RecordedEvent<CycleEvent>): void {
    this.state = cyclesDecider.evolve(this.state, event);
  }

  copy(): CyclesView {
    return new CyclesView(this.state);
  }

  current(): CyclesState {
    return this.state;
  }

  /** The dates of a defined cycle or a calendar quarter; null for a key that is neither. */
  range(key: string): { start: string; end: string } | null {
    return cycleRangeOf(this.state.cycles, key);
  }
}

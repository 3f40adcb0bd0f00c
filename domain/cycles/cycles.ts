import { accept, recordKind, refuse, type Decided, type Decider, type DomainError, type RecordedEvent } from '../decider.ts';
import { cycleEnd, cycleStart, dayNumber, parseCycle } from '../okrs/cycle.ts';
import { CYCLES_ID, CYCLES_STREAM, cycleEvents, type CycleDefinition, type CycleEvent } from './events.ts';

export type { CycleDefinition };

/** The organisation's defined cycles (none until the first `defineCycles`). */
export interface CyclesState {
  id: string;
  /** 0 until cycles are first defined: pass it as expectedVersion. */
  version: number;
  cycles: CycleDefinition[];
  updatedAt: string | null;
}

export type CyclesCommand = { type: 'DefineCycles'; cycles: CycleDefinition[] };

export const initialCyclesState = (): CyclesState => ({ id: CYCLES_ID, version: 0, cycles: [], updatedAt: null });

/**
 * Rules of a definition: keys unique and not shaped like a calendar quarter (those are built in),
 * valid dates with start <= end, and no two cycles of the same cadence overlapping.
 */
export function cycleErrors(cycles: readonly CycleDefinition[]): DomainError[] {
  const errors: DomainError[] = [];
  const seen = new Set<string>();
  cycles.forEach((cycle, index) => {
    const at = (field: string) => ['cycles', String(index), field];
    if (parseCycle(cycle.key) || /^\d{4}-Q/i.test(cycle.key)) {
      errors.push({ code: 'INVALID_INPUT', field: at('key'), message: `"${cycle.key}" is a built-in calendar quarter; choose another key` });
    }
    if (seen.has(cycle.key)) errors.push({ code: 'INVALID_INPUT', field: at('key'), message: `"${cycle.key}" is used by another cycle` });
    seen.add(cycle.key);
    const [start, end] = [dayNumber(cycle.start), dayNumber(cycle.end)];
    if (start === null) errors.push({ code: 'INVALID_INPUT', field: at('start'), message: 'must be a date like 2027-01-01' });
    if (end === null) errors.push({ code: 'INVALID_INPUT', field: at('end'), message: 'must be a date like 2027-12-31' });
    if (start !== null && end !== null && end < start) errors.push({ code: 'INVALID_INPUT', field: at('end'), message: 'must not be before start' });
  });
  if (errors.length) return errors;
  cycles.forEach((cycle, index) => {
    const other = cycles.findIndex(
      (o, j) => j < index && o.cadence === cycle.cadence && o.start <= cycle.end && cycle.start <= o.end,
    );
    if (other !== -1) {
      errors.push({
        code: 'INVALID_INPUT',
        field: ['cycles', String(index), 'start'],
        message: `overlaps "${cycles[other]!.key}" (${cycles[other]!.start} to ${cycles[other]!.end}) of the same cadence ${cycle.cadence}`,
      });
    }
  });
  return errors;
}

function decide(command: CyclesCommand, state: CyclesState): Decided<CycleEvent> {
  const errors = cycleErrors(command.cycles);
  if (errors.length) return refuse(...errors);
  if (JSON.stringify(command.cycles) === JSON.stringify(state.cycles)) {
    return refuse({ code: 'INVALID_INPUT', field: ['cycles'], message: 'These are already the cycles; nothing changes' });
  }
  return accept({ type: 'CyclesDefined', payload: { cycles: command.cycles } });
}

function evolve(state: CyclesState, event: RecordedEvent<CycleEvent>): CyclesState {
  return { ...state, version: event.version, cycles: event.payload.cycles, updatedAt: event.recordedAt };
}

export const cyclesDecider: Decider<CyclesCommand, CyclesState, CycleEvent> = { initialState: initialCyclesState, decide, evolve };

export const cyclesKind = recordKind(CYCLES_STREAM, cycleEvents, cyclesDecider);

/** The dates of a cycle key: a defined cycle, or a built-in calendar quarter; null for an unknown key. */
export function cycleRangeOf(cycles: readonly CycleDefinition[], key: string): { start: string; end: string } | null {
  const defined = cycles.find((c) => c.key === key);
  if (defined) return { start: defined.start, end: defined.end };
  return parseCycle(key) ? { start: cycleStart(key), end: cycleEnd(key) } : null;
}

import type { ExternalLink } from '../links/links.ts';
import { PRIORITIES_STREAM, priorityEvents } from './events.ts';
import { PRIORITY_LIST_ID, type PriorityEvent } from './events.ts';
import type { RecordLink } from '../common-fields.ts';
import { accept, refuse, type Decided, type DomainError, type RecordedEvent, recordKind } from '../decider.ts';
import { isOpen, type InitiativeState } from '../initiatives/initiative.ts';

/** The organisation's ranked list: initiative ids, rank 1 first. */
export interface PriorityListState {
  id: string;
  /** 0 until the first initiative is ranked: pass it as expectedVersion. */
  version: number;
  ranking: string[];
}

/** What the list needs to know of the initiative a command is about, loaded by the caller. */
export type InitiativeRef = Pick<InitiativeState, 'id' | 'version' | 'status'>;

/** Evidence arrives checked: the API found each record and that it may be linked. */
export type PriorityCommand =
  | { type: 'Reprioritize'; initiative: InitiativeRef; toRank: number; evidence: RecordLink[]; evidenceLinks?: ExternalLink[] }
  | { type: 'RemoveFromPriorities'; initiative: InitiativeRef; evidence: RecordLink[]; evidenceLinks?: ExternalLink[] };

export const initialPriorityListState = (): PriorityListState => ({ id: PRIORITY_LIST_ID, version: 0, ranking: [] });

/** 1-based rank of an initiative, or null when it is not on the list. */
export const rankOf = (state: Pick<PriorityListState, 'ranking'>, initiativeId: string): number | null => {
  const index = state.ranking.indexOf(initiativeId);
  return index === -1 ? null : index + 1;
};

const notFound = (): DomainError => ({ code: 'NOT_FOUND', field: ['initiativeId'], message: 'No initiative has this id' });

function reprioritize(state: PriorityListState, command: Extract<PriorityCommand, { type: 'Reprioritize' }>): Decided<PriorityEvent> {
  const { initiative, toRank, evidence, evidenceLinks } = command;
  if (initiative.version === 0) return refuse(notFound());
  const fromRank = rankOf(state, initiative.id);
  if (fromRank === null && !isOpen(initiative)) {
    return refuse({
      code: 'INVALID_TRANSITION',
      field: ['initiativeId'],
      message: `A ${initiative.status} initiative cannot be put on the priority list; only PROPOSED or ACTIVE ones can`,
    });
  }
  const lastRank = fromRank === null ? state.ranking.length + 1 : state.ranking.length;
  if (!Number.isInteger(toRank) || toRank < 1 || toRank > lastRank) {
    const size = `the list has ${state.ranking.length} initiative${state.ranking.length === 1 ? '' : 's'}`;
    return refuse({
      code: 'INVALID_INPUT',
      field: ['toRank'],
      message: `toRank must be between 1 and ${lastRank}: ${size}${fromRank === null ? ', and a new one can also go last' : ''}`,
    });
  }
  if (toRank === fromRank) {
    return refuse({ code: 'INVALID_INPUT', field: ['toRank'], message: `The initiative is already at rank ${toRank}; nothing changes` });
  }
  return accept({ type: 'InitiativeReprioritized', payload: { initiativeId: initiative.id, fromRank, toRank, evidence, ...linksOf(evidenceLinks) } });
}

function decide(command: PriorityCommand, state: PriorityListState): Decided<PriorityEvent> {
  switch (command.type) {
    case 'Reprioritize':
      return reprioritize(state, command);
    case 'RemoveFromPriorities': {
      const { initiative, evidence, evidenceLinks } = command;
      if (initiative.version === 0) return refuse(notFound());
      const fromRank = rankOf(state, initiative.id);
      if (fromRank === null) {
        return refuse({ code: 'INVALID_INPUT', field: ['initiativeId'], message: 'The initiative is not on the priority list' });
      }
      return accept({ type: 'InitiativeRemovedFromPriorities', payload: { initiativeId: initiative.id, fromRank, evidence, ...linksOf(evidenceLinks) } });
    }
  }
}

/** The ranking after one event (pure: a new array). */
export function applyToRanking(ranking: readonly string[], event: PriorityEvent): string[] {
  const without = ranking.filter((id) => id !== event.payload.initiativeId);
  if (event.type === 'InitiativeRemovedFromPriorities') return without;
  const index = event.payload.toRank - 1;
  return [...without.slice(0, index), event.payload.initiativeId, ...without.slice(index)];
}

function evolve(state: PriorityListState, event: RecordedEvent<PriorityEvent>): PriorityListState {
  return { ...state, version: event.version, ranking: applyToRanking(state.ranking, event) };
}

export const priorityList = recordKind<PriorityCommand, PriorityListState, PriorityEvent>(PRIORITIES_STREAM, priorityEvents, { initialState: initialPriorityListState, decide, evolve });
export const priorityListDecider = priorityList.decider;

/** Links are written only when given, so a change without any stays the shape older changes have. */
function linksOf(links: ExternalLink[] = []): { evidenceLinks?: ExternalLink[] } {
  return links.length ? { evidenceLinks: links } : {};
}

import type { ExternalLink } from '../links/links.ts';
import { TEAM_STREAM, teamEvents } from './events.ts';
import type { TeamContent, TeamEvent, TeamKind } from './events.ts';
import { inForceAt, isoWeekOf, latestOf, type FromWeek } from '../allocation/iso-week.ts';
import { accept, changesNothing, refuse, type Decided, type DomainError, type RecordedEvent, recordKind } from '../decider.ts';

export type { TeamContent, TeamKind };

export interface HeadcountEntry extends FromWeek {
  headcount: number;
  recordedAt: string;
}

export interface KindEntry extends FromWeek {
  kind: TeamKind;
}

export interface TeamState extends TeamContent {
  /** The team's key: its stream id, e.g. `payments`. */
  key: string;
  /** 0 until the team is defined. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Global position of the defining event: a stable order for lists. */
  createdPosition: number;
  /** Every headcount with the week it took effect, in recording order. `headcount` is the latest in force. */
  headcounts: HeadcountEntry[];
  /** Every kind with the week it took effect, in recording order. `kind` is the latest in force. */
  kinds: KindEntry[];
  links: ExternalLink[];
}

export type TeamCommand =
  | { type: 'DefineTeam'; data: TeamContent; effectiveWeek: string | null }
  | { type: 'ReviseTeam'; changes: Partial<TeamContent>; effectiveWeek: string | null };

export const initialTeamState = (key: string): TeamState => ({
  key,
  version: 0,
  name: '',
  kind: 'PRODUCT',
  headcount: 0,
  createdAt: '',
  updatedAt: '',
  createdPosition: 0,
  headcounts: [],
  kinds: [],
  links: [],
});

/**
 * The headcount in force at a week (the one with the latest `effectiveWeek` not after it), or
 * undefined before the team's first headcount took effect.
 */
export const headcountAt = (team: TeamState, week: string): number | undefined => inForceAt(team.headcounts, week)?.headcount;

/** The kind in force at a week, or undefined before the team existed. */
export const kindAt = (team: TeamState, week: string): TeamKind | undefined => inForceAt(team.kinds, week)?.kind;

/** The week the team's first headcount took effect. */
export const teamSince = (team: TeamState): string | undefined => team.headcounts.map((h) => h.fromWeek).sort()[0];

const notFound = (): DomainError => ({ code: 'NOT_FOUND', field: ['id'], message: 'No team has this id' });

/** The changes that differ from what is in force (at `effectiveWeek` for kind and headcount, when given). */
function effectiveChanges(state: TeamState, changes: Partial<TeamContent>, effectiveWeek: string | null): Partial<TeamContent> {
  const inForce: Partial<TeamContent> = {
    name: state.name,
    kind: effectiveWeek ? kindAt(state, effectiveWeek) : state.kind,
    headcount: effectiveWeek ? headcountAt(state, effectiveWeek) : state.headcount,
  };
  return Object.fromEntries(
    Object.entries(changes).filter(([key, value]) => value !== undefined && value !== inForce[key as keyof TeamContent]),
  ) as Partial<TeamContent>;
}

function decide(command: TeamCommand, state: TeamState): Decided<TeamEvent> {
  switch (command.type) {
    case 'DefineTeam':
      if (state.version > 0) {
        return refuse({ code: 'INVALID_INPUT', field: ['key'], message: `A team with key "${state.key}" exists` });
      }
      return accept({ type: 'TeamDefined', payload: { ...command.data, effectiveWeek: command.effectiveWeek } });
    case 'ReviseTeam': {
      if (state.version === 0) return refuse(notFound());
      const changes = effectiveChanges(state, command.changes, command.effectiveWeek);
      if (Object.keys(changes).length === 0) return refuse(changesNothing());
      if (command.effectiveWeek && changes.kind === undefined && changes.headcount === undefined) {
        return refuse({
          code: 'INVALID_INPUT',
          field: ['effectiveWeek'],
          message: 'effectiveWeek dates a change of kind or headcount; this revision changes neither',
        });
      }
      return accept({ type: 'TeamRevised', payload: { changes, effectiveWeek: command.effectiveWeek } });
    }
  }
}

function evolve(state: TeamState, event: RecordedEvent<TeamEvent>): TeamState {
  const at = { fromWeek: event.payload.effectiveWeek ?? isoWeekOf(event.recordedAt), position: event.position };
  const changes = event.type === 'TeamDefined' ? event.payload : event.payload.changes;
  const headcounts =
    changes.headcount === undefined ? state.headcounts : [...state.headcounts, { ...at, headcount: changes.headcount, recordedAt: event.recordedAt }];
  const kinds = changes.kind === undefined ? state.kinds : [...state.kinds, { ...at, kind: changes.kind }];
  const next: TeamState = {
    ...state,
    name: changes.name ?? state.name,
    links: changes.links ?? state.links,
    headcounts,
    kinds,
    headcount: latestOf(headcounts)?.headcount ?? state.headcount,
    kind: latestOf(kinds)?.kind ?? state.kind,
    version: event.version,
    updatedAt: event.recordedAt,
  };
  return event.type === 'TeamDefined' ? { ...next, createdAt: event.recordedAt, createdPosition: event.position } : next;
}

export const teams = recordKind<TeamCommand, TeamState, TeamEvent>(TEAM_STREAM, teamEvents, { initialState: initialTeamState, decide, evolve });
export const teamDecider = teams.decider;

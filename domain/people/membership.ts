import { z } from 'zod';
import { defineEvent, type EventOf } from '../../events/registry.ts';
import { RecordTable } from '../copyable.ts';
import { accept, recordKind, refuse, type Decided, type RecordedEvent } from '../decider.ts';
import { RecordsView } from '../records-view.ts';

/**
 * Who belongs to a team, over time: one stream per team (stream `team-membership`, id the team's
 * key), apart from the team's own stream so that membership changes never race team revisions.
 * The reason of every change is in the envelope; history is the stream.
 */

export const MEMBERSHIP_STREAM = 'team-membership';

export const TeamMemberAdded = defineEvent('TeamMemberAdded', z.object({ person: z.string() }));
export const TeamMemberRemoved = defineEvent('TeamMemberRemoved', z.object({ person: z.string() }));

export const membershipEvents = [TeamMemberAdded, TeamMemberRemoved] as const;
export type MembershipEvent = EventOf<(typeof membershipEvents)[number]>;

export interface Membership {
  person: string;
  since: string;
  sincePosition: number;
  /** When removed; null while a member. */
  until: string | null;
  reason: string | null;
}

export interface TeamMembershipState {
  /** The team key. */
  id: string;
  version: number;
  /** Every membership, in the order it began; a person removed and added again has two. */
  memberships: Membership[];
  updatedAt: string;
}

export type MembershipCommand =
  | { type: 'AddTeamMember'; person: string; teamExists: boolean; personActive: boolean }
  | { type: 'RemoveTeamMember'; person: string };

export const initialMembershipState = (id: string): TeamMembershipState => ({ id, version: 0, memberships: [], updatedAt: '' });

const current = (state: TeamMembershipState, person: string) => state.memberships.find((m) => m.person === person && m.until === null);

// The membership record exists as soon as its team does, so adding to one at version 0 is normal.
function decide(command: MembershipCommand, state: TeamMembershipState): Decided<MembershipEvent> {
  switch (command.type) {
    case 'AddTeamMember':
      if (!command.teamExists) return refuse({ code: 'NOT_FOUND', field: ['team'], message: 'No team has this key' });
      if (!command.personActive) return refuse({ code: 'INVALID_INPUT', field: ['person'], message: 'Not an ACTIVE person' });
      if (current(state, command.person)) return refuse({ code: 'INVALID_TRANSITION', field: ['person'], message: 'Already a member' });
      return accept({ type: 'TeamMemberAdded', payload: { person: command.person } });
    case 'RemoveTeamMember':
      if (!current(state, command.person)) return refuse({ code: 'INVALID_TRANSITION', field: ['person'], message: 'Not a member of this team' });
      return accept({ type: 'TeamMemberRemoved', payload: { person: command.person } });
  }
}

function evolve(state: TeamMembershipState, event: RecordedEvent<MembershipEvent>): TeamMembershipState {
  const base = { id: state.id, version: event.version, updatedAt: event.recordedAt };
  if (event.type === 'TeamMemberAdded') {
    const added: Membership = { person: event.payload.person, since: event.recordedAt, sincePosition: event.position, until: null, reason: event.reason ?? null };
    return { ...base, memberships: [...state.memberships, added] };
  }
  return {
    ...base,
    memberships: state.memberships.map((m) => (m.person === event.payload.person && m.until === null ? { ...m, until: event.recordedAt } : m)),
  };
}

export const memberships = recordKind<MembershipCommand, TeamMembershipState, MembershipEvent>(MEMBERSHIP_STREAM, membershipEvents, { initialState: initialMembershipState, decide, evolve });

export class MembershipsView extends RecordsView<TeamMembershipState, MembershipEvent> {
  constructor(byTeam = RecordTable.empty<TeamMembershipState>()) {
    super(memberships, byTeam);
  }

  override copy(): MembershipsView {
    return new MembershipsView(this.byId.copy());
  }

  /** Person ids of the team's current members, in the order they joined. */
  membersOf(team: string): string[] {
    return (this.get(team)?.memberships ?? []).filter((m) => m.until === null).map((m) => m.person);
  }

  /** Keys of the teams a person is a member of now. */
  teamsOf(person: string): string[] {
    return this.list((s) => s.memberships.some((m) => m.person === person && m.until === null)).map((s) => s.id);
  }
}

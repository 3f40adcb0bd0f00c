import { memberships, type Membership } from '../../../domain/people/membership.ts';
import { AddTeamMemberInput, RemoveTeamMemberInput } from '../../../domain/people/membership-inputs.ts';
import { personIdOf } from '../../../domain/people/person.ts';
import { teams } from '../../../domain/teams/team.ts';
import { people } from '../../../domain/people/person.ts';
import { builder } from '../../builder.ts';
import { keyedConnection } from '../../connection.ts';
import { mutationsOf } from '../../mutation.ts';
import { payloadType } from '../payload.ts';
import type { TeamState } from '../../../domain/teams/team.ts';
import { countedConnection } from '../counted-connection.ts';
import { pageArgs } from '../page-args.ts';
import { TeamRef } from '../teams/team.ts';
import { PersonRef } from './person.ts';
import { linkedRecord } from '../record-node.ts';

const TeamMemberType = builder.objectRef<Membership & { team: string }>('TeamMember').implement({
  description: 'A membership of a person in a team, from when until when.',
  fields: (t) => ({
    person: linkedRecord(t, PersonRef, 'The member; null when the person is not in the ledger (as of the query).', (m) => m.person),
    team: linkedRecord(t, TeamRef, 'The team; null when it is not in the ledger (as of the query).', (m) => m.team),
    since: t.field({ type: 'DateTime', description: 'When they became a member.', resolve: (m) => m.since }),
    until: t.field({ type: 'DateTime', nullable: true, description: 'When they left; null while a member.', resolve: (m) => m.until }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why they were added.' }),
  }),
});

const TeamMemberConnection = countedConnection('TeamMember', TeamMemberType);

builder.objectField(TeamRef, 'members', (t) =>
  t.field({
    type: TeamMemberConnection,
    description: "The team's members (with `asOf` on the query: as they stood then); with includePast, former members too.",
    args: { ...pageArgs, includePast: t.arg.boolean({ description: 'Also memberships that ended.' }) },
    resolve: async (team, args, ctx) => {
      const all = (await ctx.read()).memberships.get(team.key)?.memberships ?? [];
      return keyedConnection(all.filter((m) => args.includePast || m.until === null).map((m) => ({ ...m, team: team.key })), (m) => m.sincePosition, args);
    },
  }),
);

builder.objectField(PersonRef, 'teams', (t) =>
  t.field({
    type: [TeamRef],
    description: 'The teams they are a member of.',
    resolve: async (p, _a, ctx) => {
      const models = await ctx.read();
      return models.memberships.teamsOf(p.id).flatMap((k) => models.teams.get(k) ?? []);
    },
  }),
);

// The payload is the team (its `members` show the change): the membership stream is the team's, by key.
const mutation = mutationsOf({
  kind: memberships,
  payload: {
    type: (name: string) => payloadType<TeamState>(name, 'team', TeamRef),
    of: async (result, ctx) => ({ record: result.state ? ((await ctx.read()).teams.get(result.state.id) ?? null) : null, userErrors: result.userErrors }),
  },
});

mutation('addTeamMember', {
  description: 'Makes a person a member of a team, with a reason.',
  permission: 'lead',
  input: AddTeamMemberInput,
  id: (data) => data.team,
  command: async ({ team, person }, { read }) => {
    const [found, who] = await Promise.all([read(teams, team), read(people, personIdOf(person))]);
    return { type: 'AddTeamMember', person: personIdOf(person), teamExists: found.version > 0, personActive: who.version > 0 && who.status === 'ACTIVE' };
  },
});

mutation('removeTeamMember', {
  description: 'Ends a membership, with a reason; the history keeps it.',
  permission: 'lead',
  input: RemoveTeamMemberInput,
  id: (data) => data.team,
  command: ({ person }) => ({ type: 'RemoveTeamMember', person: personIdOf(person) }),
});

import { TEAM_STREAM, type TeamEvent, type TeamKind } from '../../events/schemas/team-events.ts';
import type { Recorded } from '../decider.ts';
import type { LogEvent, Projection } from '../projection.ts';
import { initialTeamState, teamDecider, type TeamState } from './team.ts';

/** Current state of every team, with its headcount and kind history. */
export class TeamsView implements Projection {
  private readonly byKey = new Map<string, TeamState>();

  apply(event: LogEvent): void {
    if (event.stream.kind !== TEAM_STREAM) return;
    const key = event.stream.id;
    this.byKey.set(key, teamDecider.evolve(this.byKey.get(key) ?? initialTeamState(key), event as Recorded<TeamEvent>));
  }

  get(key: string): TeamState | undefined {
    return this.byKey.get(key);
  }

  /** Teams in the order they were defined, optionally only those of the given kinds (current kind). */
  list(kinds?: readonly TeamKind[]): TeamState[] {
    // A Map iterates in insertion order, which is the order of the defining events.
    const all = [...this.byKey.values()];
    return kinds?.length ? all.filter((team) => kinds.includes(team.kind)) : all;
  }
}

import { TEAM_STREAM, type TeamEvent, type TeamKind } from './events.ts';
import { RecordTable } from '../copyable.ts';
import type { Recorded } from '../decider.ts';
import type { CopyableProjection, LogEvent } from '../projection.ts';
import { initialTeamState, teamDecider, type TeamState } from './team.ts';

const STREAM_KINDS = [TEAM_STREAM] as const;

/** Current state of every team, with its headcount and kind history. */
export class TeamsView implements CopyableProjection<TeamsView> {
  /** Teams by key, in the order they were defined. */
  constructor(private readonly byKey = RecordTable.empty<TeamState>()) {}

  get streamKinds(): readonly string[] {
    return STREAM_KINDS;
  }

  apply(event: LogEvent): void {
    if (event.stream.kind !== TEAM_STREAM) return;
    const key = event.stream.id;
    this.byKey.set(key, teamDecider.evolve(this.byKey.get(key) ?? initialTeamState(key), event as Recorded<TeamEvent>));
  }

  copy(): TeamsView {
    return new TeamsView(this.byKey.copy());
  }

  get(key: string): TeamState | undefined {
    return this.byKey.get(key);
  }

  /** Teams in the order they were defined, optionally only those of the given kinds (current kind). */
  list(kinds?: readonly TeamKind[]): TeamState[] {
    const all = this.byKey.list();
    return kinds?.length ? all.filter((team) => kinds.includes(team.kind)) : all;
  }
}

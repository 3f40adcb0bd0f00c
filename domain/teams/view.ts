import { RecordTable } from '../copyable.ts';
import { among, RecordsView } from '../records-view.ts';
import type { TeamEvent, TeamKind } from './events.ts';
import { teams, type TeamState } from './team.ts';

/** Current state of every team, with its headcount and kind history, in the order they were defined. */
export class TeamsView extends RecordsView<TeamState, TeamEvent> {
  constructor(byKey = RecordTable.empty<TeamState>()) {
    super(teams, byKey);
  }

  override copy(): TeamsView {
    return new TeamsView(this.byId.copy());
  }

  /** Teams in the order they were defined, optionally only those of the given kinds (current kind). */
  ofKinds(kinds?: readonly TeamKind[] | null): TeamState[] {
    return this.list((team) => among(kinds, team.kind));
  }
}

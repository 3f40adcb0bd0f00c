import { RecordTable } from '../copyable.ts';
import type { RecordedEvent } from '../decider.ts';
import { among, RecordsView } from '../records-view.ts';
import type { PersonEvent, PersonStatus } from './events.ts';
import { people, personIdOf, type PersonState } from './person.ts';

const normalised = (text: string): string => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** Every person, in the order they were defined or registered, and who a free-text name refers to. */
export class PeopleView extends RecordsView<PersonState, PersonEvent> {
  /** Normalised subject, email, name and aliases -> ids of the people they name; built on first use. */
  private names: Map<string, string[]> | null = null;

  constructor(byId = RecordTable.empty<PersonState>()) {
    super(people, byId);
  }

  override copy(): PeopleView {
    return new PeopleView(this.byId.copy());
  }

  override apply(event: RecordedEvent<PersonEvent>): void {
    super.apply(event);
    this.names = null;
  }

  /** The person a token subject signs in as. */
  bySubject(subject: string): PersonState | undefined {
    return this.byId.get(personIdOf(subject));
  }

  withStatus(statuses?: readonly PersonStatus[] | null): PersonState[] {
    return this.list((p) => among(statuses, p.status));
  }

  /**
   * The one person a free-text owner names: by subject, e-mail, name or alias (case and spacing
   * ignored). None when nobody or several people match: a name stays text until it is unambiguous.
   */
  match(text: string | null | undefined): PersonState | undefined {
    if (!text) return undefined;
    const ids = this.index().get(normalised(text));
    return ids?.length === 1 ? this.byId.get(ids[0]!) : undefined;
  }

  private index(): Map<string, string[]> {
    if (this.names) return this.names;
    const names = new Map<string, string[]>();
    for (const person of this.byId.list()) {
      const keys = new Set([person.subject, person.email, person.name, ...person.aliases].filter((k): k is string => !!k).map(normalised));
      for (const key of keys) names.set(key, [...(names.get(key) ?? []), person.id]);
    }
    return (this.names = names);
  }
}

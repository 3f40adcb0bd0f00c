import type { z } from 'zod';
import { InvalidEventError } from './errors.ts';

/**
 * One event type: its current schema version and zod schema, and upcasters that turn a stored
 * payload of an older version into the next one (`upcasters[1]` turns v1 into v2, ...).
 */
export interface EventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  type: T;
  schemaVersion: number;
  schema: S;
  upcasters?: Record<number, (payload: unknown) => unknown>;
}

export function defineEvent<T extends string, S extends z.ZodType>(
  type: T,
  schema: S,
  options: { schemaVersion?: number; upcasters?: Record<number, (payload: unknown) => unknown> } = {},
): EventDefinition<T, S> {
  return { type, schema, schemaVersion: options.schemaVersion ?? 1, upcasters: options.upcasters };
}

/** The `{ type, payload }` union of a list of event definitions. */
export type EventOf<D extends EventDefinition> = D extends EventDefinition<infer T, infer S>
  ? { type: T; payload: z.output<S> }
  : never;

export class EventRegistry {
  private readonly definitions = new Map<string, EventDefinition>();

  constructor(definitions: Iterable<EventDefinition> = []) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: EventDefinition): void {
    if (this.definitions.has(definition.type)) throw new Error(`event type ${definition.type} registered twice`);
    this.definitions.set(definition.type, definition);
  }

  has(type: string): boolean {
    return this.definitions.has(type);
  }

  get types(): string[] {
    return [...this.definitions.keys()];
  }

  private definition(type: string): EventDefinition {
    const definition = this.definitions.get(type);
    if (!definition) throw new InvalidEventError(type, [{ path: ['type'], message: `unknown event type ${type}` }]);
    return definition;
  }

  /** Validates a payload about to be appended; returns it with its current schema version. */
  forAppend(type: string, payload: unknown): { payload: unknown; schemaVersion: number } {
    const definition = this.definition(type);
    return { payload: this.validate(definition, payload), schemaVersion: definition.schemaVersion };
  }

  /**
   * A stored payload in the current schema version. One stored in that version was validated when
   * it was appended (and the hash chain shows it unchanged since), so it is returned as it is: a
   * cold start or a replay does not validate the whole log again. An older one is upcast, and what
   * the upcasters make is validated.
   */
  onRead(type: string, schemaVersion: number, payload: unknown): unknown {
    const definition = this.definition(type);
    if (schemaVersion === definition.schemaVersion) return payload;
    let current = payload;
    for (let version = schemaVersion; version < definition.schemaVersion; version += 1) {
      const upcast = definition.upcasters?.[version];
      if (!upcast) {
        throw new InvalidEventError(type, [
          { path: ['schemaVersion'], message: `no upcaster from version ${version} of ${type}` },
        ]);
      }
      current = upcast(current);
    }
    if (schemaVersion > definition.schemaVersion) {
      throw new InvalidEventError(type, [
        { path: ['schemaVersion'], message: `stored version ${schemaVersion} is newer than this code (${definition.schemaVersion})` },
      ]);
    }
    return this.validate(definition, current);
  }

  /** A stored event as this code reads it (payload through onRead): the same object when that changes nothing. */
  upcast<E extends { type: string; schemaVersion: number; payload: unknown }>(event: E): E {
    const payload = this.onRead(event.type, event.schemaVersion, event.payload);
    return payload === event.payload ? event : { ...event, payload };
  }

  private validate(definition: EventDefinition, payload: unknown): unknown {
    const result = definition.schema.safeParse(payload);
    if (!result.success) {
      throw new InvalidEventError(
        definition.type,
        result.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issue.message })),
      );
    }
    return result.data;
  }
}

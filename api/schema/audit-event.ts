import type { RecordedEvent } from '../../events/envelope.ts';
import { queryRequires, scopeFor, TYPE_PERMISSIONS } from '../auth/permissions.ts';
import { builder } from '../builder.ts';
import { countedConnection } from './counted-connection.ts';
import { keyedConnection, positionConnection } from '../connection.ts';
import { eventsOf, logUntil } from '../../events/log-cache.ts';
import { globalIdOf } from '../global-id.ts';
import { ActorType } from './actor.ts';
import { listArgs } from './page-args.ts';

export const AuditEventRef = builder.objectRef<RecordedEvent>('AuditEvent');

builder.node(AuditEventRef, {
  authScopes: scopeFor(TYPE_PERMISSIONS.AuditEvent),
  description: 'One event of the log: what happened to which record, who did it, when, why, and its place in the hash chain.',
  id: { resolve: (e) => String(e.position), description: 'Global id of the event (it encodes its log position): pass it to node(id:).' },
  loadOne: async (id, ctx) => {
    const position = Number(id);
    if (!Number.isSafeInteger(position) || position < 1) return null;
    return (await ctx.read()).log.at(position) ?? null;
  },
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'Place in the global log: gapless from 1, in commit order.' }),
    type: t.exposeString('type', { description: 'The event type, e.g. DecisionRecorded or KeyResultCheckedIn.' }),
    schemaVersion: t.exposeInt('schemaVersion', { description: "The version of its type's payload schema it was stored in; payload is shown upcast to the current one." }),
    subjectKind: t.string({ description: 'Kind of the record it belongs to (its stream kind), e.g. decision or key-result.', resolve: (e) => e.stream.kind }),
    subjectId: t.id({ description: 'Global id of the record the event belongs to.', resolve: (e) => globalIdOf(e.stream.kind, e.stream.id) }),
    version: t.exposeInt('version', { description: 'Version of the record after this event.' }),
    recordedAt: t.field({ type: 'DateTime', description: 'When the server committed it; what asOf compares against.', resolve: (e) => e.recordedAt }),
    actor: t.field({ type: ActorType, description: 'Who caused it, from their token.', resolve: (e) => e.actor }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why, as the actor gave it; null when none was given.' }),
    idempotencyKey: t.exposeString('idempotencyKey', { nullable: true, description: 'The idempotency key the write was sent with; null when it had none.' }),
    payload: t.field({ type: 'JSON', description: 'What changed, as the event type defines it, in the current schema version of the type.', resolve: (e) => e.payload }),
    hash: t.exposeString('hash', { description: 'SHA-256 (hex) of the event as stored, chained with previousHash: recompute it to check nothing was altered.' }),
    previousHash: t.exposeString('previousHash', { description: 'Hash of the event at the position before; 64 zeros for position 1.' }),
  }),
});

export const AuditEventConnection = countedConnection('AuditEvent', AuditEventRef, {
  authScopes: scopeFor(TYPE_PERMISSIONS.AuditEventConnection),
});

const AuditTrailFilter = builder.inputType('AuditTrailFilter', {
  description: 'Every field narrows the trail; leave a field out to not filter on it.',
  fields: (t) => ({
    types: t.stringList({ description: 'Event types, e.g. ["DecisionSuperseded"].' }),
    kinds: t.stringList({ description: 'Record kinds (stream kinds), e.g. ["decision", "priorities"].' }),
    subjectId: t.id({ description: 'Global id of one record.' }),
    actorId: t.string({ description: 'Only events of this actor (Actor.id, the token subject).' }),
    recordedFrom: t.field({ type: 'DateTime', description: 'Recorded at or after.' }),
    recordedTo: t.field({ type: 'DateTime', description: 'Recorded before.' }),
    fromPosition: t.int({ description: 'First log position to include.' }),
    toPosition: t.int({ description: 'Last log position to include.' }),
  }),
});

type Filter = NonNullable<(typeof AuditTrailFilter)['$inferInput']>;

function matches(filter: Filter): (event: RecordedEvent) => boolean {
  const from = filter.recordedFrom?.toISOString();
  const to = filter.recordedTo?.toISOString();
  return (e) =>
    (!filter.types?.length || filter.types.includes(e.type)) &&
    (!filter.kinds?.length || filter.kinds.includes(e.stream.kind)) &&
    (!filter.subjectId || globalIdOf(e.stream.kind, e.stream.id) === filter.subjectId) &&
    (!filter.actorId || e.actor.id === filter.actorId) &&
    (!from || e.recordedAt >= from) &&
    (!to || e.recordedAt < to) &&
    (filter.fromPosition == null || e.position >= filter.fromPosition) &&
    (filter.toPosition == null || e.position <= filter.toPosition);
}

builder.queryField('auditTrail', (t) =>
  t.field({
    type: AuditEventConnection,
    ...queryRequires('auditTrail'),
    description: 'The log in global order, optionally filtered. Cursors are positions, so pages stay stable while events are appended.',
    args: { ...listArgs, filter: t.arg({ type: AuditTrailFilter, description: 'Which events to list; omit for all of them.' }) },
    resolve: async (_root, args, ctx) => {
      const log = (await ctx.read()).log;
      // Unfiltered, the page's positions are known: only they are read (from the store, for events the cache does not hold).
      if (!args.filter) return positionConnection(log.position, args, (from, to) => log.range(from - 1, to - from + 1));
      // Filtered, the log is scanned page by page, from fromPosition to toPosition when given; only the matches are kept.
      const keep = matches(args.filter);
      const found: RecordedEvent[] = [];
      const to = Math.min(log.position, args.filter.toPosition ?? log.position);
      for await (const event of eventsOf(logUntil(log, to), Math.max(0, (args.filter.fromPosition ?? 1) - 1))) if (keep(event)) found.push(event);
      return keyedConnection(found, (e) => e.position, args);
    },
  }),
);

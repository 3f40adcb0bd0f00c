import type { RecordedEvent } from '../../events/envelope.ts';
import { builder } from '../builder.ts';
import { keyedConnection } from '../connection.ts';
import { globalIdOf } from '../global-id.ts';
import { ActorType } from './actor.ts';
import { pageArgs } from './page-args.ts';

export const AuditEventRef = builder.objectRef<RecordedEvent>('AuditEvent');

builder.node(AuditEventRef, {
  description: 'One event of the log: what happened to which record, who did it, when, why, and its place in the hash chain.',
  id: { resolve: (e) => String(e.position) },
  loadOne: async (id, ctx) => {
    const position = Number(id);
    if (!Number.isSafeInteger(position) || position < 1) return null;
    return (await ctx.read()).log.at(position) ?? null;
  },
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'Place in the global log: gapless from 1, in commit order.' }),
    type: t.exposeString('type'),
    schemaVersion: t.exposeInt('schemaVersion'),
    subjectKind: t.string({ resolve: (e) => e.stream.kind }),
    subjectId: t.id({ description: 'Global id of the record the event belongs to.', resolve: (e) => globalIdOf(e.stream.kind, e.stream.id) }),
    version: t.exposeInt('version', { description: 'Version of the record after this event.' }),
    recordedAt: t.field({ type: 'DateTime', resolve: (e) => e.recordedAt }),
    actor: t.field({ type: ActorType, resolve: (e) => e.actor }),
    reason: t.exposeString('reason', { nullable: true }),
    idempotencyKey: t.exposeString('idempotencyKey', { nullable: true }),
    payload: t.field({ type: 'JSON', resolve: (e) => e.payload }),
    hash: t.exposeString('hash'),
    previousHash: t.exposeString('previousHash'),
  }),
});

export const AuditEventConnection = builder.connectionObject(
  { type: AuditEventRef, name: 'AuditEventConnection' },
  { name: 'AuditEventEdge' },
);
builder.objectField(AuditEventConnection, 'totalCount', (t) =>
  t.int({ resolve: (connection) => (connection as unknown as { totalCount: number }).totalCount }),
);

builder.queryField('auditTrail', (t) =>
  t.field({
    type: AuditEventConnection,
    description: 'The whole log in global order. Cursors are positions, so pages stay stable while events are appended.',
    args: pageArgs,
    resolve: async (_root, args, ctx) => keyedConnection((await ctx.read()).log.all(), (e) => e.position, args),
  }),
);

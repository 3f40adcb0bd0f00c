import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkCache, chunkCache, chunkSizeOf, codeFingerprint, decodeView, encodeSections, encodeTableChunk, encodeView } from '../../api/view-snapshots.ts';
import { EVERY_VIEW_QUERY } from '../../bench/measure/scale.ts';
import { AppendOnlyList, RecordTable } from '../../domain/copyable.ts';
import { createViews } from '../../domain/registry.ts';
import { DynamoViewSnapshots } from '../../events/dynamodb/view-snapshots.ts';
import { ensureTable } from '../../events/dynamodb/tables.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { CHANGE_STATUS, RECORD, REVISE } from '../support/decision-ops.ts';

/**
 * View snapshots (SNAPSHOTS_TABLE): a process that starts from persisted views and folds only the
 * events after them answers exactly like one that folded the whole log, and one given a damaged,
 * stale or foreign snapshot folds the log instead. `reference` folds everything and holds it all.
 */
let reference: TestServer;
const servers: TestServer[] = [];
let env: Record<string, string>;
const decisionIds: string[] = [];
/** recordedAt of some events, for asOf. */
const instants: string[] = [];

const gqlOk = async (server: TestServer, query: string, variables?: Record<string, unknown>) => {
  const result = await server.gql(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data;
};

async function start(label: string, extra: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer(label, { ...env, ...extra });
  servers.push(server);
  return server;
}

/** Appends through `server`: decisions with revisions and status changes, initiatives, the priority list. */
async function write(server: TestServer, round: number): Promise<void> {
  if (round === 1) {
    const team = await gqlOk(server, `mutation($input: DefineTeamInput!) { defineTeam(input: $input) { userErrors { message } } }`, {
      input: { key: 'platform', name: 'Platform', kind: 'PLATFORM', headcount: 4, effectiveWeek: '2026-W40' },
    });
    expect(team.defineTeam.userErrors).toEqual([]);
  }
  for (let i = 0; i < 3; i += 1) {
    const recorded = await gqlOk(server, RECORD, { input: { title: `Decision ${round}.${i}`, rationale: 'Because', tags: [`r${round}`] } });
    const { id } = recorded.recordDecision.decision;
    decisionIds.push(id);
    const revised = await gqlOk(server, REVISE, { input: { id, expectedVersion: 1, reason: 'sharper', title: `Decision ${round}.${i}, revised` } });
    instants.push(revised.reviseDecision.decision.updatedAt);
    if (i === 1) await gqlOk(server, CHANGE_STATUS, { input: { id, expectedVersion: 2, status: 'ACCEPTED', reason: 'agreed' } });
  }
  const initiative = await gqlOk(server, `mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) { initiative { id } userErrors { message } } }`, {
    input: { title: `Initiative ${round}`, owner: 'platform', kind: 'TUNE_UP' },
  });
  const version = (await gqlOk(server, `{ priorities { version } }`)).priorities.version;
  const ranked = await gqlOk(server, `mutation($input: ReprioritizeInput!) { reprioritize(input: $input) { userErrors { message } } }`, {
    input: { initiativeId: initiative.createInitiative.initiative.id, toRank: 1, expectedVersion: version, reason: `round ${round}` },
  });
  expect(ranked.reprioritize.userErrors).toEqual([]);
}

/** What both processes are asked: the views now and in the past, histories, audit trail pages, events by id. */
async function answers(server: TestServer): Promise<unknown[]> {
  const head = (await gqlOk(server, `{ auditTrail(first: 1) { totalCount } }`)).auditTrail.totalCount as number;
  const out: unknown[] = [];
  const state = `decisions(first: 50) { totalCount edges { node { id title status version history(first: 10) { totalCount edges { node { position type hash } } } } } }
    priorities { version entries { rank initiative { id title } } }
    priorityChanges(first: 20) { totalCount edges { node { listVersion auditEvent { position hash } } } }`;
  out.push(await gqlOk(server, `{ ${state} }`));
  for (const position of [0, 1, 5, Math.floor(head / 2), head - 3, head - 1]) {
    out.push(await gqlOk(server, `query($p: Int) { auditTrail(atPosition: $p, last: 2) { totalCount edges { node { position hash } } } decisions(first: 50, atPosition: $p) { totalCount edges { node { title status history { totalCount } } } } priorities(atPosition: $p) { version entries { rank } } }`, { p: position }));
  }
  for (const instant of instants) out.push(await gqlOk(server, `query($t: DateTime) { decisions(first: 50, asOf: $t) { totalCount edges { node { title version } } } }`, { t: instant }));
  const trail = `query($first: Int, $after: String, $last: Int, $before: String) {
    auditTrail(first: $first, after: $after, last: $last, before: $before) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id position type hash previousHash payload recordedAt } } } }`;
  const page1 = (await gqlOk(server, trail, { first: 7 })).auditTrail;
  const page2 = (await gqlOk(server, trail, { first: 7, after: page1.pageInfo.endCursor })).auditTrail;
  const back = (await gqlOk(server, trail, { last: 5, before: page2.pageInfo.endCursor })).auditTrail;
  const tail = (await gqlOk(server, trail, { last: 4 })).auditTrail;
  out.push(page1, page2, back, tail);
  out.push(await gqlOk(server, `{ auditTrail(first: 30, filter: { types: ["DecisionRevised"], fromPosition: 3 }) { totalCount edges { node { position } } } }`));
  out.push(await gqlOk(server, `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on AuditEvent { position hash } } }`, { ids: [page1.edges[0].node.id, page2.edges[3].node.id, tail.edges[3].node.id] }));
  out.push(await gqlOk(server, `{ search(query: "revised") { totalCount } }`));
  return out;
}

beforeAll(async () => {
  reference = await startTestServer('view-snapshots');
  servers.push(reference);
  const snapshots = `${reference.table.tableName}-snapshots`;
  // Tables of records in chunks of 2: every table of more than two records is read a chunk at a time.
  env = { EVENTS_TABLE: reference.table.tableName, SNAPSHOTS_TABLE: snapshots, VIEW_SNAPSHOT_EVERY: '10', VIEW_SNAPSHOT_TABLE_CHUNK: '2' };
  await ensureTable(reference.table.client, snapshots);
});
afterAll(() => Promise.all(servers.map((server) => server.close())));

const itemsOf = async (partition: string) =>
  (
    await reference.table.client.send(
      new QueryCommand({ TableName: env.SNAPSHOTS_TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition } }),
    )
  ).Items ?? [];
/** The snapshots' parts, and their index entries (one per complete snapshot). */
const viewItems = () => itemsOf('VIEWS');
const snapshotEntries = () => itemsOf('VIEWS_INDEX');

describe('view snapshots', () => {
  it('are written as the log grows, and a process started from one answers exactly like one that folded the whole log', async () => {
    const writer = await start('view-snapshots-writer');
    await write(writer, 1);
    await write(writer, 2);
    await gqlOk(writer, `{ decisions(first: 1) { totalCount } }`);
    await writer.app.readModels.flush();
    expect((await viewItems()).length).toBeGreaterThan(0);
    // Events after the snapshot: the fresh process folds them on top of the restored views.
    await write(writer, 3);
    await writer.app.readModels.flush();
    const snapshotAt = Math.max(...(await snapshotEntries()).map((entry) => entry.position as number));

    const fresh = await start('view-snapshots-fresh');
    // The first request reads and decodes only the view it reads, and of its records the chunks of its page; the other views are not even read.
    const decodedBefore = chunkCache.decoded;
    const page = await gqlOk(fresh, `{ decisions(first: 3) { totalCount edges { node { id } } } }`);
    expect(page.decisions.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(decisionIds.slice(0, 3));
    expect(page.decisions.totalCount).toBe(decisionIds.length);
    // The page's two chunks, and those of the decisions changed since the snapshot (folded on): not all of them.
    const forThePage = chunkCache.decoded - decodedBefore;
    expect(forThePage).toBeGreaterThanOrEqual(2);
    await gqlOk(fresh, `{ decisions(first: 50, status: [PROPOSED, ACCEPTED]) { totalCount } }`);
    expect(chunkCache.decoded - decodedBefore).toBeGreaterThan(forThePage);
    expect(fresh.app.readModels.decoded()).toEqual(['decisions']);
    expect(fresh.app.readModels.waiting()).toBe(true);
    // Views first read after more events came: each folds the events of its types since the snapshot.
    await write(writer, 4);
    await gqlOk(fresh, `{ decisions(first: 1) { totalCount } }`);
    expect(fresh.app.readModels.decoded()).toEqual(['decisions']);
    const expected = await answers(reference);
    expect(await answers(fresh)).toEqual(expected);
    expect(fresh.app.readModels.decoded()).toEqual(expect.arrayContaining(['decisions', 'initiatives', 'priorities']));
    // A first request that is a mutation reads every view's bytes first (it must not run twice), then answers as the reference would.
    const writing = await start('view-snapshots-mutation-first', { VIEW_SNAPSHOT_EVERY: '100000' });
    const recorded = await gqlOk(writing, RECORD, { input: { title: 'Written by a restored process', rationale: 'Because' } });
    expect(recorded.recordDecision.decision.title).toBe('Written by a restored process');
    expect(writing.app.readModels.waiting()).toBe(false);
    expect(await answers(writing)).toEqual(await answers(reference));
    // The bench's request that reads every view (for the RSS of a process that has decoded them all) does.
    const everyView = await start('view-snapshots-every-view');
    await gqlOk(everyView, EVERY_VIEW_QUERY);
    expect(everyView.app.readModels.decoded().sort()).toEqual(Object.keys(createViews()).sort());
    const log = fresh.app.readModels.log;
    // It read only the events after the snapshot, and the rest on demand.
    expect(log.position - log.held).toBe(snapshotAt);
    expect(snapshotAt).toBeGreaterThan(10);
  });

  it('a process that holds only a few events answers the same, and holds no more than it may', async () => {
    const bounded = await start('view-snapshots-bounded', { LOG_CACHE_EVENTS: '4', VIEW_SNAPSHOT_EVERY: '0' });
    expect(await answers(bounded)).toEqual(await answers(reference));
    expect(bounded.app.readModels.log.held).toBeLessThanOrEqual(4);
  });

  it('a damaged, stale or foreign snapshot is passed over and the log is folded instead', async () => {
    // Past every snapshot written so far: the stale one below is the newest.
    await write(reference, 9);
    const expected = await answers(reference);
    const head = (await gqlOk(reference, `{ auditTrail(first: 1) { totalCount } }`)).auditTrail.totalCount as number;
    const source = new DynamoViewSnapshots(reference.table.client, env.SNAPSHOTS_TABLE!);
    const client = reference.table.client;

    // Stale: the newest snapshot claims a position whose hash the log does not have (say, a restored table).
    const views = createViews();
    await source.write(codeFingerprint(), { position: head, hash: 'f'.repeat(64), sections: await encodeSections(views, new Float64Array(head)) });
    const afterStale = await start('view-snapshots-stale');
    expect(await answers(afterStale)).toEqual(expected);
    expect(afterStale.app.readModels.log.held).toBe(head);
    await afterStale.app.readModels.flush();

    // Damaged: every stored snapshot's bytes altered, so none matches its digest.
    for (const item of await viewItems()) {
      const data = Buffer.from(item.data as Uint8Array);
      data[data.length >> 1] = data[data.length >> 1]! ^ 0xff;
      await client.send(new UpdateCommand({ TableName: env.SNAPSHOTS_TABLE, Key: { pk: item.pk, sk: item.sk }, UpdateExpression: 'SET #d = :d', ExpressionAttributeNames: { '#d': 'data' }, ExpressionAttributeValues: { ':d': data } }));
    }
    const afterDamage = await start('view-snapshots-damaged', { VIEW_SNAPSHOT_EVERY: '100000' });
    expect(await answers(afterDamage)).toEqual(expected);
    expect(afterDamage.app.readModels.log.held).toBe(head);

    // Foreign: a snapshot written by other code (another fingerprint) is never read.
    expect(await source.latest('another-build')).toBeNull();
  });

  it('a view whose blob does not decode is folded from the log when first read; the other views are restored', async () => {
    await write(reference, 5);
    const expected = await answers(reference);
    const models = reference.app.readModels;
    const head = models.log.position;
    const last = await models.log.at(head);
    // The snapshot of the reference's views at the head, but for one view whose blob is not a view (its digest still matches).
    const views: Parameters<typeof encodeSections>[0] = createViews();
    for (const name of Object.keys(views) as (keyof typeof views)[]) views[name] = models[name];
    views.priorities = gzipSync(Buffer.from('not a view'));
    const sections = await encodeSections(views, models.log.instants());
    await new DynamoViewSnapshots(reference.table.client, env.SNAPSHOTS_TABLE!).write(codeFingerprint(), { position: head, hash: last!.hash, sections });

    const damaged = await start('view-snapshots-one-view-damaged', { VIEW_SNAPSHOT_EVERY: '100000' });
    await gqlOk(damaged, `{ decisions(first: 1) { totalCount } }`);
    expect(damaged.app.readModels.decoded()).toEqual(['decisions']);
    // Never a wrong state: the view cannot be read until it is folded, and the request says so.
    const first = await damaged.gql(`{ priorities { version } }`);
    expect(first.errors?.[0]).toMatchObject({ message: expect.stringMatching(/priorities view is being folded from the log/), extensions: { code: 'VIEW_REBUILDING' } });
    // The next request's catch-up waits for the fold; from then on every answer is the reference's.
    expect(await answers(damaged)).toEqual(expected);
    const log = damaged.app.readModels.log;
    expect(log.position - log.held).toBe(head);
  });
});

describe('chunks of a restored table', () => {
  it('are decoded once while they fit the cache, the least recently read given up first', async () => {
    const blobs = await Promise.all([0, 1, 2].map((i) => encodeTableChunk([{ id: `r${i}`, at: new Date(i) }, [`tag${i}`]])));
    // Room for two (a chunk counts three times its serialized bytes).
    const cache = new ChunkCache(3 * (gunzipSync(blobs[0]!).byteLength + gunzipSync(blobs[1]!).byteLength));
    expect(cache.read(blobs[0]!)).toEqual([{ id: 'r0', at: new Date(0) }, ['tag0']]);
    cache.read(blobs[1]!);
    cache.read(blobs[0]!);
    expect(cache.decoded).toBe(2);
    // A third does not fit: chunk 1, read least recently, goes; chunk 0 stays.
    cache.read(blobs[2]!);
    cache.read(blobs[0]!);
    expect(cache.decoded).toBe(3);
    expect(cache.read(blobs[1]!)).toEqual([{ id: 'r1', at: new Date(1) }, ['tag1']]);
    expect(cache.decoded).toBe(4);
    expect(() => cache.read(Uint8Array.of(1, 2, 3))).toThrow();
  });

  it('hold fewer values when the values are big, and numbers or strings are not chunked', () => {
    const table = <V>(n: number, value: (i: number) => V) => {
      const t = RecordTable.empty<V>();
      for (let i = 0; i < n; i += 1) t.set(`k${i}`, value(i));
      return t;
    };
    expect(chunkSizeOf(table(600, (i) => ({ id: `r${i}` })), 512)).toBe(512);
    const big = chunkSizeOf(table(600, (i) => ({ id: `r${i}`, text: 'x'.repeat(4000) })), 512)!;
    expect(big).toBeGreaterThan(20);
    expect(big).toBeLessThan(40);
    expect(chunkSizeOf(table(600, (i) => `successor-${i}`), 512)).toBeNull();
    expect(chunkSizeOf(AppendOnlyList.of(...Array.from({ length: 600 }, (_, i) => i)), 512)).toBeNull();
    expect(chunkSizeOf(table(512, (i) => ({ id: `r${i}` })), 512)).toBeNull();
  });

  it('a view written in chunks decodes to the view it was, and written again reuses the chunks not changed since', async () => {
    const views = createViews();
    const event = (position: number, id: string, type: string, payload: unknown) =>
      ({ eventId: `e${position}`, stream: { kind: 'decision', id }, version: 1, position, schemaVersion: 1, recordedAt: new Date(position * 1000).toISOString(), actor: { id: 'a', name: 'A', kind: 'HUMAN' }, reason: null, idempotencyKey: null, previousHash: '', hash: `h${position}`, type, payload }) as never;
    for (let i = 1; i <= 7; i += 1) views.decisions.apply(event(i, `d${i}`, 'DecisionRecorded', { title: `Decision ${i}`, rationale: 'why', status: 'PROPOSED', options: [], deciders: [], tags: [], context: null, chosenOption: null, consequences: null, owner: null }));
    const blob = await encodeView('decisions', views.decisions, 3);
    const restored = decodeView('decisions', blob);
    expect(JSON.parse(JSON.stringify(restored))).toEqual(JSON.parse(JSON.stringify(views.decisions)));
    expect(restored.get('d5')?.title).toBe('Decision 5');
    restored.apply({ ...(event(8, 'd2', 'DecisionAccepted', {}) as object), version: 2 } as never);
    // Chunk 2 (d7) was never read: written again as it was, not decoded.
    const decoded = chunkCache.decoded;
    const again = decodeView('decisions', await encodeView('decisions', restored, 3));
    expect(chunkCache.decoded).toBe(decoded);
    expect(again.list().map((d) => [d.id, d.status])).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => [`d${i}`, i === 2 ? 'ACCEPTED' : 'PROPOSED']));
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { configFromEnv } from '../../api/config.ts';
import { authorization, signWithTestKey, TEST_AUTH_ENV, TEST_ORG } from '../support/auth.ts';
import { startTestServer, type TestServer } from '../support/api-server.ts';
import { AUDIT_TRAIL, RECORD } from '../support/decision-ops.ts';
import { mutationDocument } from '../support/mutations.ts';

const PERSON_FIELDS = `id subject name email aliases status origin version recordedBy { id }`;
const DEFINE = mutationDocument('definePerson', `person { ${PERSON_FIELDS} }`);
const REVISE = mutationDocument('revisePerson', `person { ${PERSON_FIELDS} }`);
const PERSON = `query($subject: String) { person(subject: $subject) { ${PERSON_FIELDS} } }`;

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('people', {}, { registerPeople: true });
});
afterAll(() => api.close());

const logSize = async () => (await api.gql(AUDIT_TRAIL, { first: 1 })).data!.auditTrail.totalCount as number;
const personEvents = async (subject: string) =>
  (await api.table.store.readAll(0)).filter((e) => e.stream.kind === 'person' && (e.payload as { subject?: string }).subject === subject);

describe('people over HTTP', () => {
  it('an ADMIN defines a person; revising changes name, aliases and status with history', async () => {
    const defined = (await api.gql(DEFINE, { input: { subject: 'maria', name: 'María Ruiz', email: 'maria@example.org', aliases: ['M. Ruiz'] } })).data.definePerson;
    expect(defined.userErrors).toEqual([]);
    expect(defined.person).toMatchObject({ subject: 'maria', name: 'María Ruiz', email: 'maria@example.org', aliases: ['M. Ruiz'], status: 'ACTIVE', origin: 'ADMIN', version: 1 });

    const revised = (await api.gql(REVISE, { input: { id: defined.person.id, expectedVersion: 1, reason: 'Left the company', status: 'INACTIVE', email: '' } })).data.revisePerson;
    expect(revised.userErrors).toEqual([]);
    expect(revised.person).toMatchObject({ status: 'INACTIVE', email: null, version: 3 });

    const twice = (await api.gql(DEFINE, { input: { subject: 'maria', name: 'Someone else' } })).data.definePerson;
    expect(twice.person).toBeNull();
    expect(twice.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'subject'] });
  });

  it('refuses bad input and non-admins with typed errors, writing nothing', async () => {
    const before = await logSize();
    const badEmail = (await api.gql(DEFINE, { input: { subject: 'x1', name: 'X', email: 'not-an-email' } })).data.definePerson;
    expect(badEmail.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'email'] });
    const empty = (await api.gql(DEFINE, { input: { subject: ' ', name: 'X' } })).data.definePerson;
    expect(empty.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'subject'] });
    const lead = await api.as({ roles: ['LEAD'], sub: 'lead-1' })(DEFINE, { input: { subject: 'x2', name: 'X' } });
    expect(lead.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await logSize()).toBe(before);
  });

  it("registers a person on their first write, from the verified token's claims, once", async () => {
    const token = await signWithTestKey({ sub: 'auth0|42', name: 'Ada Lovelace', email: 'ada@example.org', roles: ['LEAD'], org: TEST_ORG, kind: 'HUMAN' });
    const asAda = (query: string, variables: Record<string, unknown>) =>
      fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json() as Promise<any>);

    const first = await asAda(RECORD, { input: { title: 'First decision', rationale: 'why' } });
    expect(first.data.recordDecision.userErrors).toEqual([]);
    const me = await asAda(PERSON, {});
    expect(me.data.person).toMatchObject({ subject: 'auth0|42', name: 'Ada Lovelace', email: 'ada@example.org', origin: 'FIRST_WRITE', recordedBy: { id: 'auth0|42' } });

    await asAda(RECORD, { input: { title: 'Second decision', rationale: 'why' } });
    expect(await personEvents('auth0|42')).toHaveLength(1);
  });

  it('first writes at once in two processes register the person exactly once; every write lands', async () => {
    // A second app over the same table: another process, sharing nothing with the first but the log.
    const second = createApp(configFromEnv({ DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), EVENTS_TABLE: api.table.tableName, ...TEST_AUTH_ENV }));
    const bob = { roles: ['LEAD' as const], sub: 'bob', name: 'Bob' };
    const viaSecond = async (i: number) => {
      const response = await second.yoga.fetch('http://second/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await authorization(bob)) },
        body: JSON.stringify({ query: RECORD, variables: { input: { title: `Bob via second ${i}`, rationale: 'r' } } }),
      });
      return (await response.json()) as any;
    };
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? viaSecond(i) : api.as(bob)(RECORD, { input: { title: `Bob ${i}`, rationale: 'r' } }))),
    );
    expect(results.every((r) => r.data.recordDecision.userErrors.length === 0)).toBe(true);
    expect(await personEvents('bob')).toHaveLength(1);
    const decisions = (await api.table.store.readAll(0)).filter((e) => e.type === 'DecisionRecorded' && e.actor.id === 'bob');
    expect(decisions).toHaveLength(6);
  });

  it('a registration racing an ADMIN definePerson leaves one creating event', async () => {
    const carol = { roles: ['LEAD' as const], sub: 'carol', name: 'Carol' };
    const [write, define] = await Promise.all([
      api.as(carol)(RECORD, { input: { title: 'Carol decides', rationale: 'r' } }),
      api.gql(DEFINE, { input: { subject: 'carol', name: 'Carol Ng' } }),
    ]);
    expect(write.data.recordDecision.userErrors).toEqual([]);
    const created = (await personEvents('carol')).filter((e) => e.type === 'PersonDefined' || e.type === 'PersonRegistered');
    expect(created).toHaveLength(1);
    // Either the ADMIN won (and the registration found the person) or the registration won (and
    // the ADMIN is told the person exists): never two.
    if (created[0]!.type === 'PersonRegistered') expect(define.data.definePerson.userErrors[0].code).toBe('INVALID_INPUT');
    else expect(define.data.definePerson.userErrors).toEqual([]);
  });

  it('services are not people', async () => {
    await api.as({ roles: ['LEAD'], sub: 'ci-bot', name: 'CI', kind: 'SERVICE' })(RECORD, { input: { title: 'Bot decision', rationale: 'r' } });
    expect(await personEvents('ci-bot')).toHaveLength(0);
  });
});

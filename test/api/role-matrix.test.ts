import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  isLeafType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUTATION_PERMISSIONS, QUERY_PERMISSIONS, ROLE_PERMISSIONS, ROLES, ROOT_DEFAULTS, type Role } from '../../api/auth/permissions.ts';
import { schema } from '../../api/schema/index.ts';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/api-server.ts';
import { AUDIT_TRAIL, RECORD } from '../support/decision-ops.ts';

// Every root field of the schema, tried with every role: allowed, or FORBIDDEN with nothing appended.

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer('role-matrix');
  await api.gql(RECORD, { input: { title: 'Something to audit', rationale: 'the matrix reads its history' } });
});
afterAll(() => api.close());

const mutations = Object.values(schema.getMutationType()!.getFields());
const queries = Object.values(schema.getQueryType()!.getFields());
const logSize = async () => (await api.gql(AUDIT_TRAIL, { first: 1 })).data!.auditTrail.totalCount as number;
const allows = (role: Role, permission: string) => (ROLE_PERMISSIONS[role] as readonly string[]).includes(permission);
const forbidden = (response: GraphQLResponse) => response.errors?.some((e) => e.extensions?.code === 'FORBIDDEN') ?? false;

/** A value of the right type for every required argument (and no optional ones): enough to reach the auth check. */
function sample(type: GraphQLInputType): unknown {
  if (type instanceof GraphQLNonNull) return sample(type.ofType);
  if (type instanceof GraphQLList) return [sample(type.ofType)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0]!.value;
  if (type instanceof GraphQLInputObjectType) {
    const required = Object.values(type.getFields()).filter((f) => f.type instanceof GraphQLNonNull && f.defaultValue === undefined);
    return Object.fromEntries(required.map((f) => [f.name, sample(f.type)]));
  }
  const scalar = (type as GraphQLScalarType).name;
  return { Int: 1, Float: 1, Boolean: false, DateTime: '2030-01-06T00:00:00Z', JSON: {} }[scalar] ?? 'x';
}

/** `mutation($input: XInput!) { field(input: $input) { __typename } }` with sample variables. */
function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter((arg) => arg.type instanceof GraphQLNonNull && arg.defaultValue === undefined);
  const declared = args.map((arg) => `$${arg.name}: ${arg.type}`).join(', ');
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return {
    query: `${kind}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`,
    variables: Object.fromEntries(args.map((arg) => [arg.name, sample(arg.type)])),
  };
}

describe('the permission table', () => {
  it('names every mutation of the schema, and nothing else', () => {
    expect(Object.keys(MUTATION_PERMISSIONS).sort()).toEqual(mutations.map((m) => m.name).sort());
  });

  it('names only queries the schema has', () => {
    for (const name of Object.keys(QUERY_PERMISSIONS)) expect(queries.map((q) => q.name)).toContain(name);
  });

  it('keeps the roles cumulative: ADMIN ⊇ LEAD ⊇ CONTRIBUTOR ⊇ READER, AUDITOR ⊇ READER', () => {
    const includes = (wider: Role, narrower: Role) => ROLE_PERMISSIONS[narrower].every((p) => allows(wider, p));
    expect([includes('ADMIN', 'LEAD'), includes('LEAD', 'CONTRIBUTOR'), includes('CONTRIBUTOR', 'READER')]).toEqual([true, true, true]);
    expect([includes('AUDITOR', 'READER'), includes('ADMIN', 'AUDITOR')]).toEqual([true, true]);
    expect(ROLE_PERMISSIONS.AUDITOR).not.toContain(ROOT_DEFAULTS.Mutation);
  });
});

describe.each(ROLES)('%s', (role) => {
  const as = () => api.as({ roles: [role], sub: `matrix-${role.toLowerCase()}` });

  it('may call exactly the mutations the table allows, and a refused one appends nothing', async () => {
    const before = await logSize();
    const refusedSeen: string[] = [];
    for (const mutation of mutations.filter((m) => !allows(role, MUTATION_PERMISSIONS[m.name]!))) {
      const { query, variables } = operation('mutation', mutation);
      const response = await as()(query, variables);
      expect(response.errors, mutation.name).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })]);
      expect(response.data).toBeNull();
      refusedSeen.push(mutation.name);
    }
    expect(await logSize()).toBe(before);

    for (const mutation of mutations.filter((m) => !refusedSeen.includes(m.name))) {
      const { query, variables } = operation('mutation', mutation);
      const response = await as()(query, variables);
      expect(forbidden(response), `${mutation.name}: ${JSON.stringify(response.errors)}`).toBe(false);
      expect(response.data?.[mutation.name], mutation.name).toBeTruthy();
    }
  });

  it('may run exactly the queries the table allows', async () => {
    for (const field of queries) {
      const permission = QUERY_PERMISSIONS[field.name as keyof typeof QUERY_PERMISSIONS] ?? ROOT_DEFAULTS.Query;
      const { query, variables } = operation('query', field);
      const response = await as()(query, variables);
      expect(forbidden(response), `${field.name}: ${JSON.stringify(response.errors)}`).toBe(!allows(role, permission));
    }
  });

  it('reads history and audit events only with the audit permission', async () => {
    const [event] = (await api.gql(`{ auditTrail(first: 1) { edges { node { id } } } }`)).data.auditTrail.edges;
    const history = await as()(`{ decisions(first: 1) { edges { node { title history { totalCount edges { node { type actor { id } } } } } } } }`);
    const node = await as()(`query($id: ID!) { node(id: $id) { ... on AuditEvent { type } } }`, { id: event.node.id });
    const expected = !allows(role, 'audit');
    expect([forbidden(history), forbidden(node)]).toEqual([expected, expected]);
    if (!expected) expect(history.data.decisions.edges[0].node.history.edges[0].node.type).toBe('DecisionRecorded');
  });
});

describe('a valid token without any known role', () => {
  it('is FORBIDDEN everywhere, reads included', async () => {
    const nobody = api.as({ roles: [], sub: 'nobody' });
    const before = await logSize();
    const read = await nobody(`{ decisions(first: 1) { totalCount } }`);
    const write = await nobody(RECORD, { input: { title: 't', rationale: 'r' } });
    expect([forbidden(read), forbidden(write)]).toEqual([true, true]);
    expect(write.errors![0]!.message).toMatch(/Mutation\.recordDecision/);
    expect(await logSize()).toBe(before);
  });
});

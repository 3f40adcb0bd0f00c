/**
 * Who may do what: the one permission table of the API. The schema reads it (root type defaults
 * in api/builder.ts, exceptions through `queryRequires` / `mutationRequires`, audit types through
 * TYPE_PERMISSIONS); test/api/role-matrix.test.ts tries every root field with every role against
 * it, so a mutation without an entry here fails the tests.
 */

export const ROLES = ['READER', 'CONTRIBUTOR', 'LEAD', 'AUDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Permissions are the scope-auth scopes of the schema. */
export const PERMISSIONS = ['read', 'contribute', 'lead', 'audit', 'administer'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Roles are cumulative: ADMIN ⊇ LEAD ⊇ CONTRIBUTOR ⊇ READER, and AUDITOR ⊇ READER. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  READER: ['read'],
  CONTRIBUTOR: ['read', 'contribute'],
  LEAD: ['read', 'contribute', 'lead'],
  AUDITOR: ['read', 'audit'],
  ADMIN: ['read', 'contribute', 'lead', 'audit', 'administer'],
};

/** What a field of Query or Mutation needs unless `QUERY_PERMISSIONS` / `MUTATION_PERMISSIONS` say otherwise. */
export const ROOT_DEFAULTS = { Query: 'read', Mutation: 'lead' } as const satisfies Record<string, Permission>;

/** Queries that need more than `read`: the audit trail and integrity verification. */
export const QUERY_PERMISSIONS = {
  auditTrail: 'audit',
  verifyIntegrity: 'audit',
} as const satisfies Record<string, Permission>;

/** Every mutation, listed explicitly. */
export const MUTATION_PERMISSIONS = {
  checkInKeyResult: 'contribute',
  reportAllocation: 'contribute',

  recordDecision: 'lead',
  reviseDecision: 'lead',
  changeDecisionStatus: 'lead',
  supersedeDecision: 'lead',
  setObjective: 'lead',
  reviseObjective: 'lead',
  closeObjective: 'lead',
  defineKeyResult: 'lead',
  reviseKeyResultTarget: 'lead',
  gradeKeyResult: 'lead',
  setAllocationTarget: 'lead',
  noteTradeoff: 'lead',
  reviseTradeoff: 'lead',
  revisitTradeoff: 'lead',
  createInitiative: 'lead',
  reviseInitiative: 'lead',
  scoreInitiative: 'lead',
  changeInitiativeStatus: 'lead',
  reprioritize: 'lead',
  removeFromPriorities: 'lead',

  defineTeam: 'administer',
  reviseTeam: 'administer',
} as const satisfies Record<string, Permission>;

/**
 * Types every field of which needs a permission, wherever they are reached: audit events through
 * `auditTrail`, every record's `history`, `PriorityChange.auditEvent` and `node(id:)`.
 */
export const TYPE_PERMISSIONS = {
  AuditEvent: 'audit',
  AuditEventConnection: 'audit',
} as const satisfies Record<string, Permission>;

export const permissionsOf = (roles: readonly Role[]): ReadonlySet<Permission> =>
  new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));

/** The scope map requiring one permission. */
export const scopeFor = (permission: Permission) => ({ [permission]: true }) as { [P in Permission]?: true };

/** Field options for a root field whose permission differs from its type's default. */
const override = (permission: Permission) => ({ authScopes: scopeFor(permission), skipTypeScopes: true });
export const queryRequires = (field: keyof typeof QUERY_PERMISSIONS) => override(QUERY_PERMISSIONS[field]);
export const mutationRequires = (field: keyof typeof MUTATION_PERMISSIONS) => override(MUTATION_PERMISSIONS[field]);

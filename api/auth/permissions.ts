/**
 * Who may do what. Roles, the permissions they grant, the root type defaults (api/builder.ts),
 * the queries that need more than `read`, and the audit types are here; each mutation declares
 * its own permission where it is defined (api/mutation.ts), and MUTATION_PERMISSIONS collects
 * them. test/api/role-matrix.test.ts tries every root field with every role against these.
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
  webhooks: 'administer',
} as const satisfies Record<string, Permission>;

/** The permission of every mutation, as each declares it (api/mutation.ts). */
export const MUTATION_PERMISSIONS: Record<string, Permission> = {};

/**
 * Types every field of which needs a permission, wherever they are reached: audit events through
 * `auditTrail`, every record's `history`, `PriorityChange.auditEvent` and `node(id:)`.
 */
export const TYPE_PERMISSIONS = {
  AuditEvent: 'audit',
  AuditEventConnection: 'audit',
  Webhook: 'administer',
} as const satisfies Record<string, Permission>;

export const permissionsOf = (roles: readonly Role[]): ReadonlySet<Permission> =>
  new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));

/** The scope map requiring one permission. */
export const scopeFor = (permission: Permission) => ({ [permission]: true }) as { [P in Permission]?: true };

/** Field options for a root field whose permission differs from its type's default. */
const override = (permission: Permission) => ({ authScopes: scopeFor(permission), skipTypeScopes: true });
export const queryRequires = (field: keyof typeof QUERY_PERMISSIONS) => override(QUERY_PERMISSIONS[field]);
export function mutationRequires(field: string, permission: Permission) {
  if (MUTATION_PERMISSIONS[field]) throw new Error(`mutation ${field} declared twice`);
  MUTATION_PERMISSIONS[field] = permission;
  return override(permission);
}

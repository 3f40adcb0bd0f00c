/** GraphQL documents for the decision operations, shared by the API tests. */

export const DECISION_FIELDS = `id version title context chosenOption rationale consequences owner tags status
  options { title pros cons } createdAt updatedAt supersededBy { id } supersedes { id }`;

export const RECORD = `mutation($input: RecordDecisionInput!) {
  recordDecision(input: $input) { decision { ${DECISION_FIELDS} } userErrors { code field message } }
}`;

export const REVISE = `mutation($input: ReviseDecisionInput!) {
  reviseDecision(input: $input) { decision { ${DECISION_FIELDS} } userErrors { code field message } }
}`;

export const CHANGE_STATUS = `mutation($input: ChangeDecisionStatusInput!) {
  changeDecisionStatus(input: $input) { decision { ${DECISION_FIELDS} } userErrors { code field message } }
}`;

export const SUPERSEDE = `mutation($input: SupersedeDecisionInput!) {
  supersedeDecision(input: $input) { decision { ${DECISION_FIELDS} } userErrors { code field message } }
}`;

export const AUDIT_TRAIL = `query($first: Int, $after: String) {
  auditTrail(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id position type subjectId version recordedAt actor { id name kind } reason payload hash previousHash idempotencyKey } }
  }
}`;

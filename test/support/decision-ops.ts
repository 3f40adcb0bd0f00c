/** GraphQL documents for the decision operations, shared by the API tests. */

export const DECISION_FIELDS = `id version title context chosenOption rationale consequences owner tags status
  options { title pros cons } createdAt updatedAt supersededBy { id } supersedes { id }`;

const decisionMutation = (field: string, input: string) => `mutation($input: ${input}!) {
  ${field}(input: $input) { decision { ${DECISION_FIELDS} } userErrors { code field message } }
}`;

export const RECORD = decisionMutation('recordDecision', 'RecordDecisionInput');
export const REVISE = decisionMutation('reviseDecision', 'ReviseDecisionInput');
export const CHANGE_STATUS = decisionMutation('changeDecisionStatus', 'ChangeDecisionStatusInput');
export const SUPERSEDE = decisionMutation('supersedeDecision', 'SupersedeDecisionInput');

export const AUDIT_TRAIL = `query($first: Int, $after: String) {
  auditTrail(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id position type subjectId version recordedAt actor { id name kind } reason payload hash previousHash idempotencyKey } }
  }
}`;

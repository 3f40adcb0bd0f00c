/** GraphQL documents for the decision operations, shared by the API tests. */
import { mutationDocument } from './mutations.ts';

export const DECISION_FIELDS = `id version title context chosenOption rationale consequences owner tags status
  options { title pros cons } createdAt updatedAt supersededBy { id } supersedes { id }`;

const decisionMutation = (name: string) => mutationDocument(name, `decision { ${DECISION_FIELDS} }`);

export const RECORD = decisionMutation('recordDecision');
export const REVISE = decisionMutation('reviseDecision');
export const CHANGE_STATUS = decisionMutation('changeDecisionStatus');
export const SUPERSEDE = decisionMutation('supersedeDecision');

export const AUDIT_TRAIL = `query($first: Int, $after: String) {
  auditTrail(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id position type subjectId version recordedAt actor { id name kind } reason payload hash previousHash idempotencyKey } }
  }
}`;

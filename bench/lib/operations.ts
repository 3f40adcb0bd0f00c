/** The GraphQL documents the bench and the load harness send. */

export const RECORD_DECISION = `mutation RecordDecision($input: RecordDecisionInput!) {
  recordDecision(input: $input) { decision { id version } userErrors { code field message } }
}`;

export const REVISE_DECISION = `mutation ReviseDecision($input: ReviseDecisionInput!) {
  reviseDecision(input: $input) { decision { id version } userErrors { code field message } }
}`;

/** A list page as a frontend shows it. */
export const DECISIONS_PAGE = `query DecisionsPage {
  decisions(first: 50) { totalCount edges { node { id version title status owner updatedAt } } }
}`;

export const DECISION_BY_ID = `query Decision($id: ID!) {
  node(id: $id) { id ... on Decision { version title status rationale } }
}`;

/** The ranked list at an instant, with each initiative's score as of then. */
export const PRIORITIES_AS_OF = `query PrioritiesAsOf($asOf: DateTime) {
  priorities(asOf: $asOf) { version asOf entries { rank since initiative { id title } score { score } } }
}`;

/** A new decision like a lead records one: options, a choice, a rationale, tags. */
export function decisionInput(label: string, idempotencyKey?: string): Record<string, unknown> {
  return {
    title: `Adopt ${label} for the checkout event pipeline`,
    context: 'Checkout latency regressed twice this quarter; the team needs a queue in front of the payment provider.',
    options: [
      { title: 'Managed queue', pros: ['no servers to patch', 'scales with traffic'], cons: ['vendor lock-in'] },
      { title: 'Self-hosted broker', pros: ['full control'], cons: ['on-call load', 'upgrades'] },
    ],
    chosenOption: 'Managed queue',
    rationale: 'The team is small and on-call load is the constraint; a managed queue removes a class of incidents.',
    owner: 'Marco Ruiz',
    tags: ['checkout', 'reliability'],
    ...(idempotencyKey && { idempotencyKey }),
  };
}

import { graphql } from './graphql-tag.ts';

/** A mutation that puts the new record at the top of a connection already in the store. */
export const RecordDecision = graphql`
  mutation RecordDecisionMutation($input: RecordDecisionInput!, $connections: [ID!]!) {
    recordDecision(input: $input) {
      decision @prependNode(connections: $connections, edgeTypeName: "DecisionEdge") {
        id
        ...DecisionCard_decision
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

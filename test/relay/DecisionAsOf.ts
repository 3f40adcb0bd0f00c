import { graphql } from './graphql-tag.ts';

/** One record as it stood at an instant: time travel through ledger(asOf:). */
export const DecisionAsOf = graphql`
  query DecisionAsOfQuery($id: ID!, $asOf: DateTime) {
    ledger(asOf: $asOf) {
      node(id: $id) {
        ...DecisionCard_decision @alias(as: "decision")
      }
    }
  }
`;

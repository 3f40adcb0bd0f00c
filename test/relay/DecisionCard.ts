import { graphql } from './graphql-tag.ts';

/** A record type refetched through Query.node: needs node(id: ID!) exactly as the Relay spec has it. */
export const DecisionCard = graphql`
  fragment DecisionCard_decision on Decision @refetchable(queryName: "DecisionCardRefetchQuery") {
    id
    title
    status
    version
  }
`;

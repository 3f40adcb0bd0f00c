import { graphql } from './graphql-tag.ts';

/** A paginated connection on Query, refetchable on Query itself. */
export const DecisionList = graphql`
  fragment DecisionList_query on Query
  @refetchable(queryName: "DecisionListPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" }) {
    decisions(first: $count, after: $cursor) @connection(key: "DecisionList_decisions") {
      __id
      totalCount
      edges {
        node {
          id
          ...DecisionCard_decision
        }
      }
    }
  }
`;

export const DecisionListQuery = graphql`
  query DecisionListQuery {
    ...DecisionList_query
  }
`;

/**
 * Stands in for `graphql` from react-relay: relay-compiler finds operations by this tag in the
 * sources (test/api/relay-compiler.test.ts), and nothing here runs them.
 */
export const graphql = String.raw;

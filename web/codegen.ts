import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations: every operation of the web view lives in a .graphql file next to the page that
 * sends it, is validated against the committed schema.graphql, and becomes a TypedDocumentString
 * (the query text and its result and variable types) in web/src/gql/. `npm run web:codegen`
 * regenerates them; test/web/operations.test.ts fails when they are stale or do not match the schema.
 * Paths are relative to the repository root.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['web/src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
        skipTypename: false,
      },
    },
  },
};

export default config;

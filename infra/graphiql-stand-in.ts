/**
 * What `@graphql-yoga/render-graphiql` resolves to in the Lambda bundle (infra/bundling.ts): the
 * deployed function never serves GraphiQL (NODE_ENV=production turns it off), and the package
 * inlines ~9 MB of GraphiQL's assets. Should someone force GRAPHIQL=true on the function, this
 * page says why there is none instead of failing.
 */
export const renderGraphiQL = (): string =>
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>GraphiQL</title></head>' +
  '<body><p>The deployed function does not serve GraphiQL; run it locally with npm start.</p></body></html>';

import { fileURLToPath } from 'node:url';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { WEB_DIST } from '../web/build.ts';

export const LAMBDA_ENTRY = fileURLToPath(new URL('../api/lambda.ts', import.meta.url));
/** The organisation's single writer (infra/writer.ts). */
export const WRITER_ENTRY = fileURLToPath(new URL('../api/writer-lambda.ts', import.meta.url));

/** What `zod` resolves to in the bundle: zod's API without its message locales (see the file). */
export const ZOD_STAND_IN = fileURLToPath(new URL('./zod-without-locales/index.ts', import.meta.url));
/** What `@aws-sdk/credential-provider-node` resolves to in the bundle: the environment's credentials (see the file). */
export const CREDENTIALS_STAND_IN = fileURLToPath(new URL('./aws-credentials-from-env.ts', import.meta.url));
/** What `@graphql-yoga/render-graphiql` (GraphiQL's inlined assets, ~9 MB) resolves to in the bundle: a page saying it is off. */
export const GRAPHIQL_STAND_IN = fileURLToPath(new URL('./graphiql-stand-in.ts', import.meta.url));

/**
 * esbuild settings for the functions (the API, the writer): one minified ESM file for Node 22, with a source map
 * next to it (not loaded at run time, see the function's NODE_OPTIONS in org-stack.ts).
 *
 * Cold start is what these settings are for (measured with `npm run bench`, see BENCHMARKS.md):
 * - The AWS SDK v3 is bundled, not left to the runtime's copy: the runtime's copy is CommonJS,
 *   and importing it from ESM costs Node's CommonJS loader dozens of files plus its export lexer
 *   (CPU on every cold start); the ESM build of the two packages used, tree-shaken, is smaller
 *   than that work. The SDK version is then the one in package-lock.json, updated by redeploying.
 * - `--charset=utf8` writes non-ASCII text (zod's error message locales) as itself instead of as
 *   `\uXXXX` escapes: a smaller bundle, the same code.
 * - `zod` is aliased to ZOD_STAND_IN, the same API without `z.locales` and `z.core`: esbuild keeps every
 *   export of a namespace used as a value, and zod exports its API as one (`z`), so its 40-odd
 *   message locales were bundled and evaluated on every cold start. English, the
 *   messages the API returns, is registered by zod's classic schemas themselves.
 * - The SDK's default credential provider is aliased to CREDENTIALS_STAND_IN, the environment's
 *   credentials alone, which is what Lambda provides: the rest of the chain and the STS/SSO clients
 *   it brings were a large part of the bundle, parsed though never run, and the built-ins they import
 *   (child_process, dgram) were loaded at import: esbuild hoists the built-in imports of a module the
 *   SDK only imports on demand to the top of the ESM file.
 * - `globalThis.Request` is defined as `undefined`. Its one reader that runs, @whatwg-node/server's
 *   createServerAdapter, only compares yoga's Request (the @whatwg-node/node-fetch ponyfill) with the
 *   global to decide whether to use its own abort controller; the comparison was already always
 *   unequal, but reading Node's global makes Node load undici, which nothing else here
 *   uses (the handler builds its headers without the global `Headers`, see api/lambda.ts).
 *   (The other reader is @whatwg-node/fetch's Deno/Bun/Next.js branch, never taken on Node.)
 * - `@graphql-yoga/render-graphiql` is aliased to GRAPHIQL_STAND_IN: GraphiQL is off in production,
 *   and the package (imported on demand by api/app.ts) would add its ~9 MB of inlined assets.
 * CommonJS dependencies bundled into ESM call `require` for Node built-ins, so the banner defines it.
 */
export const WRITER_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // Not `charset: Charset.UTF8`: this aws-cdk-lib (2.276) accepts that option but never passes it to esbuild.
  esbuildArgs: {
    '--charset': 'utf8',
    '--alias': [`zod=${ZOD_STAND_IN}`, `@aws-sdk/credential-provider-node=${CREDENTIALS_STAND_IN}`, `@graphql-yoga/render-graphiql=${GRAPHIQL_STAND_IN}`],
  },
  define: { 'globalThis.Request': 'undefined' },
  externalModules: [],
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  // Bundle with the esbuild from devDependencies; no Docker.
  forceDockerBundling: false,
};

/** The same settings for the API function, whose asset also carries the web view. */
export const LAMBDA_BUNDLING: BundlingOptions = {
  ...WRITER_BUNDLING,
  // The web view rides along in the asset (web/ next to index.mjs): the function serves it at /
  // (api/web-app.ts), so the stack needs no bucket or distribution. Build it first (ensureWebBuilt).
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => [`cp -R "${WEB_DIST}" "${outputDir}/web"`, `rm -f "${outputDir}/web/.build-hash"`],
  },
};

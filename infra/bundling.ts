import { fileURLToPath } from 'node:url';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

export const LAMBDA_ENTRY = fileURLToPath(new URL('../api/lambda.ts', import.meta.url));

/**
 * esbuild settings for the API function: one minified ESM file for Node 22, with a source map
 * next to it (not loaded at run time, see the function's NODE_OPTIONS in org-stack.ts).
 *
 * Cold start is what these settings are for (measured with `npm run bench`, see BENCHMARKS.md):
 * - The AWS SDK v3 is bundled, not left to the runtime's copy: the runtime's copy is CommonJS,
 *   and importing it from ESM costs Node's CommonJS loader dozens of files plus its export lexer
 *   (~100 ms of CPU per cold start here); the ESM build of the two packages used, tree-shaken,
 *   adds ~280 KB. The SDK version is then the one in package-lock.json, updated by redeploying.
 * - `--charset=utf8` writes non-ASCII text (zod's error message locales) as itself instead of as
 *   `\uXXXX` escapes: ~70 KB smaller, the same code.
 * CommonJS dependencies bundled into ESM call `require` for Node built-ins, so the banner defines it.
 */
export const LAMBDA_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // Not `charset: Charset.UTF8`: this aws-cdk-lib (2.276) accepts that option but never passes it to esbuild.
  esbuildArgs: { '--charset': 'utf8' },
  externalModules: [],
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  // Bundle with the esbuild from devDependencies; no Docker.
  forceDockerBundling: false,
};

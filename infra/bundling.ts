import { fileURLToPath } from 'node:url';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

export const LAMBDA_ENTRY = fileURLToPath(new URL('../api/lambda.ts', import.meta.url));

/**
 * esbuild settings for the API function: one minified ESM file for Node 22 with a source map.
 * The AWS SDK v3 is provided by the Lambda runtime. CommonJS dependencies bundled into ESM
 * call `require` for Node built-ins, so the banner defines it.
 */
export const LAMBDA_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: ['@aws-sdk/*'],
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  // Bundle with the esbuild from devDependencies; no Docker.
  forceDockerBundling: false,
};

import { readFileSync } from 'node:fs';
import { App, type AppProps } from 'aws-cdk-lib';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };

/** Stack tests skip esbuild (the bundle has its own test): no stack is listed for bundling. */
export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** An App with the feature flags and context of cdk.json, as `cdk synth` would create it. */
export const testApp = (context: Record<string, unknown> = {}, props: AppProps = {}): App =>
  new App({ ...props, context: { ...cdkJson.context, ...context } });

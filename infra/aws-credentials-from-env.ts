// Stand-in for `@aws-sdk/credential-provider-node` in the Lambda bundle only (esbuild alias, see
// infra/bundling.ts). Lambda hands a function its role's credentials in the environment
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), which is the first link of the
// SDK's default chain and the one it ends at there. The rest of the chain (SSO, ini files, process,
// web identity, container and instance metadata) is loaded only on demand, but it and the STS,
// SSO and sign-in clients it brings (~140 KB) were bundled and parsed on every cold start.
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';

// Stand-in for `zod` in the Lambda bundle only (esbuild alias, see infra/bundling.ts): zod's classic
// API as `zod` exports it, without the `locales` and `core` namespaces. zod's own entry exports its
// API as a namespace value (`z`), and esbuild keeps every export of a namespace that is used as a
// value, `locales` (40-odd languages) included: ~300 KB of the bundle nothing here calls. English
// messages, the ones the API returns, stay: classic/schemas.js registers `locales/en.js` itself.
import * as z from './external.ts';

export * from './external.ts';
export { z, z as default };

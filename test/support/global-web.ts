import { ensureWebBuilt } from '../../web/build.ts';

/** The web view built once per test run (when missing or stale): the browser, serving and stack tests use web/dist. */
export default async function setup() {
  await ensureWebBuilt((line) => console.log(line));
}

import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** Issuer and audience of development tokens (`npm run token`). */
export const DEV_ISSUER = 'decision-ledger-dev';
export const DEV_AUDIENCE = 'decision-ledger';
export const DEV_ALG = 'ES256';

export const devKeyFile = (dataDir: string): string => join(dataDir, 'dev-jwk.json');

/**
 * The development signing key (a private JWK) in `file`, created on first use. Whoever can read
 * the file can mint tokens: it exists only for local development and is ignored in production.
 */
export async function loadOrCreateDevKey(file: string): Promise<JWK> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = await generateKeyPair(DEV_ALG, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: DEV_ALG, kid: `dev-${Date.now().toString(36)}` };
  await mkdir(dirname(file), { recursive: true });
  // Written aside, then linked into place: when the server and the token CLI race, the first
  // complete key wins and nobody reads a half-written file.
  const draft = `${file}.${process.pid}.tmp`;
  await writeFile(draft, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
  try {
    await link(draft, file);
    return jwk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(await readFile(file, 'utf8')) as JWK;
  } finally {
    await rm(draft, { force: true });
  }
}

/** The public half of the (elliptic-curve) development key. */
export function publicJwk(jwk: JWK): JWK {
  const { d: _d, ...rest } = jwk;
  return rest;
}

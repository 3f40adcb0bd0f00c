/**
 * Builds the web view into web/dist when it is missing or older than its sources: `npm start`, the
 * tests (test/support/global-web.ts) and `cdk synth` call ensureWebBuilt(), so `npm install && npm
 * start` stays the only set-up and web/dist is never committed. `npm run web:build` forces a build.
 *
 * "Older" is by content: a hash of every file the build reads (sources, index.html, the Vite config
 * and the lock file) is kept in web/dist/.build-hash. The build goes to a fresh folder that replaces
 * web/dist only when complete, under a lock, so two processes never serve or pack half a build.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('.', import.meta.url));
export const WEB_DIST = join(WEB_DIR, 'dist');
const ROOT = join(WEB_DIR, '..');
const HASH_FILE = '.build-hash';
const LOCK = join(WEB_DIR, '.build-lock');
const LOCK_STALE_MS = 5 * 60_000;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** A hash of everything the build reads. */
export function sourceHash(): string {
  const inputs = [
    ...filesUnder(join(WEB_DIR, 'src')),
    join(WEB_DIR, 'index.html'),
    join(WEB_DIR, 'vite.config.ts'),
    join(ROOT, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of inputs) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

export function builtHash(): string | null {
  const file = join(WEB_DIST, HASH_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

async function withLock<T>(run: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A process that died while building leaves the lock behind.
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await run();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds web/dist now (a production build), whatever is there. */
export async function buildWeb(hash = sourceHash()): Promise<void> {
  const { build } = await import('vite');
  const outDir = join(WEB_DIR, `dist.building-${process.pid}`);
  rmSync(outDir, { recursive: true, force: true });
  await build({ configFile: join(WEB_DIR, 'vite.config.ts'), build: { outDir }, logLevel: 'warn' });
  writeFileSync(join(outDir, HASH_FILE), `${hash}\n`);
  rmSync(WEB_DIST, { recursive: true, force: true });
  renameSync(outDir, WEB_DIST);
}

/** Builds web/dist unless it was built from the sources as they are; returns whether it built. */
export async function ensureWebBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  const hash = sourceHash();
  if (builtHash() === hash) return false;
  return withLock(async () => {
    if (builtHash() === hash) return false;
    const started = performance.now();
    log(existsSync(WEB_DIST) ? 'The web view changed since it was built: building it again' : 'Building the web view (once)');
    await buildWeb(hash);
    log(`Built the web view into ${relative(process.cwd(), WEB_DIST) || WEB_DIST} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return true;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const force = process.argv.includes('--force');
  const run = force ? withLock(() => buildWeb()).then(() => true) : ensureWebBuilt(console.log);
  run.then(
    (built) => {
      if (!built) console.log('The web view is up to date (web/dist); --force builds it anyway');
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

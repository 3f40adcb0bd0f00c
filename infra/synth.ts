import { spawnSync } from 'node:child_process';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { formatBytes, lambdaBundles } from './assets.ts';

// npm run synth -- -c org=acme : `cdk synth` (offline, local esbuild), then the size of each Lambda bundle.
const OUTDIR = 'cdk.out';
const synth = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', OUTDIR, ...process.argv.slice(2)], { stdio: 'inherit' });
if (synth.status !== 0) process.exit(synth.status ?? 1);

for (const bundle of lambdaBundles(new CloudAssembly(OUTDIR))) {
  console.log(`${bundle.stackName}: Lambda bundle ${formatBytes(bundle.codeBytes)} (${formatBytes(bundle.totalBytes)} with source map) in ${bundle.dir}`);
}

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AssetManifestArtifact, type CloudAssembly } from 'aws-cdk-lib/cx-api';

export interface LambdaBundle {
  stackName: string;
  /** Directory of the bundled asset in the cloud assembly. */
  dir: string;
  /** The bundled code (index.mjs), without the source map. */
  codeBytes: number;
  /** Everything that goes into the zip, source map included. */
  totalBytes: number;
}

/** The directory assets (Lambda bundles) of every stack in a synthesized cloud assembly. */
export function lambdaBundles(assembly: CloudAssembly): LambdaBundle[] {
  return assembly.stacks.flatMap((stack) =>
    stack.dependencies
      .filter(AssetManifestArtifact.isAssetManifestArtifact)
      .flatMap((manifest) => Object.values(manifest.contents.files ?? {}))
      .filter((file) => file.source.packaging === 'zip' && file.source.path)
      .map((file) => {
        const dir = join(assembly.directory, file.source.path!);
        const sizes = readdirSync(dir).map((entry) => ({ entry, bytes: statSync(join(dir, entry)).size }));
        return {
          stackName: stack.stackName,
          dir,
          codeBytes: sizes.find((size) => size.entry === 'index.mjs')?.bytes ?? 0,
          totalBytes: sizes.reduce((sum, size) => sum + size.bytes, 0),
        };
      }),
  );
}

export const formatBytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AssetManifestArtifact, type CloudAssembly } from 'aws-cdk-lib/cx-api';

export interface LambdaBundle {
  stackName: string;
  /** The asset's hash: a function's `Code.S3Key` is `<hash>.zip`. */
  hash: string;
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
      .flatMap((manifest) => Object.entries(manifest.contents.files ?? {}))
      .filter(([, file]) => file.source.packaging === 'zip' && file.source.path)
      .map(([hash, file]) => {
        const dir = join(assembly.directory, file.source.path!);
        const sizes = readdirSync(dir).map((entry) => ({ entry, bytes: statSync(join(dir, entry)).size }));
        return {
          stackName: stack.stackName,
          hash,
          dir,
          codeBytes: sizes.find((size) => size.entry === 'index.mjs')?.bytes ?? 0,
          totalBytes: sizes.reduce((sum, size) => sum + size.bytes, 0),
        };
      }),
  );
}

/**
 * The bundle and environment of the function whose logical id starts with `idPrefix` (e.g.
 * 'GraphqlFunction', 'WriterFunction'), from the synthesized `template` of `bundles`' stack.
 */
export function functionBundle(
  bundles: LambdaBundle[],
  template: { Resources?: Record<string, { Type: string; Properties?: Record<string, any> }> },
  idPrefix: string,
): LambdaBundle & { logicalId: string; environment: Record<string, unknown> } {
  const [logicalId, fn] = Object.entries(template.Resources ?? {}).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(idPrefix)) ?? [];
  const bundle = bundles.find((b) => fn?.Properties?.Code?.S3Key === `${b.hash}.zip`);
  if (!logicalId || !bundle) throw new Error(`no bundled function ${idPrefix}* in the stack`);
  return { ...bundle, logicalId, environment: fn!.Properties!.Environment?.Variables ?? {} };
}

export const formatBytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/**
 * Typed operations: every operation of the web view lives in a .graphql file next to the page that
 * sends it, is validated against the committed schema.graphql, and becomes a TypedDocumentString
 * (the query text and its result and variable types) in web/src/gql/. `npm run web:codegen`
 * regenerates them; test/web/codegen.test.ts fails when they are stale or do not match the schema.
 *
 * GraphQL Code Generator's client preset run through @graphql-codegen/core, as its CLI does, but
 * without the CLI: that brings loaders for URLs, GitHub and Apollo Studio and a task runner that
 * want Node 22, for files this project reads with readFileSync.
 */
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { codegen } from '@graphql-codegen/core';
import { preset } from '@graphql-codegen/client-preset';
import { buildSchema, lexicographicSortSchema, parse, print, printSchema, stripIgnoredCharacters } from 'graphql';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SCHEMA_FILE = join(ROOT, 'schema.graphql');
/** Where the typed operations go (relative to the repository root). */
export const OUTPUT_DIR = 'web/src/gql/';

/** The operations of the web view: every .graphql file under web/src. */
export function operationFiles(dir = join(ROOT, 'web/src')): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? operationFiles(join(dir, entry.name)) : entry.name.endsWith('.graphql') ? [join(dir, entry.name)] : []))
    .sort();
}

/** The preset's settings: string documents (no graphql-tag at run time), enums as string unions. */
const CONFIG = {
  documentMode: 'string',
  enumsAsTypes: true,
  useTypeImports: true,
  strictScalars: true,
  scalars: { DateTime: 'string', JSON: 'unknown' },
  skipTypename: false,
  emitLegacyCommonJSImports: true,
  importExtension: '',
};

/**
 * The files of web/src/gql/ as the operations and the schema make them now (filenames relative to
 * the repository root). Rejects when an operation does not match the schema.
 */
export async function generateOperations(documentFiles = operationFiles(), outputDir = OUTPUT_DIR): Promise<{ filename: string; content: string }[]> {
  if (documentFiles.length === 0) throw new Error('No GraphQL operations under web/src');
  // Sorted as the CLI's loader sorts it, so the generated types keep their order.
  const schemaAst = lexicographicSortSchema(buildSchema(readFileSync(SCHEMA_FILE, 'utf8')));
  const documents: Parameters<typeof preset.buildGeneratesSection>[0]['documents'] = documentFiles.map((file) => {
    const document = parse(readFileSync(file, 'utf8'));
    // As the CLI's file loader gives it: printed, without comments.
    return { location: relative(ROOT, file), document, rawSDL: print(document) };
  });
  const outputs = await preset.buildGeneratesSection({
    baseOutputDir: outputDir,
    presetConfig: { fragmentMasking: false },
    plugins: [],
    schema: parse(printSchema(schemaAst)),
    schemaAst,
    documents,
    config: CONFIG,
    pluginMap: {},
    pluginContext: {},
    documentTransforms: [],
  });
  return Promise.all(
    outputs.map(async (output) => ({ filename: output.filename, content: compactDocuments(await codegen({ ...output, emitLegacyCommonJSImports: true })) })),
  );
}

/**
 * Each document the page sends, as GraphQL's own stripIgnoredCharacters prints it: one line
 * instead of the preset's indented copy of the .graphql file, so the bundle and every request carry
 * no indentation, and the source of an operation is written once (its .graphql file).
 */
function compactDocuments(content: string): string {
  return content.replace(/new TypedDocumentString\(`([^`]*)`/g, (_match, document: string) => `new TypedDocumentString(\`${stripIgnoredCharacters(document)}\``);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const file of await generateOperations()) {
    const path = join(ROOT, file.filename);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
    console.log(`wrote ${file.filename}`);
  }
}

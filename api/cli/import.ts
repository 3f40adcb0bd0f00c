/**
 * `npm run import -- <kind> <file.csv|file.ndjson> [--dry-run] [--partial] [--url <graphql url>]`
 *
 * Through the API: in this process by default (the same app `npm start` serves, over its own
 * connection to the table, like `npm run seed`), or over HTTP with --url and IMPORT_TOKEN.
 * See the README's "Bulk import".
 */
import { parseArgs } from 'node:util';
import { connectLedger, runIfMain } from '../../events/cli/connect.ts';
import { createDocumentClient } from '../../events/dynamodb/client.ts';
import { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import { ensureTable } from '../../events/dynamodb/tables.ts';
import { createEventRegistry } from '../../domain/registry.ts';
import { createApp } from '../app.ts';
import { configFromEnv, type AppConfig } from '../config.ts';
import { loadOrCreateDevKey } from '../auth/dev-key.ts';
import { mintToken } from '../auth/mint-token.ts';
import { ImportFileError } from '../import/file.ts';
import { IMPORT_KINDS } from '../import/kinds.ts';
import { formatRowError, runImport, type ImportReport, type ImportTransport } from '../import/importer.ts';
import { httpTransport, inProcessTransport } from '../import/transport.ts';
import { progressLine } from '../import/progress.ts';

const USAGE = `Usage: npm run import -- <kind> <file.csv|file.ndjson> [--dry-run] [--partial] [--url <graphql url>] [--concurrency 32] [--sub importer]

Kinds: ${IMPORT_KINDS.map((k) => k.name).join(', ')}. Every row is validated before anything is
written; without --partial one invalid row means nothing is written. Re-running a file writes
nothing new (one idempotency key per row, from the file name and the row).
With --url the rows go over HTTP to a running API with the token in IMPORT_TOKEN; without it,
to the API in this process (the ledger \`npm run seed\` would use), as --sub with role ADMIN.`;

const MAX_SHOWN_ERRORS = 50;

function printReport(report: ImportReport): void {
  for (const error of report.errors.slice(0, MAX_SHOWN_ERRORS)) console.error(`${report.file}: ${formatRowError(error)}`);
  if (report.errors.length > MAX_SHOWN_ERRORS) console.error(`... and ${report.errors.length - MAX_SHOWN_ERRORS} more errors`);
  const rate = report.seconds > 0 ? Math.round(report.accepted / report.seconds) : 0;
  if (report.dryRun) console.log(`Dry run: ${report.valid} of ${report.rows} ${report.kind} rows valid, ${report.errors.length} errors; nothing written`);
  else if (!report.wrote) console.log(`Nothing written: ${report.errors.length} errors in ${report.rows} rows (fix them, or --partial to write the ${report.valid} valid rows)`);
  else console.log(`${report.accepted} of ${report.rows} ${report.kind} rows accepted (${report.appended} new events, ${rate} rows/s), ${report.errors.length} errors`);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      partial: { type: 'boolean', default: false },
      url: { type: 'string' },
      concurrency: { type: 'string', default: '32' },
      sub: { type: 'string', default: 'importer' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 2) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 1;
    return;
  }
  const [kind, file] = positionals as [string, string];
  let transport: ImportTransport;
  let close = async () => {};
  if (values.url) {
    const token = process.env.IMPORT_TOKEN;
    if (!token) throw new Error('--url needs a bearer token in IMPORT_TOKEN (npm run token -- --role ADMIN --sub importer for a local server)');
    transport = httpTransport(values.url, async () => `Bearer ${token}`);
  } else {
    const ledger = await connectLedger();
    const env = configFromEnv();
    const config: AppConfig = { ...env, tableName: ledger.tableName, dynamo: { ...env.dynamo, ...ledger.connection } };
    if (config.auth.keys.kind !== 'dev-key') throw new Error('This API trusts another issuer (JWT_JWKS_URL or JWT_PUBLIC_JWK is set): use --url with IMPORT_TOKEN');
    const dynamo = createDocumentClient(config.dynamo);
    await ensureTable(dynamo, config.tableName);
    const store = new DynamoEventStore({ client: dynamo, tableName: config.tableName, registry: createEventRegistry() });
    const app = createApp(config, { store, registerPeople: false }); // the importer is a tool, not a person
    const keyFile = config.auth.keys.file;
    const token = loadOrCreateDevKey(keyFile).then((jwk) =>
      mintToken(jwk, { sub: values.sub!, name: 'Bulk import', roles: ['ADMIN'], org: config.auth.org, expiresIn: '12h' }),
    );
    transport = inProcessTransport(app, async () => `Bearer ${await token}`);
    close = async () => {
      dynamo.destroy();
      await ledger.close();
    };
  }
  try {
    const progress = progressLine(process.stderr);
    const report = await runImport({
      kind,
      file,
      dryRun: values['dry-run'],
      partial: values.partial,
      transport,
      concurrency: Number(values.concurrency) || 32,
      onProgress: progress.update,
    });
    progress.end();
    printReport(report);
    if (report.errors.length) process.exitCode = 1;
  } catch (error) {
    if (error instanceof ImportFileError) {
      console.error(`${file}: ${error.code}: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  } finally {
    await close();
  }
}

runIfMain(import.meta.url, main);

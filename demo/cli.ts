/**
 * `npm run seed`: fills a ledger with the demo of demo/data (the previous quarter in full, the
 * current one up to today) through the real GraphQL API in this process. See demo/seed-ledger.ts.
 */
import { connectLedger, runIfMain } from '../events/cli/connect.ts';
import { createDocumentClient } from '../events/dynamodb/client.ts';
import { ensureTable } from '../events/dynamodb/tables.ts';
import { configFromEnv, type AppConfig } from '../api/config.ts';
import { inProcessClient } from './client.ts';
import { formatReport, seedLedger } from './seed-ledger.ts';

async function main(): Promise<void> {
  const ledger = await connectLedger();
  const env = configFromEnv();
  const config: AppConfig = { ...env, tableName: ledger.tableName, dynamo: { ...env.dynamo, ...ledger.connection } };
  const tables = createDocumentClient(config.dynamo);
  const api = inProcessClient(config);
  try {
    await ensureTable(tables, config.tableName);
    console.log(`Seeding table ${config.tableName}${config.dynamo.endpoint ? ` on ${config.dynamo.endpoint}` : ''}`);
    const report = await seedLedger(api.client, { clock: api.clock, evaluateAlerts: api.evaluateAlerts, log: (line) => console.log(`  ${line}`) });
    console.log(formatReport(report, `http://localhost:${process.env.PORT || 4000}/graphql`));
  } finally {
    api.close();
    tables.destroy();
    await ledger.close();
  }
}

runIfMain(import.meta.url, main);

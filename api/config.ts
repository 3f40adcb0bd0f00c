import type { DynamoConnection } from '../events/dynamodb/client.ts';
import { authConfigFromEnv, type AuthConfig } from './auth/auth-config.ts';

export interface AppConfig {
  /** Name of the events table. */
  tableName: string;
  /**
   * Disposable table of snapshots for cold starts (SNAPSHOTS_TABLE): chunks of the log
   * (events/snapshotted-store.ts) and the folded views every `viewsEvery` events (api/view-snapshots.ts,
   * VIEW_SNAPSHOT_EVERY, default 10 000; 0: no view snapshots), their tables of records in chunks of
   * `viewTableChunk` (VIEW_SNAPSHOT_TABLE_CHUNK, default 512) read when first needed; null: none.
   */
  snapshots: { tableName: string; chunkEvents: number; viewsEvery?: number; viewTableChunk?: number } | null;
  dynamo: DynamoConnection;
  /** Events the API holds in memory at most, the newest (LOG_CACHE_EVENTS, default 100 000); older ones are read from the table on demand. */
  logCacheEvents: number;
  /**
   * Where appends go when this process is not its organisation's writer (events/writer/): an HTTP
   * writer (WRITER_URL) or a writer Lambda function (WRITER_FUNCTION); null: this process writes.
   */
  writer: { url: string } | { functionName: string } | null;
  /** NODE_ENV=production: no development key, no field suggestions, no CORS (API Gateway owns it). */
  production: boolean;
  /** Serve GraphiQL (development only). */
  graphiql: boolean;
  /** Who may call: bearer tokens and the keys that sign them. */
  auth: AuthConfig;
  /** Table of webhook delivery state and secrets (DELIVERY_TABLE); null: none. */
  deliveryTable: string | null;
  /** Where people open the ledger (PUBLIC_URL), for links in SLACK messages; null: no links. */
  publicUrl: string | null;
}

const DEFAULT_TABLE = 'decision-ledger-events';

/** Where the events table is (EVENTS_TABLE, DYNAMODB_*): all the organisation's writer needs, no auth settings. */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<AppConfig, 'tableName' | 'dynamo'> {
  const timeout = env.DYNAMODB_TIMEOUT_MS ? Number(env.DYNAMODB_TIMEOUT_MS) : undefined;
  return {
    tableName: env.EVENTS_TABLE || DEFAULT_TABLE,
    dynamo: {
      endpoint: env.DYNAMODB_ENDPOINT || undefined,
      region: env.AWS_REGION || undefined,
      requestTimeoutMs: Number.isFinite(timeout) ? timeout : undefined,
    },
  };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  return {
    ...storeConfigFromEnv(env),
    snapshots: env.SNAPSHOTS_TABLE
      ? {
          tableName: env.SNAPSHOTS_TABLE,
          chunkEvents: positiveInt(env.SNAPSHOT_CHUNK_EVENTS) ?? 5000,
          viewsEvery: env.VIEW_SNAPSHOT_EVERY === '0' ? 0 : (positiveInt(env.VIEW_SNAPSHOT_EVERY) ?? 10_000),
          viewTableChunk: positiveInt(env.VIEW_SNAPSHOT_TABLE_CHUNK),
        }
      : null,
    logCacheEvents: positiveInt(env.LOG_CACHE_EVENTS) ?? 100_000,
    writer: env.WRITER_URL ? { url: env.WRITER_URL } : env.WRITER_FUNCTION ? { functionName: env.WRITER_FUNCTION } : null,
    production,
    graphiql: env.GRAPHIQL ? env.GRAPHIQL === 'true' : !production,
    auth: authConfigFromEnv(env, production),
    deliveryTable: env.DELIVERY_TABLE || null,
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null,
  };
}

function positiveInt(text: string | undefined): number | undefined {
  const value = Number(text);
  return text && Number.isInteger(value) && value > 0 ? value : undefined;
}

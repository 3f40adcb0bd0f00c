import type { DynamoConnection } from '../events/dynamodb/client.ts';
import { authConfigFromEnv, type AuthConfig } from './auth/auth-config.ts';

export interface AppConfig {
  /** Name of the events table. */
  tableName: string;
  dynamo: DynamoConnection;
  /** NODE_ENV=production: no development key, no field suggestions, no CORS (API Gateway owns it). */
  production: boolean;
  /** Serve GraphiQL (development only). */
  graphiql: boolean;
  /** Who may call: bearer tokens and the keys that sign them. */
  auth: AuthConfig;
}

const DEFAULT_TABLE = 'decision-ledger-events';

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const timeout = env.DYNAMODB_TIMEOUT_MS ? Number(env.DYNAMODB_TIMEOUT_MS) : undefined;
  return {
    tableName: env.EVENTS_TABLE || DEFAULT_TABLE,
    dynamo: {
      endpoint: env.DYNAMODB_ENDPOINT || undefined,
      region: env.AWS_REGION || undefined,
      requestTimeoutMs: Number.isFinite(timeout) ? timeout : undefined,
    },
    production,
    graphiql: env.GRAPHIQL ? env.GRAPHIQL === 'true' : !production,
    auth: authConfigFromEnv(env, production),
  };
}

import type { Actor } from '../events/envelope.ts';
import type { DynamoConnection } from '../events/dynamodb/client.ts';

export interface AppConfig {
  /** Name of the events table. */
  tableName: string;
  dynamo: DynamoConnection;
  /** Serve GraphiQL (development only). */
  graphiql: boolean;
  /** Actor recorded on events until authentication exists: a development identity. */
  devActor: Actor;
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
    graphiql: env.GRAPHIQL ? env.GRAPHIQL === 'true' : !production,
    devActor: {
      id: env.DEV_ACTOR_ID || 'dev',
      name: env.DEV_ACTOR_NAME || 'Local developer',
      kind: 'HUMAN',
    },
  };
}

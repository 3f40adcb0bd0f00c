import { createDocumentClient } from '../events/dynamodb/client.ts';
import { DynamoEventStore } from '../events/dynamodb/dynamo-event-store.ts';
import { createEventRegistry } from '../domain/registry.ts';
import { createApp } from '../api/app.ts';
import { loadOrCreateDevKey } from '../api/auth/dev-key.ts';
import { mintToken } from '../api/auth/mint-token.ts';
import type { AppConfig } from '../api/config.ts';
import type { Persona } from './data/people.ts';
import { SeedError } from './seed-error.ts';
import { StoryClock } from './story-clock.ts';

/** Sends one GraphQL operation as a persona; returns `data`, throws on GraphQL errors. */
export type GraphQLClient = (persona: Persona, query: string, variables?: Record<string, unknown>) => Promise<Record<string, any>>;

/**
 * The one place requests get their credentials: a development token per persona (its id as the
 * subject, its role), signed with the key in the data folder that the API trusts locally.
 */
export function authHeaders(config: AppConfig): (persona: Persona) => Promise<Record<string, string>> {
  const { keys, org } = config.auth;
  if (keys.kind !== 'dev-key') {
    throw new SeedError(
      'The seed signs development tokens with the key in the data folder, but this API trusts another issuer ' +
        '(JWT_JWKS_URL or JWT_PUBLIC_JWK is set): seed a local ledger instead.',
    );
  }
  const signingKey = loadOrCreateDevKey(keys.file);
  const tokens = new Map<string, Promise<string>>();
  return async (persona) => {
    let token = tokens.get(persona.id);
    if (!token) {
      const request = { sub: persona.id, name: persona.name, roles: [persona.role], org, expiresIn: '1h' };
      token = signingKey.then((jwk) => mintToken(jwk, request));
      tokens.set(persona.id, token);
    }
    return { authorization: `Bearer ${await token}` };
  };
}

/**
 * The API in this process (the same app `npm start` serves), over its own connection to the table
 * and its own store, whose clock (`clock`) only the seed sets.
 */
export function inProcessClient(config: AppConfig): { client: GraphQLClient; clock: StoryClock; evaluateAlerts: () => Promise<unknown>; close(): void } {
  const headersFor = authHeaders(config);
  const dynamo = createDocumentClient(config.dynamo);
  let clock: StoryClock | null = null;
  const store = new DynamoEventStore({ client: dynamo, tableName: config.tableName, registry: createEventRegistry(), now: () => clock!.now() });
  clock = new StoryClock(store, { production: config.production });
  // The seed runs the alert evaluator itself, at the story's times (demo/seed-ledger.ts), not after each append.
  const { yoga, alerts } = createApp(config, { store, registerPeople: false, alertsAfterAppends: false, clock: () => clock!.now() });
  const client: GraphQLClient = async (persona, query, variables) => {
    const response = await yoga.fetch('http://seed.local/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(await headersFor(persona)) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, any>; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) {
      throw new Error(`GraphQL request failed (HTTP ${response.status}): ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
    }
    return body.data;
  };
  return { client, clock, evaluateAlerts: () => alerts.run(), close: () => dynamo.destroy() };
}

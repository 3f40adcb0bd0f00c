import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { EventStore } from '../events/store.ts';
import { createAuthentication } from './auth/authentication.ts';
import { createTokenVerifier } from './auth/verify-token.ts';
import type { AppConfig } from './config.ts';
import type { ApiContext } from './context.ts';
import { createEventStore } from './event-store.ts';
import { errorCodesPlugin } from './hardening/error-codes.ts';
import { bodyLimit, hardeningPlugins, LIMITS, responseSizePlugin } from './hardening/limits.ts';
import { TimeTravel, ledgerPositionsPlugin } from './point-in-time.ts';
import { createReadModels, type LiveReadModels } from './read-models.ts';
import { toGraphQLError } from './run-command.ts';
import { schema } from './schema/index.ts';
import { PersonRegistration } from './person-registration.ts';
import type { RecordedEvent } from '../events/envelope.ts';
import { AlertRunner } from './alert-runner.ts';

export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, ApiContext>;
  store: EventStore;
  readModels: LiveReadModels;
  /** The app's present (`options.clock`, else the system clock). */
  clock: () => Date;
  /** The alert evaluator's runner: runs after appends by itself; `run()` for the schedule. */
  alerts: AlertRunner;
}

export interface AppOptions {
  store?: EventStore;
  /** The app's clock: what "now" is for due work and alerts (tests move it; give the store the same one). */
  clock?: () => Date;
  /**
   * Whether a human's first write registers them as a person (api/person-registration.ts); on
   * unless turned off (tests that count a log's events exactly, the demo, which defines its people).
   */
  registerPeople?: boolean;
}

const EXAMPLE_QUERY = `# Every request needs a bearer token. Mint one for local development with
#   npm run token -- --role ADMIN --sub you
# and put it in the Headers tab below: {"Authorization": "Bearer <token>"}
# Roles: READER, CONTRIBUTOR, LEAD, AUDITOR, ADMIN; history and the audit trail need AUDITOR or ADMIN.
#
# Record a decision, then read it back with its history.
mutation Record {
  recordDecision(input: {
    title: "Keep the operating record as an event log"
    rationale: "Auditors can replay why anything changed"
    options: [{ title: "Event log", pros: ["complete history"] }, { title: "CRUD tables", cons: ["history lost"] }]
    chosenOption: "Event log"
  }) {
    decision { id version title status }
    userErrors { code field message }
  }
}

query Decisions {
  decisions(first: 10) {
    totalCount
    edges { node { id version title status history { edges { node { type actor { name } recordedAt reason } } } } }
  }
}
`;

const EXAMPLE_HEADERS = JSON.stringify({ Authorization: 'Bearer <paste the output of: npm run token -- --role ADMIN --sub you>' }, null, 2);

/** The GraphQL API over one events table: the same for the local server and the Lambda handler. */
export function createApp(config: AppConfig, options: AppOptions = {}): App {
  const store = options.store ?? createEventStore(config);
  const clock = options.clock ?? (() => new Date());
  const readModels = createReadModels(store);
  const registration = new PersonRegistration(store, readModels);
  const alerts = new AlertRunner(store, readModels, clock);
  const authentication = createAuthentication(createTokenVerifier(config.auth));

  const yoga = createYoga<Record<string, unknown>, ApiContext>({
    schema,
    graphiql: config.graphiql
      ? { title: 'decision-ledger', defaultQuery: EXAMPLE_QUERY, headers: EXAMPLE_HEADERS, defaultEditorToolsVisibility: 'headers' }
      : false,
    landingPage: false,
    // Checked by bodyLimit (api/hardening/limits.ts) instead, without a stream wrapper per request.
    maxRequestBodySize: false,
    // Credentials are never cookies: no credentialed CORS locally, and API Gateway owns CORS when deployed.
    cors: config.production ? false : { credentials: false },
    // No file uploads: a multipart body is refused as an unsupported media type.
    multipart: false,
    plugins: [authentication.plugin, bodyLimit(LIMITS.bodyBytes), ...hardeningPlugins(config.production), ledgerPositionsPlugin, errorCodesPlugin, responseSizePlugin],
    context: ({ request }): ApiContext => {
      const { actor, roles, email } = authentication.principalOf(request);
      let caughtUp: Promise<LiveReadModels> | null = null;
      const read = () =>
        (caughtUp ??= readModels.log.catchUp().then(
          () => readModels,
          (error) => {
            caughtUp = null;
            throw toGraphQLError(error);
          },
        ));
      return {
        actor,
        roles,
        store,
        read,
        pointInTime: () => read().then((models) => ({ position: models.log.position, asOf: null })),
        timeTravel: new TimeTravel(read),
        appended,
        now: clock,
        registerActor: () => (options.registerPeople === false ? Promise.resolve() : registration.register(actor, email ?? null, appended)),
      };
      function appended(events: RecordedEvent[]) {
        readModels.log.offer(events);
        caughtUp = null;
        // After the answer is on its way: an append may open or clear alerts.
        setImmediate(() => alerts.schedule());
      }
    },
  });
  return { yoga, store, readModels, clock, alerts };
}

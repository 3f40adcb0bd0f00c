import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { EventStore } from '../events/store.ts';
import type { RecordedEvent } from '../events/envelope.ts';
import { createDocumentClient } from '../events/dynamodb/client.ts';
import { DynamoDeliveryStore, type DeliveryStore } from './outbound/delivery-store.ts';
import { createAuthentication } from './auth/authentication.ts';
import { createTokenVerifier } from './auth/verify-token.ts';
import type { AppConfig } from './config.ts';
import type { ApiContext } from './context.ts';
import { createEventStore, viewSnapshotsOf } from './event-store.ts';
import { errorCodesPlugin } from './hardening/error-codes.ts';
import { bodyLimit, hardeningPlugins, LIMITS, responseSizePlugin } from './hardening/limits.ts';
import { TimeTravel, ledgerPositionsPlugin } from './point-in-time.ts';
import { createReadModels, type LiveReadModels } from './read-models.ts';
import { toGraphQLError } from './run-command.ts';
import { schema } from './schema/index.ts';
import { webAppPlugin, type WebAppOptions } from './web-app.ts';
import { PersonRegistration } from './person-registration.ts';
import { AlertRunner } from './alert-runner.ts';
import { alertingEventTypes } from '../domain/alerts/evaluator.ts';
import { createViews } from '../domain/registry.ts';

export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, ApiContext>;
  store: EventStore;
  readModels: LiveReadModels;
  /** Webhook delivery state (null: webhooks can be managed but not delivered by this server). */
  deliveries: DeliveryStore | null;
  /** Called with the events each request of this process appended (the dispatcher and subscriptions listen). */
  onAppended: Set<(events: RecordedEvent[]) => void>;
  /** The app's present (`options.clock`, else the system clock). */
  clock: () => Date;
  /** The alert evaluator's runner: runs after appends by itself; `run()` for the schedule. */
  alerts: AlertRunner;
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

/**
 * GraphiQL's page with its scripts and styles inlined from the package (no CDN: it works offline),
 * loaded on the first request for it. The Lambda bundle aliases the package to a stand-in
 * (infra/bundling.ts): GraphiQL is off in production and its assets are ~9 MB.
 */
const renderGraphiQL = async (options: Parameters<typeof import('@graphql-yoga/render-graphiql').renderGraphiQL>[0]) =>
  (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options);

export interface AppOptions {
  store?: EventStore;
  /** Webhook delivery state (api/outbound/): null or absent where nothing delivers. */
  deliveries?: DeliveryStore | null;
  /** Serve the built web view at / (api/web-app.ts): `npm start` and the browser tests do. */
  web?: WebAppOptions;
  /** The app's clock: what "now" is for due work and alerts (tests move it; give the store the same one). */
  clock?: () => Date;
  /**
   * Whether a human's first write registers them as a person (api/person-registration.ts); on
   * unless turned off (tests that count a log's events exactly, the demo, which defines its people).
   */
  registerPeople?: boolean;
  /**
   * Whether the alert evaluator runs after every append (on unless turned off: the demo seed runs
   * it itself at the story's times instead).
   */
  alertsAfterAppends?: boolean;
}

/** How long an append this process's read models could not take waits for its alert evaluation (see evaluateAfter). */
export const ALERT_CATCH_UP_MS = 1000;

/** The GraphQL API over one events table: the same for the local server and the Lambda handler. */
export function createApp(config: AppConfig, options: AppOptions = {}): App {
  const store = options.store ?? createEventStore(config);
  const deliveries =
    options.deliveries !== undefined
      ? options.deliveries
      : config.deliveryTable
        ? new DynamoDeliveryStore(createDocumentClient(config.dynamo), config.deliveryTable)
        : null;
  const onAppended = new Set<(events: RecordedEvent[]) => void>();
  const clock = options.clock ?? (() => new Date());
  const readModels = createReadModels(store, undefined, { snapshots: viewSnapshotsOf(config), maxEvents: config.logCacheEvents });
  const registration = new PersonRegistration(store, readModels);
  const alerts = new AlertRunner(store, readModels, clock);
  const alerting = alertingEventTypes(createViews());
  const authentication = createAuthentication(createTokenVerifier(config.auth));
  let behind: NodeJS.Timeout | null = null;
  /**
   * After an append of an event the evaluator's views fold (`alerting`; a decision is not one),
   * once the answer is on its way: it may open or clear alerts. When the read
   * models took it (no other process appended in between), the evaluator runs on them at once, with
   * no query. When they could not, each such append would cost this process a feed catch-up that
   * folds every other process's events, and with many API processes that work, repeated in each
   * of them, outweighed the appends themselves (BENCHMARKS.md, 2026-12-07): those appends are
   * evaluated together by one catch-up within ALERT_CATCH_UP_MS instead.
   */
  const evaluateAfter = (position: number | undefined) => {
    if (position !== undefined && readModels.log.position >= position) setImmediate(() => alerts.schedule(position));
    else behind ??= setTimeout(() => {
      behind = null;
      alerts.schedule();
    }, ALERT_CATCH_UP_MS).unref();
  };

  const yoga = createYoga<Record<string, unknown>, ApiContext>({
    schema,
    graphiql: config.graphiql
      ? { title: 'decision-ledger', defaultQuery: EXAMPLE_QUERY, headers: EXAMPLE_HEADERS, defaultEditorToolsVisibility: 'headers' }
      : false,
    renderGraphiQL,
    landingPage: false,
    // Checked by bodyLimit (api/hardening/limits.ts) instead, without a stream wrapper per request.
    maxRequestBodySize: false,
    // Credentials are never cookies: no credentialed CORS locally, and API Gateway owns CORS when deployed.
    cors: config.production ? false : { credentials: false },
    // No file uploads: a multipart body is refused as an unsupported media type.
    multipart: false,
    plugins: [...(options.web ? [webAppPlugin(options.web)] : []), authentication.plugin, bodyLimit(LIMITS.bodyBytes), ...hardeningPlugins(config.production), ledgerPositionsPlugin, errorCodesPlugin, responseSizePlugin],
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
        viewsWaiting: () => readModels.waiting(),
        viewsReady: () => readModels.ready(),
        appended,
        deliveries,
        now: clock,
        registerActor: () => (options.registerPeople === false ? Promise.resolve() : registration.register(actor, email ?? null, appended)),
      };
      function appended(events: RecordedEvent[]) {
        readModels.log.offer(events);
        caughtUp = null;
        for (const listener of onAppended) listener(events);
        if (options.alertsAfterAppends !== false && events.some((event) => alerting.has(event.type))) evaluateAfter(events.at(-1)?.position);
      }
    },
  });
  return { yoga, store, readModels, deliveries, onAppended, clock, alerts };
}

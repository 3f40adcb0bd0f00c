import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { createDocumentClient } from '../events/dynamodb/client.ts';
import { DynamoEventStore } from '../events/dynamodb/dynamo-event-store.ts';
import { createEventRegistry } from '../events/schemas/index.ts';
import type { EventStore } from '../events/store.ts';
import type { AppConfig } from './config.ts';
import type { ApiContext, ReadModels } from './context.ts';
import { createReadModels } from './read-models.ts';
import { toGraphQLError } from './run-command.ts';
import { schema } from './schema/index.ts';

export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, ApiContext>;
  store: EventStore;
  readModels: ReadModels;
}

const EXAMPLE_QUERY = `# Record a decision, then read it back with its history.
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

/** The GraphQL API over one events table: the same for the local server and the Lambda handler. */
export function createApp(config: AppConfig, options: { store?: EventStore } = {}): App {
  const store =
    options.store ??
    new DynamoEventStore({
      client: createDocumentClient(config.dynamo),
      tableName: config.tableName,
      registry: createEventRegistry(),
    });
  const readModels = createReadModels(store);

  const yoga = createYoga<Record<string, unknown>, ApiContext>({
    schema,
    graphiql: config.graphiql ? { title: 'decision-ledger', defaultQuery: EXAMPLE_QUERY } : false,
    landingPage: false,
    context: (): ApiContext => {
      let caughtUp: Promise<ReadModels> | null = null;
      return {
        actor: config.devActor,
        store,
        read: () =>
          (caughtUp ??= readModels.log.catchUp().then(
            () => readModels,
            (error) => {
              caughtUp = null;
              throw toGraphQLError(error);
            },
          )),
        appended: (events) => {
          readModels.log.offer(events);
          caughtUp = null;
        },
      };
    },
  });
  return { yoga, store, readModels };
}

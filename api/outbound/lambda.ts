import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createEventStore } from '../event-store.ts';
import { createReadModels } from '../read-models.ts';
import { createDocumentClient } from '../../events/dynamodb/client.ts';
import { DynamoDeliveryStore } from './delivery-store.ts';
import { Dispatcher } from './dispatcher.ts';
import { EventBridgeBus } from './event-bus.ts';
import { recordLink } from './local.ts';

/**
 * The dispatcher in AWS: invoked by the events table's stream (feed items only: something was
 * appended) and every minute (retries that are due), never twice at once (reserved concurrency
 * 1). Either way it reads the feed from each subscriber's checkpoint, so which records the stream
 * carried does not matter. Logs `webhooksFailing` each run: the FAILING alarm's metric filter.
 */
// Not configFromEnv: the dispatcher verifies no tokens, so it needs none of the API's auth settings.
const env = process.env;
const config = {
  tableName: env.EVENTS_TABLE || 'decision-ledger-events',
  snapshots: null,
  dynamo: { endpoint: env.DYNAMODB_ENDPOINT || undefined, region: env.AWS_REGION || undefined },
  deliveryTable: env.DELIVERY_TABLE || null,
  production: env.NODE_ENV === 'production',
  publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null,
};
const store = createEventStore(config);
const readModels = createReadModels(store);
const org = process.env.ORG ?? 'org';
const bus = process.env.EVENT_BUS_NAME
  ? new EventBridgeBus(new EventBridgeClient({ endpoint: process.env.EVENTBRIDGE_ENDPOINT || undefined }), process.env.EVENT_BUS_NAME, org)
  : null;
const dispatcher = new Dispatcher({
  store,
  readModels,
  deliveries: new DynamoDeliveryStore(createDocumentClient(config.dynamo), config.deliveryTable ?? 'decision-ledger-delivery'),
  production: config.production,
  bus,
  link: recordLink(config.publicUrl),
  log: (message) => console.warn(message),
});

export async function handler(): Promise<{ webhooksFailing: number }> {
  await dispatcher.runOnce();
  const webhooksFailing = dispatcher.failingCount();
  console.log(JSON.stringify({ message: 'dispatched', webhooksFailing, position: readModels.log.position }));
  return { webhooksFailing };
}

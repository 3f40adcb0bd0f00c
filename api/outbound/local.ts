import type { App } from '../app.ts';
import type { AppConfig } from '../config.ts';
import { globalIdOf } from '../global-id.ts';
import { Dispatcher } from './dispatcher.ts';

/** A link to an event's record: GraphiQL with a query for the record (PUBLIC_URL), for SLACK messages. */
export function recordLink(publicUrl: string | null) {
  if (!publicUrl) return () => null;
  return (event: { stream: { kind: string; id: string } }) =>
    `${publicUrl}/graphql?query=${encodeURIComponent(`{ node(id: "${globalIdOf(event.stream.kind, event.stream.id)}") { id __typename } }`)}`;
}

/** The dispatcher in the API process (npm start): wakes on every append of this process, and polls for the others. */
export function startLocalDispatcher(app: App, config: AppConfig): Dispatcher | null {
  if (!app.deliveries) return null;
  const dispatcher = new Dispatcher({
    store: app.store,
    readModels: app.readModels,
    deliveries: app.deliveries,
    production: config.production,
    link: recordLink(config.publicUrl),
    log: (message) => console.warn(message),
  });
  app.onAppended.add(() => dispatcher.notify());
  dispatcher.start(Number(process.env.DISPATCH_POLL_MS || 250));
  return dispatcher;
}

import type { App } from '../app.ts';
import type { ImportTransport } from './importer.ts';

/** Requests to the app in this process (the same Yoga that `npm start` serves), with a bearer token. */
export function inProcessTransport(app: Pick<App, 'yoga'>, authorization: () => Promise<string>): ImportTransport {
  return async (query, variables) => {
    const response = await app.yoga.fetch('http://import.local/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: await authorization() },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as never;
  };
}

/** Requests over HTTP to a running API (local or deployed). */
export function httpTransport(url: string, authorization: () => Promise<string>): ImportTransport {
  return async (query, variables) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: await authorization() },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: `HTTP ${response.status} from ${url}: ${text.slice(0, 200)}`, extensions: { code: 'HTTP_ERROR' } }] };
    }
  };
}

import type { TypedDocumentString } from '../gql/graphql.ts';

/** What one GraphQL request answered: its data and, per root field, the log position it reflects. */
export interface Answer<R> {
  data: R;
  positions: Record<string, number>;
}

/** A refusal or failure the page can show; `code` is the GraphQL error code when there is one. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * One typed operation against the API's /graphql on this origin, with the bearer token in the
 * Authorization header (never in the URL, never a cookie). The web view needs nothing a GraphQL
 * client library adds here: no normalized cache (past moments never change, see use-query.ts), no
 * subscriptions; the operations are typed at build time (web/codegen.ts).
 */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V, token: string): Promise<Answer<R>> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch (error) {
    throw new RequestError(`The API could not be reached (${(error as Error).message})`, 'NETWORK', 0);
  }
  const body = (await response.json().catch(() => null)) as {
    data?: R | null;
    errors?: { message: string; extensions?: { code?: string } }[];
    extensions?: { ledger?: { positions?: Record<string, number> } };
  } | null;
  const error = body?.errors?.[0];
  if (error || !body?.data) {
    const code = error?.extensions?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : null);
    throw new RequestError(error?.message ?? `The API answered HTTP ${response.status}`, code, response.status);
  }
  return { data: body.data, positions: body.extensions?.ledger?.positions ?? {} };
}

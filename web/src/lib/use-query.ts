import { useEffect, useState } from 'preact/hooks';
import type { TypedDocumentString } from '../gql/graphql.ts';
import { request, RequestError, type Answer } from './graphql.ts';
import { useSession } from './session.ts';

export type QueryState<R> =
  | { status: 'loading'; previous: Answer<R> | null }
  | { status: 'done'; answer: Answer<R> }
  | { status: 'failed'; error: RequestError };

/**
 * Answers to past moments (an instant or a position) never change: they are kept for the tab's
 * life, so moving back and forth on the slider or comparing is instant. Answers for now are
 * asked again each time.
 */
const past = new Map<string, Promise<Answer<unknown>>>();

function isPast(variables: unknown): boolean {
  const v = variables as { asOf?: string | null; atPosition?: number | null } | null;
  return !!v && (v.asOf != null || v.atPosition != null) && (v.asOf == null || v.asOf < new Date().toISOString());
}

/** Runs a typed operation for the signed-in person; `skip` waits (e.g. for the variables). */
export function useQuery<R, V>(document: TypedDocumentString<R, V>, variables: V, skip = false): QueryState<R> {
  const session = useSession();
  const key = `${document.toString()}\n${JSON.stringify(variables)}`;
  const [state, setState] = useState<QueryState<R>>({ status: 'loading', previous: null });
  useEffect(() => {
    if (skip) return;
    let live = true;
    setState((s) => ({ status: 'loading', previous: s.status === 'done' ? s.answer : s.status === 'loading' ? s.previous : null }));
    let answer = past.get(key) as Promise<Answer<R>> | undefined;
    if (!answer) {
      answer = request(document, variables, session.token);
      if (isPast(variables)) {
        past.set(key, answer);
        answer.catch(() => past.delete(key));
      }
    }
    answer.then(
      (result) => live && setState({ status: 'done', answer: result }),
      (error: unknown) => {
        if (!live) return;
        const failure = error instanceof RequestError ? error : new RequestError(String(error), null, 0);
        if (failure.code === 'UNAUTHENTICATED') session.signOut('The API no longer accepts your sign-in (expired or withdrawn): sign in again.');
        else setState({ status: 'failed', error: failure });
      },
    );
    return () => {
      live = false;
    };
  }, [key, skip, session.token]);
  return state;
}

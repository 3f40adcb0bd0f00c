import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/**
 * The signed-in person: the bearer token (kept in sessionStorage, so it lives as long as the tab
 * and never reaches a URL or a cookie) and whether the API lets it read the audit trail.
 */
export interface Session {
  token: string;
  canAudit: boolean;
  signOut(message?: string): void;
}

const TOKEN = 'decision-ledger.token';

export const storedToken = (): string | null => sessionStorage.getItem(TOKEN);
export const storeToken = (token: string): void => sessionStorage.setItem(TOKEN, token);
export const forgetToken = (): void => sessionStorage.removeItem(TOKEN);

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in view');
  return session;
}

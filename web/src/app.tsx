import type { FunctionComponent } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { lazy, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { AuditAccessDocument } from './gql/graphql.ts';
import { loadConfig, type WebConfig } from './lib/config.ts';
import { request, RequestError } from './lib/graphql.ts';
import { describeMoment, NOW, parseMoment, type Moment } from './lib/moment.ts';
import { forgetToken, SessionContext, storedToken, storeToken, type Session } from './lib/session.ts';
import { AnchorsContext, linkTo } from './lib/ui.tsx';
import { SignIn } from './sign-in.tsx';
import { TimeBar } from './time-bar.tsx';
import Priorities from './pages/priorities.tsx';

export interface PageProps {
  moment: Moment;
}

interface PageSpec {
  path: string;
  title: string;
  component: FunctionComponent<PageProps>;
  /** Only for people whose token may read the audit trail. */
  audit?: boolean;
}

/**
 * The pages, in the order of the navigation. Priorities is the first page and comes with the
 * entry chunk; the others load when opened. A page for alerts and due work is one more entry here.
 */
const PAGES: PageSpec[] = [
  { path: '/priorities', title: 'Priorities', component: Priorities },
  { path: '/okrs', title: 'OKRs', component: lazy(() => import('./pages/okrs.tsx')) },
  { path: '/allocation', title: 'Allocation', component: lazy(() => import('./pages/allocation.tsx')) },
  { path: '/decisions', title: 'Decisions and tradeoffs', component: lazy(() => import('./pages/decisions.tsx')) },
  { path: '/audit', title: 'Audit', component: lazy(() => import('./pages/audit.tsx')), audit: true },
];

/** Whether the API accepts the token, and whether it may read the audit trail. */
async function probe(token: string): Promise<{ ok: true; canAudit: boolean } | { ok: false; message: string }> {
  try {
    await request(AuditAccessDocument, {}, token);
    return { ok: true, canAudit: true };
  } catch (error) {
    if (error instanceof RequestError && error.code === 'FORBIDDEN') return { ok: true, canAudit: false };
    if (error instanceof RequestError && error.code === 'UNAUTHENTICATED') return { ok: false, message: `The API refused this token: ${error.message}` };
    return { ok: false, message: String((error as Error).message ?? error) };
  }
}

function Page({ spec }: { spec: PageSpec }) {
  const { query } = useLocation();
  const at = parseMoment(query.at) ?? NOW;
  const vs = parseMoment(query.vs);
  useEffect(() => {
    document.title = `${spec.title} ${at.kind === 'now' ? '' : `(${describeMoment(at)}) `}· decision-ledger`;
  }, [spec.title, query.at]);
  const Component = spec.component;
  return (
    <>
      <TimeBar at={at} vs={vs} />
      <main id="main" class={vs ? 'compare' : undefined}>
        <h1 class="visually-hidden">{spec.title}</h1>
        <div class="moment-column">
          <Component moment={at} />
        </div>
        {vs && (
          <div class="moment-column">
            <AnchorsContext.Provider value={false}>
              <Component moment={vs} />
            </AnchorsContext.Provider>
          </div>
        )}
      </main>
    </>
  );
}

/** `/` and unknown paths open the first page, keeping the moments. */
function ToFirstPage() {
  const { url, route } = useLocation();
  const search = url.includes('?') ? url.slice(url.indexOf('?')).split('#')[0]! : '';
  useEffect(() => route(linkTo(PAGES[0]!.path, search), true), []);
  return null;
}

function Shell({ session }: { session: Session }) {
  const { path, url } = useLocation();
  const search = url.includes('?') ? url.slice(url.indexOf('?')).split('#')[0]! : '';
  const pages = PAGES.filter((page) => !page.audit || session.canAudit);
  return (
    <>
      <a class="skip" href="#main">
        Skip to the page
      </a>
      <header class="top">
        <span class="brand">decision-ledger</span>
        <nav aria-label="Pages">
          <ul>
            {pages.map((page) => (
              <li key={page.path}>
                <a href={linkTo(page.path, search)} aria-current={path === page.path ? 'page' : undefined}>
                  {page.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" class="sign-out" onClick={() => session.signOut()}>
          Sign out
        </button>
      </header>
      <Router>
        {[
          ...pages.map((page) => <Route key={page.path} path={page.path} component={Page} spec={page} />),
          <Route key="default" default component={ToFirstPage} />,
        ]}
      </Router>
    </>
  );
}

export function App() {
  const [config, setConfig] = useState<WebConfig | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const [canAudit, setCanAudit] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [checking, setChecking] = useState(true);

  const accept = async (candidate: string): Promise<string | null> => {
    const result = await probe(candidate);
    if (!result.ok) return result.message;
    storeToken(candidate);
    setCanAudit(result.canAudit);
    setToken(candidate);
    setMessage(null);
    return null;
  };

  useEffect(() => {
    (async () => {
      const loaded = await loadConfig();
      setConfig(loaded);
      if (loaded.auth.kind === 'oidc') {
        // The OpenID Connect client is loaded only where people sign in through an issuer.
        const { finishSignIn } = await import('./lib/oidc.ts');
        const returned = await finishSignIn(loaded.auth);
        if (returned) storeToken(returned.token);
      }
      const stored = storedToken();
      if (stored) {
        const refused = await accept(stored);
        if (refused) {
          forgetToken();
          setMessage(refused);
        }
      }
    })()
      .catch((error: unknown) => setFailure(String((error as Error).message ?? error)))
      .finally(() => setChecking(false));
  }, []);

  const session = useMemo<Session | null>(
    () =>
      token
        ? {
            token,
            canAudit,
            signOut(reason?: string) {
              forgetToken();
              setToken(null);
              setCanAudit(false);
              setMessage(reason ?? 'Signed out.');
              if (config?.auth.kind === 'oidc' && !reason) {
                const auth = config.auth;
                void import('./lib/oidc.ts').then(({ signOutUrl }) => {
                  const logout = signOutUrl(auth);
                  if (logout) location.assign(logout);
                });
              }
            },
          }
        : null,
    [token, canAudit, config],
  );

  if (failure) {
    return (
      <main id="main" class="sign-in">
        <h1>decision-ledger</h1>
        <p class="error" role="alert">
          The web view could not start: {failure}
        </p>
      </main>
    );
  }
  if (!config || checking) {
    return (
      <main id="main" class="sign-in">
        <p role="status">Loading…</p>
      </main>
    );
  }
  if (!session) return <SignIn config={config} message={message} onToken={accept} />;
  return (
    <SessionContext.Provider value={session}>
      <LocationProvider>
        <Shell session={session} />
      </LocationProvider>
    </SessionContext.Provider>
  );
}

import { useState } from 'preact/hooks';
import type { WebConfig } from './lib/config.ts';

interface Props {
  config: WebConfig;
  message: string | null;
  /** Checks a pasted token with the API; resolves to an error message, or null when it was accepted. */
  onToken(token: string): Promise<string | null>;
}

/** Locally: a development token pasted in a form. In AWS: the organisation's sign-in page (PKCE). */
export function SignIn({ config, message, onToken }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const auth = config.auth;
  return (
    <main id="main" class="sign-in">
      <h1>decision-ledger</h1>
      <p>The organisation's operating record: priorities, OKRs, allocation, decisions and the audit trail, at any moment.</p>
      {message && (
        <p class="notice" role="status">
          {message}
        </p>
      )}
      {auth.kind === 'token' ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const token = String(new FormData(e.currentTarget).get('token') ?? '').trim().replace(/^Bearer\s+/i, '');
            if (!token) return setError('Paste a token first.');
            setBusy(true);
            setError(await onToken(token));
            setBusy(false);
          }}
        >
          <label for="token">Token</label>
          <input id="token" name="token" type="password" autocomplete="off" spellcheck={false} required aria-describedby="token-hint" />
          <p id="token-hint" class="hint">
            A development token, e.g. from <code>{auth.hint ?? 'npm run token -- --role READER --sub you'}</code>. READER
            sees every page; AUDITOR and ADMIN also the audit trail. It is kept in this tab only.
          </p>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="primary" disabled={busy}>
            Sign in
          </button>
        </form>
      ) : (
        <div>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <button
            type="button"
            class="primary"
            onClick={() =>
              import('./lib/oidc.ts')
                .then(({ startSignIn }) => startSignIn(auth, `${location.pathname}${location.search}${location.hash}`))
                .catch((e: unknown) => setError(String(e)))
            }
          >
            Sign in with {auth.providerName ?? 'your organisation'}
          </button>
        </div>
      )}
    </main>
  );
}

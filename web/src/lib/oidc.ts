import * as oauth from 'oauth4webapi';
import type { WebConfig } from './config.ts';

type OidcConfig = Extract<WebConfig['auth'], { kind: 'oidc' }>;

/** Kept in sessionStorage between the redirect to the issuer and the way back: never the token. */
const PENDING = 'decision-ledger.oidc-pending';

const redirectUri = () => `${location.origin}/`;

/**
 * Plain HTTP only to an issuer on this machine (a development or test issuer on loopback);
 * anything else must be HTTPS, as oauth4webapi insists by default.
 */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const insecure = (config: OidcConfig) => ({ [oauth.allowInsecureRequests]: LOOPBACK.has(new URL(config.issuer).hostname) });

async function server(config: OidcConfig): Promise<oauth.AuthorizationServer> {
  if (config.authorizationEndpoint && config.tokenEndpoint) {
    return { issuer: config.issuer, authorization_endpoint: config.authorizationEndpoint, token_endpoint: config.tokenEndpoint };
  }
  const issuer = new URL(config.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure(config)));
}

/** Sends the browser to the issuer's sign-in page: authorization code with PKCE (S256). */
export async function startSignIn(config: OidcConfig, returnTo: string): Promise<void> {
  const as = await server(config);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(as.authorization_endpoint!);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', config.scopes);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  location.assign(url.href);
}

/**
 * On the way back (`?code=&state=` on the redirect URI): checks the state, exchanges the code with
 * its verifier, and returns the access token and where to go; null when this is no such return.
 */
export async function finishSignIn(config: OidcConfig): Promise<{ token: string; returnTo: string } | null> {
  const current = new URL(location.href);
  if (!current.searchParams.has('code') && !current.searchParams.has('error')) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string; returnTo: string } | null;
  sessionStorage.removeItem(PENDING);
  // The code must not stay in the address bar or the history.
  history.replaceState(null, '', pending?.returnTo ?? '/');
  if (!pending) throw new Error('This sign-in was not started here; sign in again.');
  const as = await server(config);
  const client: oauth.Client = { client_id: config.clientId };
  const params = oauth.validateAuthResponse(as, client, current, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri(), pending.verifier, insecure(config));
  const result = await oauth.processAuthorizationCodeResponse(as, client, response);
  return { token: result.access_token, returnTo: pending.returnTo };
}

/** Where to send the browser to end the issuer's session too, if it has such an endpoint. */
export function signOutUrl(config: OidcConfig): string | null {
  if (!config.logoutEndpoint) return null;
  const url = new URL(config.logoutEndpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('logout_uri', redirectUri());
  return url.href;
}

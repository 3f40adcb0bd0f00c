/**
 * How this deployment signs people in, from /web-config.json: served by the API locally
 * (api/web-app.ts: a development token), and in AWS written next to the app by the stack
 * (infra/web.ts: the organisation's Cognito hosted UI or its OIDC issuer).
 */
export type WebConfig =
  | { auth: { kind: 'token'; hint?: string } }
  | {
      auth: {
        kind: 'oidc';
        issuer: string;
        clientId: string;
        scopes: string;
        /** Without them the issuer's discovery document says. */
        authorizationEndpoint?: string;
        tokenEndpoint?: string;
        /** Cognito's /logout, which takes client_id and logout_uri. */
        logoutEndpoint?: string;
        /** The name on the sign-in button. */
        providerName?: string;
      };
    };

export async function loadConfig(): Promise<WebConfig> {
  const response = await fetch('/web-config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`/web-config.json answered HTTP ${response.status}`);
  return (await response.json()) as WebConfig;
}

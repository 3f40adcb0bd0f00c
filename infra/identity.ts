import { CfnOutput, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../api/auth/permissions.ts';
import { ROLE_SCOPE_SERVER } from '../api/auth/principal.ts';
import type { WebConfig } from '../api/web-app.ts';

/** An external OpenID Connect issuer, instead of the stack's own user pool. */
export interface ExternalIssuer {
  readonly issuer: string;
  /** Accepted `aud` (or `client_id`) values. */
  readonly audience: string[];
  /** Default: `<issuer>/.well-known/jwks.json`. */
  readonly jwksUrl?: string;
  /** Claim with the roles. Default: cognito:groups (the `roles` claim is always read too). */
  readonly rolesClaim?: string;
  /** Claim with the organisation; tokens must carry it, equal to the stack's org. Default: custom:org or org. */
  readonly orgClaim?: string;
  /**
   * The issuer's client for the web view (authorization code with PKCE, no secret, redirect URI the
   * stack's WebUrl output); its access tokens must be JWTs the audience above accepts. Without it
   * the web view asks for a bearer token to paste.
   */
  readonly web?: { readonly clientId: string; readonly scopes?: string; readonly providerName?: string };
}

/** How the web view signs people in with an external issuer (its endpoints from the issuer's discovery document). */
export function externalIssuerWebConfig(jwt: ExternalIssuer): WebConfig {
  if (!jwt.web) return { auth: { kind: 'token', hint: `an access token from ${jwt.issuer}` } };
  return {
    auth: { kind: 'oidc', issuer: jwt.issuer, clientId: jwt.web.clientId, scopes: jwt.web.scopes ?? 'openid', providerName: jwt.web.providerName },
  };
}

/** The function's JWT_* environment for an external issuer. */
export function externalIssuerEnvironment(jwt: ExternalIssuer): Record<string, string> {
  return {
    JWT_ISSUER: jwt.issuer,
    JWT_AUDIENCE: jwt.audience.join(','),
    JWT_JWKS_URL: jwt.jwksUrl ?? `${jwt.issuer.replace(/\/$/, '')}/.well-known/jwks.json`,
    ...(jwt.rolesClaim && { JWT_ROLES_CLAIM: jwt.rolesClaim }),
    ...(jwt.orgClaim && { JWT_ORG_CLAIM: jwt.orgClaim }),
  };
}

/**
 * The default token issuer of an organisation's stack: a Cognito user pool with one group per
 * role (people), and a resource server with one scope per role for client-credentials clients
 * (scripts, recorded as SERVICE). The pool serves this organisation alone, so its tokens need no
 * org claim (JWT_ORG_CLAIM_OPTIONAL).
 */
export class OrgUserPool extends Construct {
  /** The function's JWT_* environment. */
  readonly environment: Record<string, string>;
  /** How the web view signs people in: the pool's hosted UI, authorization code with PKCE. */
  readonly webConfig: WebConfig;

  /** `webUrl`: where the web view is served; the hosted UI sends people back there. */
  constructor(scope: Construct, id: string, props: { org: string; appName: string; webUrl: string }) {
    super(scope, id);
    const pool = new UserPool(this, 'Pool', {
      userPoolName: `${props.appName}-${props.org}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) pool.addGroup(role, { groupName: role, description: `decision-ledger role ${role}` });

    const api = pool.addResourceServer('Api', {
      identifier: ROLE_SCOPE_SERVER,
      scopes: ROLES.map((role) => new ResourceServerScope({ scopeName: role, scopeDescription: `Act with the ${role} role` })),
    });
    const tokenValidity = { accessTokenValidity: Duration.hours(1), idTokenValidity: Duration.hours(1) };
    const people = pool.addClient('People', { authFlows: { userSrp: true }, disableOAuth: true, preventUserExistenceErrors: true, ...tokenValidity });
    const services = pool.addClient('Services', {
      generateSecret: true,
      oAuth: {
        flows: { clientCredentials: true },
        scopes: ROLES.map((role) => OAuthScope.custom(`${ROLE_SCOPE_SERVER}/${role}`)),
      },
      ...tokenValidity,
    });
    services.node.addDependency(api);
    // The web view: a public client (no secret) of the hosted UI; PKCE protects its code exchange.
    const web = pool.addClient('Web', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [props.webUrl],
        logoutUrls: [props.webUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      ...tokenValidity,
    });
    // Client-credentials tokens come from the pool's domain; the account keeps the prefix unique.
    const domain = pool.addDomain('Domain', { cognitoDomain: { domainPrefix: `${props.appName}-${props.org}-${Stack.of(this).account}` } });

    this.environment = {
      JWT_ISSUER: pool.userPoolProviderUrl,
      JWT_JWKS_URL: `${pool.userPoolProviderUrl}/.well-known/jwks.json`,
      JWT_AUDIENCE: Fn.join(',', [people.userPoolClientId, services.userPoolClientId, web.userPoolClientId]),
      JWT_ORG_CLAIM_OPTIONAL: 'true',
    };
    this.webConfig = {
      auth: {
        kind: 'oidc',
        issuer: pool.userPoolProviderUrl,
        clientId: web.userPoolClientId,
        scopes: 'openid email profile',
        authorizationEndpoint: `${domain.baseUrl()}/oauth2/authorize`,
        tokenEndpoint: `${domain.baseUrl()}/oauth2/token`,
        logoutEndpoint: `${domain.baseUrl()}/logout`,
        providerName: `the ${props.org} sign-in page`,
      },
    };
    new CfnOutput(this, 'UserPoolId', { value: pool.userPoolId, description: 'Add people here, in the group of their role' });
    new CfnOutput(this, 'PeopleClientId', { value: people.userPoolClientId, description: 'App client for people (SRP sign-in)' });
    new CfnOutput(this, 'WebClientId', { value: web.userPoolClientId, description: 'App client of the web view (hosted UI, code + PKCE)' });
    new CfnOutput(this, 'ServicesClientId', { value: services.userPoolClientId, description: 'App client for scripts (client credentials)' });
    new CfnOutput(this, 'TokenUrl', { value: `${domain.baseUrl()}/oauth2/token`, description: 'Client-credentials token endpoint' });
  }
}

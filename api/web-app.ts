import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import type { AppConfig } from './config.ts';

/**
 * The web view (web/, built into web/dist) served by the API at `/`, next to /graphql: the same
 * origin, so the app needs no CORS and sends its token only in the Authorization header.
 * The same plugin serves them locally (`npm start`) and from the deployed function, whose bundle
 * carries web/dist (infra/bundling.ts) and whose stack routes GET / and GET /{proxy+} to it.
 */

/** What the app reads from /web-config.json (web/src/lib/config.ts): how people sign in here. */
export type WebConfig =
  | { auth: { kind: 'token'; hint?: string } }
  | { auth: { kind: 'oidc'; issuer: string; clientId: string; scopes: string; authorizationEndpoint?: string; tokenEndpoint?: string; logoutEndpoint?: string; providerName?: string } };

export interface WebAppOptions {
  /** The built app: index.html and assets/. */
  dir: string;
  config: WebConfig;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg']);

/**
 * Scripts only from this origin. Styles also inline: the chart library writes a <style> element
 * and style attributes into each chart's SVG. Requests to this origin, and to the issuer's token
 * and discovery endpoints when people sign in through one. No framing, no base-uri, no plugins.
 */
export function contentSecurityPolicy(config: WebConfig): string {
  const auth = config.auth;
  const issuerOrigins =
    auth.kind === 'oidc' ? [...new Set([auth.issuer, auth.tokenEndpoint].filter((url): url is string => !!url).map((url) => new URL(url).origin))] : [];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    ['connect-src', "'self'", ...issuerOrigins].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

interface File {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
}

/**
 * An error of the web view's routes as the API answers every error: JSON with `extensions.code`,
 * so a client (or a plugin that gives bare error responses a JSON body) reads them alike.
 */
function errorResponse(fetchAPI: { Response: typeof Response }, status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  return new fetchAPI.Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers } });
}

/** Yoga plugin: GET / HEAD of anything but the GraphQL endpoint is the web view. */
export function webAppPlugin(options: WebAppOptions, graphqlEndpoint = '/graphql'): Plugin {
  const files = new Map<string, File | null>();
  const config = JSON.stringify(options.config);
  const root = resolve(options.dir);
  const securityHeaders = {
    'content-security-policy': contentSecurityPolicy(options.config),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };

  const load = (relative: string): File | null => {
    if (files.has(relative)) return files.get(relative)!;
    const path = normalize(join(root, relative));
    let file: File | null = null;
    if (path.startsWith(root + sep) && statSync(path, { throwIfNoEntry: false })?.isFile()) {
      const body = readFileSync(path);
      const extension = extname(path);
      file = { body, gzip: COMPRESSIBLE.has(extension) ? gzipSync(body) : null, type: TYPES[extension] ?? 'application/octet-stream' };
    }
    files.set(relative, file);
    return file;
  };

  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname === graphqlEndpoint || url.pathname.startsWith(`${graphqlEndpoint}/`)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(errorResponse(fetchAPI, 405, 'METHOD_NOT_ALLOWED', `The web view is read with GET; the GraphQL API is served at ${graphqlEndpoint}`, { allow: 'GET, HEAD' }));
        return;
      }
      const respond = (file: File, headers: Record<string, string>) => {
        const gzip = file.gzip && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
        const body = gzip ? file.gzip! : file.body;
        endResponse(
          new fetchAPI.Response(request.method === 'HEAD' ? null : (body as unknown as BodyInit), {
            status: 200,
            headers: { 'content-type': file.type, 'content-length': String(body.length), vary: 'accept-encoding', ...(gzip && { 'content-encoding': 'gzip' }), ...headers },
          }),
        );
      };
      if (url.pathname === '/web-config.json') {
        endResponse(new fetchAPI.Response(config, { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } }));
        return;
      }
      if (url.pathname.startsWith('/assets/')) {
        const asset = load(decodeURIComponent(url.pathname.slice(1)));
        // Asset names carry a hash of their content.
        if (asset) respond(asset, { 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
        else endResponse(errorResponse(fetchAPI, 404, 'NOT_FOUND', 'No such asset of the web view'));
        return;
      }
      // Any other path without an extension is a page of the app (its router reads the path).
      if (extname(url.pathname) && url.pathname !== '/index.html') {
        endResponse(errorResponse(fetchAPI, 404, 'NOT_FOUND', `Not found: the web view is served at /, the GraphQL API at ${graphqlEndpoint}`));
        return;
      }
      const index = load('index.html');
      if (!index) {
        endResponse(errorResponse(fetchAPI, 503, 'WEB_VIEW_NOT_BUILT', 'The web view is not built: run npm run web:build (npm start builds it).'));
        return;
      }
      respond(index, { 'cache-control': 'no-cache', ...securityHeaders });
    },
  };
}

/** Locally people paste a bearer token: a development one, or one of the configured issuer. */
export function localWebConfig(config: AppConfig): WebConfig {
  return {
    auth: {
      kind: 'token',
      hint: config.auth.keys.kind === 'dev-key' ? 'npm run token -- --role READER --sub you' : `a bearer token from ${config.auth.issuer}`,
    },
  };
}

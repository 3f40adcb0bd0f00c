import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { isPrivateAddress, publicOnlyLookup } from './url-policy.ts';

export interface PostResult {
  /** null when no answer came (refused, reset, timed out). */
  status: number | null;
  ok: boolean;
  latencyMs: number;
  error: string | null;
  /** At most 1 KB of the answer. */
  body: string | null;
}

export const RESPONSE_BODY_LIMIT = 1024;

/**
 * One POST, never following redirects (a 3xx is a failure), within `timeoutMs` for the whole
 * exchange. In production the connection goes only to public addresses (url-policy.ts).
 */
export function post(url: string, body: string, headers: Record<string, string>, options: { production: boolean; timeoutMs: number }): Promise<PostResult> {
  const started = performance.now();
  const done = (result: Omit<PostResult, 'latencyMs'>): PostResult => ({ ...result, latencyMs: Math.round(performance.now() - started) });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve(done({ status: null, ok: false, error: 'invalid URL', body: null }));
    }
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (options.production && (target.protocol !== 'https:' || (isIP(host) && isPrivateAddress(host)))) {
      return resolve(done({ status: null, ok: false, error: 'refused: production webhooks need https to a public address', body: null }));
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (result: Omit<PostResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(result));
    };
    const req = send(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString(), 'user-agent': 'decision-ledger', ...headers },
      lookup: options.production ? (publicOnlyLookup as never) : undefined,
      agent: false,
    });
    const timer = setTimeout(() => {
      finish({ status: null, ok: false, error: `no answer within ${options.timeoutMs} ms`, body: null });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => finish({ status: null, ok: false, error: error.code ? `${error.code}: ${error.message}` : error.message, body: null }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < RESPONSE_BODY_LIMIT) chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_BODY_LIMIT) res.destroy();
      });
      const end = () => {
        const status = res.statusCode ?? null;
        const text = Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8');
        const ok = status !== null && status >= 200 && status < 300;
        const error = ok ? null : status !== null && status >= 300 && status < 400 ? `redirect (${status}) not followed` : `HTTP ${status}`;
        finish({ status, ok, error, body: text || null });
      };
      res.on('end', end);
      res.on('close', end);
      res.on('error', end);
    });
    req.end(body);
  });
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { authConfigFromEnv } from '../../api/auth/auth-config.ts';
import type { Principal } from '../../api/auth/principal.ts';
import { createTokenVerifier, InvalidTokenError, VerifiedTokenCache } from '../../api/auth/verify-token.ts';
import { testToken, TEST_AUTH_ENV } from '../support/auth.ts';

// A token is checked once (signature, issuer, audience, organisation) and its principal reused until
// it expires; refusals are never remembered. No I/O: the test issuer's key is configured inline.

const config = () => authConfigFromEnv({ ...TEST_AUTH_ENV }, false);
const principal = (id: string): Principal => ({ actor: { id, name: id, kind: 'HUMAN' }, roles: ['READER'] });

afterEach(() => {
  vi.useRealTimers();
});

describe('VerifiedTokenCache', () => {
  it('keeps a principal until the token expires, and at most maxAgeMs after it was verified', () => {
    let now = 1_000_000;
    const cache = new VerifiedTokenCache(10, 60_000, () => now);
    cache.set('a', now + 5_000, principal('a'));
    cache.set('b', now + 3_600_000, principal('b'));
    expect(cache.get('a')?.actor.id).toBe('a');
    now += 5_000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')?.actor.id).toBe('b');
    now += 55_000;
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not keep a token that has already expired', () => {
    const cache = new VerifiedTokenCache(10, 60_000, () => 5_000);
    cache.set('old', 5_000, principal('old'));
    expect(cache.get('old')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('is bounded: the least recently used token goes first', () => {
    const cache = new VerifiedTokenCache(2, 60_000, () => 0);
    cache.set('a', 10_000, principal('a'));
    cache.set('b', 10_000, principal('b'));
    expect(cache.get('a')).toBeDefined();
    cache.set('c', 10_000, principal('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });
});

describe('createTokenVerifier with its cache', () => {
  it('verifies a token once, then answers synchronously with the same frozen principal', async () => {
    const cache = new VerifiedTokenCache();
    const verify = createTokenVerifier(config(), { cache });
    const token = await testToken({ sub: 'ann', roles: ['LEAD'] });
    const first = verify(token);
    expect(first).toBeInstanceOf(Promise);
    const principal = await first;
    expect(principal).toMatchObject({ actor: { id: 'ann' }, roles: ['LEAD'] });
    const second = verify(token);
    expect(second).toBe(principal);
    expect(Object.isFrozen(principal) && Object.isFrozen(principal.actor) && Object.isFrozen(principal.roles)).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('never remembers a refusal: a forged, foreign or malformed token is refused every time', async () => {
    const cache = new VerifiedTokenCache();
    const verify = createTokenVerifier(config(), { cache });
    const token = await testToken();
    const forged = `${token.slice(0, token.lastIndexOf('.') + 1)}${'A'.repeat(86)}`;
    const foreign = await testToken({ org: 'another-org' });
    for (const bad of [forged, foreign, 'not-a-token']) {
      for (let i = 0; i < 2; i++) await expect(Promise.resolve().then(() => verify(bad))).rejects.toBeInstanceOf(InvalidTokenError);
    }
    expect(cache.size).toBe(0);
  });

  it('still refuses a cached token once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new VerifiedTokenCache();
    const verify = createTokenVerifier(config(), { cache });
    const token = await testToken({ expiresIn: '2m' });
    await verify(token);
    expect(verify(token)).not.toBeInstanceOf(Promise);
    vi.setSystemTime(Date.now() + 2 * 60_000 + 10_000);
    await expect(Promise.resolve().then(() => verify(token))).rejects.toThrow(/expired/);
    expect(cache.size).toBe(0);
  });
});

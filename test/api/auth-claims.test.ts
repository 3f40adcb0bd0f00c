import { describe, expect, it } from 'vitest';
import { authConfigFromEnv, AuthConfigError } from '../../api/auth/auth-config.ts';
import { principalFrom } from '../../api/auth/principal.ts';

// How claims become a principal, and which settings a process may start with: no I/O.

describe('principalFrom', () => {
  it('makes a person from an ID token: sub, the best name claim, HUMAN, roles from the groups claim', () => {
    expect(principalFrom({ sub: 'u-1', email: 'ann@example.com', name: 'Ann', 'cognito:groups': ['LEAD', 'staff'] }, 'cognito:groups')).toEqual({
      actor: { id: 'u-1', name: 'Ann', kind: 'HUMAN' },
      roles: ['LEAD'],
      email: 'ann@example.com',
    });
    expect(principalFrom({ sub: 'u-2', 'cognito:username': 'bo', roles: 'reader auditor' }, 'cognito:groups')).toEqual({
      actor: { id: 'u-2', name: 'bo', kind: 'HUMAN' },
      roles: ['READER', 'AUDITOR'],
    });
  });

  it('makes a service from a client-credentials token: client_id and no person, or an explicit claim', () => {
    const cognito = { sub: 'abc123', client_id: 'abc123', token_use: 'access', scope: 'decision-ledger/CONTRIBUTOR decision-ledger/read' };
    expect(principalFrom(cognito, 'cognito:groups')).toEqual({ actor: { id: 'abc123', name: 'abc123', kind: 'SERVICE' }, roles: ['CONTRIBUTOR'] });
    expect(principalFrom({ sub: 'x@clients', gty: 'client-credentials', permissions: [] }, 'groups').actor.kind).toBe('SERVICE');
    expect(principalFrom({ sub: 'bot', actor_kind: 'SERVICE', roles: ['ADMIN'] }, 'groups').actor.kind).toBe('SERVICE');
    // A person signed in through a client still has a username: HUMAN.
    expect(principalFrom({ sub: 'u-3', client_id: 'web', username: 'cy' }, 'groups').actor).toEqual({ id: 'u-3', name: 'cy', kind: 'HUMAN' });
  });

  it('reads roles from a configured claim, comma-separated strings too, and ignores unknown ones', () => {
    expect(principalFrom({ sub: 's', 'https://example.com/roles': 'Lead,ADMIN,root' }, 'https://example.com/roles').roles).toEqual(['LEAD', 'ADMIN']);
    expect(principalFrom({ sub: 's', 'cognito:groups': 'LEAD' }, 'groups').roles).toEqual([]);
  });
});

describe('authConfigFromEnv', () => {
  it('outside production defaults to the development key in DATA_DIR, issuer and audience', () => {
    expect(authConfigFromEnv({ DATA_DIR: '/tmp/x' }, false)).toMatchObject({
      issuer: 'decision-ledger-dev',
      audience: ['decision-ledger'],
      keys: { kind: 'dev-key', file: '/tmp/x/dev-jwk.json' },
      org: 'local',
      orgClaims: ['custom:org', 'org'],
      rolesClaim: 'cognito:groups',
    });
  });

  it('in production needs issuer, audience, keys and ORG, and never falls back to the development key', () => {
    const full = { JWT_ISSUER: 'https://id.example.com/', JWT_AUDIENCE: 'a, b', JWT_JWKS_URL: 'https://id.example.com/jwks.json', ORG: 'acme' };
    expect(authConfigFromEnv(full, true)).toMatchObject({ audience: ['a', 'b'], keys: { kind: 'jwks-url' }, org: 'acme' });
    for (const missing of Object.keys(full)) {
      const env: Record<string, string> = { ...full, DATA_DIR: '/tmp/x' };
      delete env[missing];
      expect(() => authConfigFromEnv(env, true), missing).toThrow(AuthConfigError);
    }
  });

  it('takes an inline public key, and refuses a private one', () => {
    const publicKey = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' };
    expect(authConfigFromEnv({ JWT_PUBLIC_JWK: JSON.stringify(publicKey) }, false).keys).toEqual({ kind: 'jwks', jwks: { keys: [publicKey] } });
    expect(() => authConfigFromEnv({ JWT_PUBLIC_JWK: JSON.stringify({ ...publicKey, d: 'secret' }) }, false)).toThrow(/public keys only/);
    expect(() => authConfigFromEnv({ JWT_PUBLIC_JWK: '{nope' }, false)).toThrow(/not JSON/);
  });
});

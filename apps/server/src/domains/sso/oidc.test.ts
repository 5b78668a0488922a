import { exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimValues } from './claims.ts';
import { SsoRefused, verifyIdToken } from './oidc.ts';
import { open, seal } from './secret-box.ts';

const ISSUER = 'https://idp.example';
const NOW = new Date('2026-12-05T10:00:00Z');
let keys: JSONWebKeySet;
let sign: (claims: Record<string, unknown>, key?: CryptoKey) => Promise<string>;
let strangerKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  keys = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' }] };
  sign = (claims, key = pair.privateKey) =>
    new SignJWT({ nonce: 'n-1', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(String(claims.iss ?? ISSUER))
      .setAudience((claims.aud as string | string[]) ?? 'client-a')
      .setSubject('user-1')
      .setIssuedAt(Math.floor(NOW.getTime() / 1000) - 10)
      .setExpirationTime(Number(claims.exp ?? Math.floor(NOW.getTime() / 1000) + 3600))
      .sign(key);
});

const check = { issuer: ISSUER, clientId: 'client-a', nonce: 'n-1', now: NOW };
const reasonOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    return err instanceof SsoRefused ? err.reason : String(err);
  }
};

describe('verifyIdToken', () => {
  it('accepts a token of the issuer, for this client, with this nonce', async () => {
    const claims = await verifyIdToken(await sign({}), async () => keys, check);
    expect(claims.sub).toBe('user-1');
  });

  it('refuses another audience, another issuer, an expired token, another nonce, a stranger’s signature', async () => {
    const v = (token: string) => reasonOf(verifyIdToken(token, async () => keys, check));
    expect(await v(await sign({ aud: 'client-b' }))).toBe('audience');
    expect(await v(await sign({ aud: ['client-a', 'client-b'] }))).toBe('audience'); // several, no azp
    expect(await v(await sign({ aud: ['client-a', 'client-b'], azp: 'client-a' }))).toBe('accepted');
    expect(await v(await sign({ iss: 'https://other-idp.example' }))).toBe('issuer');
    expect(await v(await sign({ exp: Math.floor(NOW.getTime() / 1000) - 120 }))).toBe('expired');
    expect(await v(await sign({ nonce: 'n-2' }))).toBe('nonce');
    expect(await v(await sign({}, strangerKey))).toBe('signature');
    expect(await v('not.a.jwt')).toBe('signature');
  });

  it('refetches the key set once when the key id is unknown (key rotation)', async () => {
    let calls = 0;
    const token = await sign({});
    const rotating = async (fresh: boolean) => {
      calls++;
      return fresh ? keys : { keys: [] };
    };
    expect((await verifyIdToken(token, rotating, check)).sub).toBe('user-1');
    expect(calls).toBe(2);
  });
});

describe('claims and sealed secrets', () => {
  it('reads strings, lists and nested claims', () => {
    const claims = { groups: ['a', 'b'], realm_access: { roles: ['cx-admins'] }, store: 'SH-01', n: 3 };
    expect(claimValues(claims, 'groups')).toEqual(['a', 'b']);
    expect(claimValues(claims, 'realm_access.roles')).toEqual(['cx-admins']);
    expect(claimValues(claims, 'store')).toEqual(['SH-01']);
    expect(claimValues(claims, 'n')).toEqual(['3']);
    expect(claimValues(claims, 'missing.path')).toEqual([]);
  });

  it('a sealed secret opens only under the same LOOPCX_SECRET', () => {
    const box = seal('k1', 'client-secret');
    expect(box).not.toContain('client-secret');
    expect(open('k1', box)).toBe('client-secret');
    expect(() => open('k2', box)).toThrow();
  });
});

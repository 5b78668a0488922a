import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, type JSONWebKeySet, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { outboundRequest } from '../../platform/outbound.ts';

/**
 * The relying-party half of OpenID Connect's authorization code flow with PKCE, over `platform/outbound.ts` (so an
 * issuer URL an admin typed is held to the same SSRF rules as a webhook) with `jose` validating the ID token.
 * openid-client would bring its own fetch; these three exchanges (discovery, token, JWKS) are short enough to own.
 */

/** Why a sign-in was refused; `reason` goes to the login page (`/login?ssoError=<reason>`) and the audit log. */
export class SsoRefused extends AppError {
  /** The user the attempt was about, when one was found (audited as the target). */
  userId?: string;
  email?: string;
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super('unauthenticated', detail);
    this.name = 'SsoRefused';
  }
}

export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

const CACHE_MS = 10 * 60_000;
const discoveryCache = new Map<string, { at: number; meta: ProviderMetadata }>();
const jwksCache = new Map<string, { at: number; jwks: JSONWebKeySet }>();

/** An issuer as compared: without a trailing slash (providers differ; the spec compares exactly otherwise). */
export const normalIssuer = (issuer: string) => issuer.trim().replace(/\/+$/, '');

async function getJson(ctx: AppContext, url: string, what: string): Promise<unknown> {
  const res = await outboundRequest(ctx, url, { headers: { accept: 'application/json' }, timeoutMs: 8000 });
  if (res.status !== 200 || res.truncated)
    throw new SsoRefused('provider', `The provider's ${what} answered ${res.status}`);
  try {
    return JSON.parse(res.body);
  } catch {
    throw new SsoRefused('provider', `The provider's ${what} is not JSON`);
  }
}

/** The provider's discovery document, checked to name the configured issuer (cached ten minutes). */
export async function discover(ctx: AppContext, issuer: string): Promise<ProviderMetadata> {
  const key = normalIssuer(issuer);
  const hit = discoveryCache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.meta;
  const doc = (await getJson(ctx, `${key}/.well-known/openid-configuration`, 'discovery document')) as Partial<
    Record<keyof ProviderMetadata, unknown>
  >;
  for (const k of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
    if (typeof doc[k] !== 'string') throw new SsoRefused('provider', `The discovery document has no ${k}`);
  }
  if (normalIssuer(doc.issuer as string) !== key) {
    throw new SsoRefused('provider', `The discovery document names another issuer (${String(doc.issuer)})`);
  }
  const meta = doc as ProviderMetadata;
  discoveryCache.set(key, { at: Date.now(), meta });
  return meta;
}

async function keysOf(ctx: AppContext, jwksUri: string, fresh = false): Promise<JSONWebKeySet> {
  const hit = jwksCache.get(jwksUri);
  if (!fresh && hit && Date.now() - hit.at < CACHE_MS) return hit.jwks;
  const jwks = (await getJson(ctx, jwksUri, 'key set')) as JSONWebKeySet;
  if (!Array.isArray(jwks?.keys)) throw new SsoRefused('provider', "The provider's key set has no keys");
  jwksCache.set(jwksUri, { at: Date.now(), jwks });
  return jwks;
}

/** Forgets cached discovery documents and key sets (after a configuration change, and in tests). */
export function forgetProviders() {
  discoveryCache.clear();
  jwksCache.clear();
}

/** A PKCE verifier and its S256 challenge, a state and a nonce: 256 bits each. */
export function newLoginSecrets() {
  const verifier = randomBytes(32).toString('base64url');
  return {
    state: randomBytes(32).toString('base64url'),
    nonce: randomBytes(32).toString('base64url'),
    verifier,
    challenge: createHash('sha256').update(verifier).digest('base64url'),
  };
}

export interface TokenRequest {
  code: string;
  redirectUri: string;
  verifier: string;
  clientId: string;
  clientSecret: string;
}

/** Exchanges the code at the token endpoint (client_secret_basic) and returns the ID token. */
export async function exchangeCode(ctx: AppContext, meta: ProviderMetadata, t: TokenRequest): Promise<string> {
  const basic = Buffer.from(`${encodeURIComponent(t.clientId)}:${encodeURIComponent(t.clientSecret)}`).toString(
    'base64',
  );
  const res = await outboundRequest(ctx, meta.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      authorization: `Basic ${basic}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: t.code,
      redirect_uri: t.redirectUri,
      code_verifier: t.verifier,
    }).toString(),
    timeoutMs: 8000,
  });
  let body: { id_token?: unknown; error?: unknown } = {};
  try {
    body = JSON.parse(res.body);
  } catch {
    // reported below
  }
  if (res.status !== 200 || typeof body.id_token !== 'string') {
    const error = typeof body.error === 'string' ? body.error.slice(0, 80) : `HTTP ${res.status}`;
    throw new SsoRefused('token', `The provider refused the code (${error})`);
  }
  return body.id_token;
}

export interface IdTokenCheck {
  issuer: string;
  clientId: string;
  nonce: string;
  now: Date;
}

/**
 * Validates an ID token: signature by a key of the issuer's JWKS (refetched once for an unknown key id), `iss`,
 * `aud` (and `azp` when there are several audiences), `exp`/`iat` with a minute of clock skew, and the nonce this
 * login stored. Returns the claims.
 */
export async function verifyIdToken(
  idToken: string,
  getKeys: (fresh: boolean) => Promise<JSONWebKeySet>,
  c: IdTokenCheck,
): Promise<JWTPayload> {
  const verify = async (fresh: boolean) =>
    jwtVerify(idToken, createLocalJWKSet(await getKeys(fresh)), {
      issuer: [c.issuer, `${c.issuer}/`],
      audience: c.clientId,
      currentDate: c.now,
      clockTolerance: 60,
      requiredClaims: ['sub', 'exp', 'iat'],
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
    });
  let payload: JWTPayload;
  try {
    try {
      payload = (await verify(false)).payload;
    } catch (err) {
      if (!(err instanceof joseErrors.JWKSNoMatchingKey)) throw err;
      payload = (await verify(true)).payload;
    }
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new SsoRefused('expired', 'The ID token has expired');
    if (err instanceof joseErrors.JWTClaimValidationFailed) {
      const reason = err.claim === 'aud' ? 'audience' : err.claim === 'iss' ? 'issuer' : 'claims';
      throw new SsoRefused(reason, `The ID token's ${err.claim} claim is not valid (${err.reason})`);
    }
    if (err instanceof SsoRefused) throw err;
    throw new SsoRefused('signature', 'The ID token is not signed by the provider');
  }
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== c.clientId) {
    throw new SsoRefused('audience', 'The ID token was issued to another client (azp)');
  }
  if (payload.nonce !== c.nonce) throw new SsoRefused('nonce', 'The ID token does not carry this sign-in’s nonce');
  return payload;
}

/** `verifyIdToken` with the issuer's published keys. */
export function verifyWithProvider(ctx: AppContext, meta: ProviderMetadata, idToken: string, c: IdTokenCheck) {
  return verifyIdToken(idToken, (fresh) => keysOf(ctx, meta.jwks_uri, fresh), c);
}

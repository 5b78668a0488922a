import { createHmac } from 'node:crypto';
import type { TIdentityKind } from '@loopcx/shared';
import { invalid } from '../../platform/errors.ts';

/** An identity ready to store: the lookup value (an HMAC for phones and emails) and what people are shown. */
export interface StoredIdentity {
  kind: TIdentityKind;
  value: string;
  display: string;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{1,63}$/;

/**
 * Normalises a phone number: spaces, dashes, dots and brackets go; a +86 / 0086 country prefix before an 11-digit
 * mainland mobile goes too, so `+86 138 0013 8000` and `13800138000` are the same person. Other international
 * numbers keep their `+` and digits. Returns undefined for anything that is not a phone number.
 */
export function normalisePhone(raw: string): string | undefined {
  let p = raw.replace(/[\s().-]/g, '');
  if (p.startsWith('00')) p = `+${p.slice(2)}`;
  if (/^\+?86(1\d{10})$/.test(p)) p = p.replace(/^\+?86/, '');
  if (/^1\d{10}$/.test(p)) return p;
  if (/^\+\d{7,15}$/.test(p)) return p;
  if (/^\d{7,15}$/.test(p)) return p;
  return undefined;
}

/** 138****5678: the first three and last four digits. */
export function maskPhone(p: string): string {
  if (p.length <= 7) return `${p.slice(0, 2)}****${p.slice(-1)}`;
  return `${p.slice(0, 3)}****${p.slice(-4)}`;
}

/** a***@example.com: the first character of the local part and the domain. */
export function maskEmail(e: string): string {
  const at = e.lastIndexOf('@');
  return `${e.slice(0, 1)}***${e.slice(at)}`;
}

/**
 * The lookup value of a phone or email: HMAC-SHA256 keyed by the server secret (the one that signs survey links),
 * over the tenant and the normalised value. The same phone in two tenants hashes differently, and the database
 * alone cannot be used to test guesses. Changing LOOPCX_SECRET makes stored phones unfindable (documented).
 */
export function identityHash(secret: string, tenantId: string, kind: 'phone' | 'email', normalised: string): string {
  return createHmac('sha256', `customer-identity:${secret}`)
    .update(`${tenantId}\u0000${kind}\u0000${normalised}`)
    .digest('hex');
}

/**
 * Turns a raw identity into what is stored, or throws a 422 naming `field`. Member ids and openids are kept as
 * given (trimmed): they are pseudonymous keys the tenant's systems already use; phones and emails never are.
 */
export function toStoredIdentity(
  secret: string,
  tenantId: string,
  kind: TIdentityKind,
  raw: string,
  field = 'value',
): StoredIdentity {
  const v = raw.trim();
  switch (kind) {
    case 'member':
      if (!v || v.length > 200) throw invalid(field, 'a member id of 1–200 characters');
      return { kind, value: v, display: v };
    case 'wechat_openid':
      if (!/^[\w-]{6,64}$/.test(v)) throw invalid(field, 'a WeChat openid (6–64 letters, digits, _ or -)');
      return { kind, value: v, display: v };
    case 'phone': {
      const p = normalisePhone(v);
      if (!p) throw invalid(field, 'a phone number (digits, optionally +country code)');
      return { kind, value: identityHash(secret, tenantId, 'phone', p), display: maskPhone(p) };
    }
    case 'email': {
      const e = v.toLowerCase();
      if (e.length > 254 || !EMAIL.test(e)) throw invalid(field, 'an email address');
      return { kind, value: identityHash(secret, tenantId, 'email', e), display: maskEmail(e) };
    }
  }
}

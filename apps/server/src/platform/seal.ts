import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) of a small value under a key derived from the server secret and a
 * purpose, bound to a tenant (the tenant id is the additional data, so a sealed value copied into another tenant's
 * row does not open there). Output: `v1.<iv>.<tag>.<ciphertext>`, base64url. Used where a value must be given back
 * in full later but must not sit in the database readable (a respondent's call-back phone number: decision 24).
 * Changing LOOPCX_SECRET makes sealed values unreadable, like the phone hashes.
 */
export function seal(secret: string, purpose: string, tenantId: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret, purpose), iv);
  cipher.setAAD(Buffer.from(tenantId));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** Opens what `seal` produced for the same secret, purpose and tenant; undefined when it does not open. */
export function unseal(secret: string, purpose: string, tenantId: string, sealed: string): string | undefined {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret, purpose), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(tenantId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

const keyOf = (secret: string, purpose: string) => createHash('sha256').update(`seal:${purpose}:${secret}`).digest();

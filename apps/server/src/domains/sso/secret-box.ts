import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Client secrets are stored sealed with AES-256-GCM under a key derived from LOOPCX_SECRET, so a database dump or
 * backup alone does not hand out the tenant's identity-provider credentials. The API never returns them.
 */
const keyOf = (secret: string) => createHmac('sha256', secret).update('loopcx sso client secret v1').digest();

/** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function seal(secret: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The plain secret, or throws when the box was sealed under another LOOPCX_SECRET (or altered). */
export function open(secret: string, box: string): string {
  const [v, iv, tag, data] = box.split('.');
  if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed client secret');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

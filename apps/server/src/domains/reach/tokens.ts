import { createHmac, timingSafeEqual } from 'node:crypto';

const SIG_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const toBytes = (u: string) => Buffer.from(u.replace(/-/g, ''), 'hex');
const toUuid = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const sign = (secret: string, body: Buffer) =>
  createHmac('sha256', `unsubscribe-token:${secret}`).update(body).digest().subarray(0, SIG_BYTES);

/**
 * The unsubscribe token of an invitation: tenant and invitation ids (the invitation names the customer) with a
 * truncated HMAC under a key of its own purpose, so a survey token can never pass for one. It does not expire:
 * an old message's unsubscribe link must still work.
 */
export function signUnsubscribeToken(secret: string, tenantId: string, invitationId: string): string {
  if (!UUID.test(tenantId) || !UUID.test(invitationId)) throw new Error('unsubscribe token ids must be uuids');
  const body = Buffer.concat([toBytes(tenantId), toBytes(invitationId)]);
  return Buffer.concat([body, sign(secret, body)]).toString('base64url');
}

/** The ids an unsubscribe token names, or null when it is forged or malformed. */
export function verifyUnsubscribeToken(
  secret: string,
  token: string,
): { tenantId: string; invitationId: string } | null {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{64}$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== 32 + SIG_BYTES) return null;
  const body = raw.subarray(0, 32);
  if (!timingSafeEqual(raw.subarray(32), sign(secret, body))) return null;
  return { tenantId: toUuid(body.subarray(0, 16)), invitationId: toUuid(body.subarray(16)) };
}

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The receipt token of a channel: 32 hex of an HMAC over tenant and channel with the server secret. Aliyun's report
 * push carries it in the callback URL (Aliyun does not sign its pushes); WeChat uses it as the server Token (3–32
 * letters and digits) that signs its event pushes. Derived, not stored: nothing to rotate separately from the server
 * secret, and never shown for another tenant's channel.
 */
export function receiptToken(secret: string, tenantId: string, channelId: string): string {
  return createHmac('sha256', secret).update(`reach-receipts|${tenantId}|${channelId}`).digest('hex').slice(0, 32);
}

/** Constant-time comparison of two short strings. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** WeChat's push signature: SHA-1 of token, timestamp and nonce sorted and joined (the official-account server docs). */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

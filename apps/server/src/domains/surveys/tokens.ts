import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a survey link carries. Anonymous links carry tenant + survey; store links add the org unit and
 * touchpoint; personalised links add the invitation (customer and context live in its row) and an expiry.
 */
export interface SurveyTokenClaims {
  tenantId: string;
  surveyId: string;
  orgUnitId?: string;
  touchpointId?: string;
  invitationId?: string;
  expiresAt?: Date;
}

const VERSION = 1;
const SIG_BYTES = 12;
const FLAG_ORG = 1;
const FLAG_TP = 2;
const FLAG_INV = 4;
const FLAG_EXP = 8;

export const uuidToBytes = (u: string) => Buffer.from(u.replace(/-/g, ''), 'hex');
export const bytesToUuid = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sign(secret: string, body: Buffer, purpose = 'survey-token'): Buffer {
  return createHmac('sha256', `${purpose}:${secret}`).update(body).digest().subarray(0, SIG_BYTES);
}

/**
 * The signing machinery for other signed links (an audit's link for an external inspector): `body` with a truncated
 * HMAC-SHA256 keyed by the secret under `purpose`, base64url. A purpose of its own keeps one kind of link from ever
 * verifying as another.
 */
export function sealToken(secret: string, purpose: string, body: Buffer): string {
  return Buffer.concat([body, sign(secret, body, purpose)]).toString('base64url');
}

/** The body of a token sealed under `purpose`, or null for anything forged, altered, truncated or non-canonical. */
export function openToken(secret: string, purpose: string, token: string, bodyBytes: number): Buffer | null {
  if (typeof token !== 'string' || token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.toString('base64url') !== token || raw.length !== bodyBytes + SIG_BYTES) return null;
  const body = raw.subarray(0, bodyBytes);
  return timingSafeEqual(raw.subarray(bodyBytes), sign(secret, body, purpose)) ? body : null;
}

/**
 * Packs the claims into a compact binary token (uuids as 16 bytes, expiry as unix seconds) with a truncated
 * HMAC-SHA256, base64url-encoded: about 60–110 characters, short enough for dense-free QR codes.
 */
export function signSurveyToken(secret: string, claims: SurveyTokenClaims): string {
  const parts: Buffer[] = [];
  let flags = 0;
  parts.push(uuidToBytes(claims.tenantId), uuidToBytes(claims.surveyId));
  if (claims.orgUnitId) {
    flags |= FLAG_ORG;
    parts.push(uuidToBytes(claims.orgUnitId));
  }
  if (claims.touchpointId) {
    flags |= FLAG_TP;
    parts.push(uuidToBytes(claims.touchpointId));
  }
  if (claims.invitationId) {
    flags |= FLAG_INV;
    parts.push(uuidToBytes(claims.invitationId));
  }
  if (claims.expiresAt) {
    flags |= FLAG_EXP;
    const exp = Buffer.alloc(4);
    exp.writeUInt32BE(Math.floor(claims.expiresAt.getTime() / 1000));
    parts.push(exp);
  }
  for (const id of [claims.tenantId, claims.surveyId, claims.orgUnitId, claims.touchpointId, claims.invitationId]) {
    if (id !== undefined && !UUID.test(id)) throw new Error('survey token ids must be uuids');
  }
  const body = Buffer.concat([Buffer.from([VERSION, flags]), ...parts]);
  return Buffer.concat([body, sign(secret, body)]).toString('base64url');
}

/**
 * Verifies and decodes a token. Returns null for anything forged, truncated or malformed; the caller checks
 * `expiresAt` against its clock (so tests can move time) and answers 410 for an expired link.
 */
export function verifySurveyToken(secret: string, token: string): SurveyTokenClaims | null {
  if (typeof token !== 'string' || token.length < 40 || token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token))
    return null;
  const raw = Buffer.from(token, 'base64url');
  // Strict: Buffer ignores the unused low bits of the last character, so "…A" and "…B" could decode alike.
  // Only the canonical encoding of the bytes is the token.
  if (raw.toString('base64url') !== token) return null;
  if (raw.length < 2 + 32 + SIG_BYTES) return null;
  const body = raw.subarray(0, raw.length - SIG_BYTES);
  const sig = raw.subarray(raw.length - SIG_BYTES);
  const expected = sign(secret, body);
  if (!timingSafeEqual(sig, expected)) return null;
  if (body[0] !== VERSION) return null;
  const flags = body[1];
  let off = 2;
  const take = (n: number) => {
    const b = body.subarray(off, off + n);
    off += n;
    return b;
  };
  const claims: SurveyTokenClaims = { tenantId: bytesToUuid(take(16)), surveyId: bytesToUuid(take(16)) };
  if (flags & FLAG_ORG) claims.orgUnitId = bytesToUuid(take(16));
  if (flags & FLAG_TP) claims.touchpointId = bytesToUuid(take(16));
  if (flags & FLAG_INV) claims.invitationId = bytesToUuid(take(16));
  if (flags & FLAG_EXP) claims.expiresAt = new Date(take(4).readUInt32BE() * 1000);
  if (off !== body.length) return null;
  return claims;
}

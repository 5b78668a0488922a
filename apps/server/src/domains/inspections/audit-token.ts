import type { AppContext } from '../../platform/context.ts';
import { bytesToUuid, openToken, sealToken, UUID, uuidToBytes } from '../surveys/tokens.ts';

/** Audit links are signed like survey links, under a purpose of their own: neither passes for the other. */
const PURPOSE = 'audit-link';
const VERSION = 1;
const BODY_BYTES = 1 + 16 + 16;

/**
 * The external inspector's credential: version, tenant and audit (16 bytes each) with a truncated HMAC, about 60
 * base64url characters — unguessable, short enough for a sparse QR code, and the tenant is inside the signature.
 */
export function signAuditToken(secret: string, tenantId: string, auditId: string): string {
  if (!UUID.test(tenantId) || !UUID.test(auditId)) throw new Error('audit token ids must be uuids');
  return sealToken(
    secret,
    PURPOSE,
    Buffer.concat([Buffer.from([VERSION]), uuidToBytes(tenantId), uuidToBytes(auditId)]),
  );
}

/** Tenant and audit of a genuine token; null for anything forged, altered or malformed. */
export function verifyAuditToken(secret: string, token: string): { tenantId: string; auditId: string } | null {
  const body = openToken(secret, PURPOSE, token, BODY_BYTES);
  if (!body || body[0] !== VERSION) return null;
  return { tenantId: bytesToUuid(body.subarray(1, 17)), auditId: bytesToUuid(body.subarray(17, 33)) };
}

/** The respondent-runtime address of an audit's link (absolute, from the public URL). */
export function auditLinkUrl(ctx: AppContext, tenantId: string, auditId: string): string {
  return `${ctx.config.publicUrl}/a/${signAuditToken(ctx.config.secret, tenantId, auditId)}`;
}

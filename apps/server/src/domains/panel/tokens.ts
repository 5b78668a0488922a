import type { AppContext } from '../../platform/context.ts';
import { bytesToUuid, openToken, sealToken, UUID, uuidToBytes } from '../surveys/tokens.ts';

/**
 * The panel's two signed links, each under a purpose of its own (neither passes for the other, nor for a survey
 * or audit link): the recruitment link names tenant and panel; a member's portal link names tenant, member and
 * the member's `token_version`, so leaving or rotating (which bumps the version) stops every older link.
 */
const JOIN = 'panel-join';
const MEMBER = 'panel-member';
const VERSION = 1;

export function signJoinToken(secret: string, tenantId: string, panelId: string): string {
  if (!UUID.test(tenantId) || !UUID.test(panelId)) throw new Error('panel token ids must be uuids');
  return sealToken(secret, JOIN, Buffer.concat([Buffer.from([VERSION]), uuidToBytes(tenantId), uuidToBytes(panelId)]));
}

export function verifyJoinToken(secret: string, token: string): { tenantId: string; panelId: string } | null {
  const body = openToken(secret, JOIN, token, 33);
  if (!body || body[0] !== VERSION) return null;
  return { tenantId: bytesToUuid(body.subarray(1, 17)), panelId: bytesToUuid(body.subarray(17, 33)) };
}

export function signMemberToken(secret: string, tenantId: string, memberId: string, tokenVersion: number): string {
  if (!UUID.test(tenantId) || !UUID.test(memberId)) throw new Error('panel token ids must be uuids');
  return sealToken(
    secret,
    MEMBER,
    Buffer.concat([Buffer.from([VERSION]), uuidToBytes(tenantId), uuidToBytes(memberId), Buffer.from([tokenVersion])]),
  );
}

export function verifyMemberToken(
  secret: string,
  token: string,
): { tenantId: string; memberId: string; tokenVersion: number } | null {
  const body = openToken(secret, MEMBER, token, 34);
  if (!body || body[0] !== VERSION) return null;
  return {
    tenantId: bytesToUuid(body.subarray(1, 17)),
    memberId: bytesToUuid(body.subarray(17, 33)),
    tokenVersion: body[33],
  };
}

/** The respondent-runtime addresses of the links (absolute, from the public URL). */
export const joinUrl = (ctx: AppContext, tenantId: string, panelId: string) =>
  `${ctx.config.publicUrl}/join/${signJoinToken(ctx.config.secret, tenantId, panelId)}`;
export const portalUrl = (ctx: AppContext, tenantId: string, memberId: string, tokenVersion: number) =>
  `${ctx.config.publicUrl}/m/${signMemberToken(ctx.config.secret, tenantId, memberId, tokenVersion)}`;

import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import { outboundRequest } from '../../platform/outbound.ts';
import { seal, unseal } from '../../platform/seal.ts';

/** WeChat's API host; every caller takes a configured base URL first (tests point it at a stand-in). */
export const WECHAT_API_BASE_URL = 'https://api.weixin.qq.com';
const TOKEN_SEAL = 'wechat-access-token';
// Tokens are used until this long before WeChat says they expire (stable_token hands out a fresh one in its last
// 5 minutes, while the old one still works), so a send never starts with a token about to lapse.
const MARGIN_MS = 5 * 60_000;

/** errcodes that mean "this access_token is not (or no longer) valid": refresh it and try once more. */
export const TOKEN_INVALID_ERRCODES = new Set([40001, 40014, 42001]);

/** A WeChat API call that failed: the errcode (or HTTP status) and whether trying again later can help. */
export class WechatApiError extends Error {
  readonly errcode: number;
  readonly retryable: boolean;
  constructor(what: string, errcode: number, errmsg: string | undefined, retryable: boolean) {
    // errmsg is WeChat's English reason plus a request id ("invalid appsecret rid: …"): no secret, no token.
    super(`WeChat ${what} failed: errcode ${errcode}${errmsg ? ` (${errmsg.slice(0, 160)})` : ''}`);
    this.name = 'WechatApiError';
    this.errcode = errcode;
    this.retryable = retryable;
  }
}

/**
 * Whether an errcode is worth a later retry: -1 (system busy) and the frequency limits (45009, 45011, 45047).
 * Everything else needs an admin or is about this one customer — bad credentials (40013, 40125), a server IP
 * outside the account's whitelist (40164), an unknown template (40037), a customer who unfollowed (43004) — and is
 * final.
 */
export function retryableErrcode(errcode: number): boolean {
  return errcode === -1 || errcode === 45009 || errcode === 45011 || errcode === 45047;
}

const ZAnswer = z.object({
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
  access_token: z.string().min(1).max(2048).optional(),
  expires_in: z.number().optional(),
});

/** One JSON call to the WeChat API; network failures and 5xx are retryable WechatApiErrors (errcode = HTTP status). */
export async function wechatJson(
  ctx: AppContext,
  what: string,
  url: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Record<string, unknown>> {
  let res: Awaited<ReturnType<typeof outboundRequest>>;
  try {
    res = await outboundRequest(ctx, url, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (err) {
    // Outbound errors name the origin only (platform/outbound.ts), never the query with the secret or token.
    throw new WechatApiError(what, 0, (err as Error).message, (err as Error).name !== 'OutboundRefused');
  }
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  if (res.status !== 200 || !body || typeof body !== 'object')
    throw new WechatApiError(what, res.status, `HTTP ${res.status}`, res.status >= 500 || res.status === 429);
  return body as Record<string, unknown>;
}

/**
 * Fetches a token with `POST /cgi-bin/stable_token`. Normal mode answers the account's current token (the same one
 * to every node until its last 5 minutes), so nodes racing to fill the cache agree; `forceRefresh` invalidates the
 * current token and is limited by WeChat to 20 a day, so it is used only when a token WeChat just refused comes
 * back again in normal mode.
 */
async function fetchStableToken(
  ctx: AppContext,
  base: string,
  appId: string,
  appSecret: string,
  forceRefresh: boolean,
): Promise<{ token: string; expiresAt: Date }> {
  const answer = ZAnswer.parse(
    await wechatJson(ctx, 'stable_token', `${base}/cgi-bin/stable_token`, {
      method: 'POST',
      body: { grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: forceRefresh },
    }),
  );
  if (!answer.access_token || (answer.errcode && answer.errcode !== 0)) {
    const code = answer.errcode ?? 0;
    throw new WechatApiError('stable_token', code, answer.errmsg, retryableErrcode(code));
  }
  const ttl = Math.max(60, answer.expires_in ?? 7200) * 1000;
  return { token: answer.access_token, expiresAt: new Date(ctx.clock.now().getTime() + ttl) };
}

/** Where an official account's token lives: its tenant and AppID, its API base and its AppSecret. */
export interface WechatAccountRef {
  tenantId: string;
  appId: string;
  appSecret: string;
  apiBaseUrl?: string;
}

async function storedToken(ctx: AppContext, a: WechatAccountRef): Promise<string | undefined> {
  const row = await one<{ token_sealed: string; expires_at: Date | string }>(
    ctx.db,
    sql`SELECT token_sealed, expires_at FROM wechat_access_tokens WHERE tenant_id = ${a.tenantId} AND app_id = ${a.appId}`,
  );
  if (!row || new Date(row.expires_at).getTime() - MARGIN_MS <= ctx.clock.now().getTime()) return undefined;
  return unseal(ctx.config.secret, TOKEN_SEAL, a.tenantId, row.token_sealed);
}

async function storeToken(ctx: AppContext, a: WechatAccountRef, t: { token: string; expiresAt: Date }) {
  const sealed = seal(ctx.config.secret, TOKEN_SEAL, a.tenantId, t.token);
  await ctx.db.execute(
    sql`INSERT INTO wechat_access_tokens (tenant_id, app_id, token_sealed, expires_at, updated_at)
        VALUES (${a.tenantId}, ${a.appId}, ${sealed}, ${t.expiresAt.toISOString()}::timestamptz, ${ctx.clock.now().toISOString()}::timestamptz)
        ON CONFLICT (tenant_id, app_id) DO UPDATE SET token_sealed = excluded.token_sealed, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
  );
}

/**
 * The account's access_token: the one in the database while it has more than 5 minutes left, otherwise a fresh one
 * from stable_token, stored for every node. Pass `refused` with a token WeChat just answered 40001/42001 for: a
 * different token stored meanwhile (another node refreshed) is used as is; otherwise normal mode is asked, and only
 * if it hands back the refused token again is a forced refresh spent.
 */
export async function accessToken(ctx: AppContext, a: WechatAccountRef, refused?: string): Promise<string> {
  const base = (a.apiBaseUrl ?? WECHAT_API_BASE_URL).replace(/\/+$/, '');
  const stored = await storedToken(ctx, a);
  if (stored && stored !== refused) return stored;
  let fresh = await fetchStableToken(ctx, base, a.appId, a.appSecret, false);
  if (refused && fresh.token === refused) fresh = await fetchStableToken(ctx, base, a.appId, a.appSecret, true);
  await storeToken(ctx, a, fresh);
  return fresh.token;
}

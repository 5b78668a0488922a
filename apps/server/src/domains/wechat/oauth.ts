import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { WECHAT_API_BASE_URL, WechatApiError, wechatJson } from './access-token.ts';
import type { WechatAccount } from './account.ts';

/**
 * WeChat web authorisation with `scope=snsapi_base` (网页授权, silent: no consent screen) on the survey page, to
 * learn the respondent's openid for the tenant's official account (decision 45):
 *
 * 1. `/s/:token` opened inside WeChat (User-Agent MicroMessenger) → 302 to
 *    `{authorize}/connect/oauth2/authorize?appid=…&redirect_uri=<this page>&response_type=code&scope=snsapi_base&state=…#wechat_redirect`;
 * 2. WeChat sends the respondent back with `?code=…&state=…`; the code is exchanged at
 *    `{api}/sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code` for the openid;
 * 3. the openid is kept in a signed, HttpOnly cookie (`lcx_wx`), so the submission carries it without the page
 *    ever seeing it, and the page is shown at its clean URL.
 *
 * `state` may only hold a–z A–Z 0–9 and 128 bytes: it is the expiry (unix seconds) and a truncated HMAC of the
 * tenant, the survey token and that expiry, so a code from another page or an old redirect is refused.
 */

export const WECHAT_AUTHORIZE_BASE_URL = 'https://open.weixin.qq.com';
export const OPENID_COOKIE = 'lcx_wx';
const STATE_TTL_S = 10 * 60;
/** How long the page remembers a respondent's openid (the same phone, the same WeChat user). */
export const OPENID_COOKIE_TTL_S = 30 * 24 * 3600;

/** WeChat's in-app browser (and its Windows/Mac clients) say MicroMessenger in their User-Agent. */
export function isWechatBrowser(userAgent: string | undefined): boolean {
  return /MicroMessenger/i.test(userAgent ?? '');
}

const mac = (secret: string, purpose: string, text: string) =>
  createHmac('sha256', `wechat-${purpose}:${secret}`).update(text).digest();

const safeEqual = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);
const tokenDigest = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 32);

/** The `state` for one redirect: `<expiry seconds><32 hex of HMAC>`. */
export function signState(secret: string, tenantId: string, surveyToken: string, now: Date): string {
  const exp = Math.floor(now.getTime() / 1000) + STATE_TTL_S;
  const sig = mac(secret, 'state', `${tenantId}|${tokenDigest(surveyToken)}|${exp}`)
    .toString('hex')
    .slice(0, 32);
  return `${exp}${sig}`;
}

/** True when `state` was signed for this tenant and survey link and has not expired. */
export function verifyState(secret: string, tenantId: string, surveyToken: string, state: string, now: Date): boolean {
  const m = /^(\d{10})([0-9a-f]{32})$/.exec(state);
  if (!m) return false;
  const exp = Number(m[1]);
  if (exp * 1000 < now.getTime()) return false;
  const expected = mac(secret, 'state', `${tenantId}|${tokenDigest(surveyToken)}|${exp}`)
    .toString('hex')
    .slice(0, 32);
  return safeEqual(Buffer.from(m[2]), Buffer.from(expected));
}

/** Where to send the respondent to learn their openid; `redirectUri` is this page's public URL. */
export function authorizeUrl(account: WechatAccount, redirectUri: string, state: string): string {
  const base = (account.authorizeBaseUrl ?? WECHAT_AUTHORIZE_BASE_URL).replace(/\/+$/, '');
  // WeChat requires this parameter order and the #wechat_redirect fragment (its documentation's example).
  return `${base}/connect/oauth2/authorize?appid=${account.appId}&redirect_uri=${encodeURIComponent(redirectUri)}&response_type=code&scope=snsapi_base&state=${state}#wechat_redirect`;
}

const ZCodeAnswer = z.object({
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
  openid: z.string().optional(),
  scope: z.string().optional(),
  is_snapshotuser: z.number().optional(),
});

/**
 * Exchanges an authorisation code for the respondent's openid. Undefined for a respondent in WeChat's "snapshot
 * page" mode (`is_snapshotuser: 1`): that openid is a stand-in, not the person, and must not become an identity.
 * Throws WechatApiError when WeChat refuses the code (40029 invalid code, 40163 code used) or the credentials.
 */
export async function exchangeCode(ctx: AppContext, account: WechatAccount, code: string): Promise<string | undefined> {
  const base = (account.apiBaseUrl ?? WECHAT_API_BASE_URL).replace(/\/+$/, '');
  const q = new URLSearchParams({
    appid: account.appId,
    secret: account.appSecret,
    code,
    grant_type: 'authorization_code',
  });
  const answer = ZCodeAnswer.parse(
    await wechatJson(ctx, 'oauth2 code exchange', `${base}/sns/oauth2/access_token?${q}`),
  );
  if (answer.errcode || !answer.openid)
    throw new WechatApiError('oauth2 code exchange', answer.errcode ?? 0, answer.errmsg, answer.errcode === -1);
  if (answer.is_snapshotuser === 1) return undefined;
  return /^[\w-]{6,64}$/.test(answer.openid) ? answer.openid : undefined;
}

/** The cookie value: `<tenant>.<appid>.<openid>.<expiry>.<signature>`. */
export function signOpenidCookie(secret: string, tenantId: string, appId: string, openid: string, now: Date): string {
  const body = `${tenantId}.${appId}.${openid}.${Math.floor(now.getTime() / 1000) + OPENID_COOKIE_TTL_S}`;
  return `${body}.${mac(secret, 'openid', body).toString('base64url')}`;
}

/** The openid a cookie vouches for, when it was signed here for this tenant and account and has not expired. */
export function verifyOpenidCookie(
  secret: string,
  value: string | undefined,
  tenantId: string,
  appId: string | undefined,
  now: Date,
): string | undefined {
  if (!value || value.length > 300) return undefined;
  const parts = value.split('.');
  if (parts.length !== 5) return undefined;
  const [t, app, openid, exp, sig] = parts;
  if (t !== tenantId || (appId !== undefined && app !== appId) || !/^[\w-]{6,64}$/.test(openid)) return undefined;
  if (!/^\d{1,12}$/.test(exp) || Number(exp) * 1000 < now.getTime()) return undefined;
  const expected = mac(secret, 'openid', parts.slice(0, 4).join('.'));
  return safeEqual(Buffer.from(sig, 'base64url'), expected) ? openid : undefined;
}

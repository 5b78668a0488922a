import type { FastifyReply, FastifyRequest } from 'fastify';
import { secureCookie } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { WechatApiError } from './access-token.ts';
import { wechatAccountOf } from './account.ts';
import { hasOpenidAnswered } from './commands/claim-openid.ts';
import {
  authorizeUrl,
  exchangeCode,
  isWechatBrowser,
  OPENID_COOKIE,
  OPENID_COOKIE_TTL_S,
  signOpenidCookie,
  signState,
  verifyOpenidCookie,
  verifyState,
} from './oauth.ts';

/** What the survey page does about WeChat for one request. */
export type WechatPageStep =
  /** Not inside WeChat, no official account, OAuth off, or WeChat refused: show the page as is. */
  | { kind: 'show' }
  /** Send the respondent (to WeChat's authorize page, or back to the clean page URL after the code exchange). */
  | { kind: 'redirect'; location: string }
  /** The openid already answered this "one response per openid" survey: the 409 page. */
  | { kind: 'answered' };

/**
 * The survey page's WeChat step (oauth.ts describes the flow). Outside WeChat this costs nothing; inside, one
 * query for the tenant's account. A code WeChat refuses, a forged or stale `state`, or a snapshot-mode respondent
 * shows the page without an openid rather than looping through WeChat again.
 */
export async function wechatPageStep(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  link: { tenantId: string; surveyId: string; token: string },
): Promise<WechatPageStep> {
  if (!isWechatBrowser(req.headers['user-agent'])) return { kind: 'show' };
  const account = await wechatAccountOf(ctx.db, ctx.config, link.tenantId);
  if (!account?.oauthEnabled) return { kind: 'show' };
  const now = ctx.clock.now();
  const query = req.query as { code?: unknown; state?: unknown };
  const pageUrl = `${ctx.config.publicUrl}/s/${link.token}`;
  const known = verifyOpenidCookie(ctx.config.secret, req.cookies?.[OPENID_COOKIE], link.tenantId, account.appId, now);
  if (known) {
    if (await hasOpenidAnswered(ctx.db, link.tenantId, link.surveyId, known)) return { kind: 'answered' };
    return { kind: 'show' };
  }
  if (typeof query.state === 'string') {
    // Back from WeChat: exchange the code once; whatever happens, do not send the respondent round again.
    if (typeof query.code !== 'string' || !/^[\w-]{1,128}$/.test(query.code)) return { kind: 'show' };
    if (!verifyState(ctx.config.secret, link.tenantId, link.token, query.state, now)) return { kind: 'show' };
    let openid: string | undefined;
    try {
      openid = await exchangeCode(ctx, account, query.code);
    } catch (err) {
      if (err instanceof WechatApiError) return { kind: 'show' };
      throw err;
    }
    if (!openid) return { kind: 'show' };
    reply.setCookie(OPENID_COOKIE, signOpenidCookie(ctx.config.secret, link.tenantId, account.appId, openid, now), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookie(ctx, req),
      maxAge: OPENID_COOKIE_TTL_S,
    });
    if (await hasOpenidAnswered(ctx.db, link.tenantId, link.surveyId, openid)) return { kind: 'answered' };
    return { kind: 'redirect', location: pageUrl };
  }
  return {
    kind: 'redirect',
    location: authorizeUrl(account, pageUrl, signState(ctx.config.secret, link.tenantId, link.token, now)),
  };
}

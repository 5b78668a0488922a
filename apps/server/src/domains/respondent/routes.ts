import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { ZRespondentSurveyResponse } from '@loopcx/shared';
import { z } from 'zod';
import { originOf } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Router } from '../../platform/routing.ts';
import { surveyCsp } from '../../platform/security-headers.ts';
import { externalActor } from '../inspections/resolve-link.ts';
import { interceptFrameOrigins } from '../intercepts/queries/frame-origins.ts';
import { frameAncestorsOf } from '../security/queries/security-settings.ts';
import { resolveSurveyToken } from '../surveys/resolve-token.ts';
import { wechatPageStep } from '../wechat/survey-page.ts';
import { markInvitationOpened } from './commands/mark-invitation-opened.ts';

export { builtSurveyDist as surveyDist } from '../../platform/config.ts';

const MESSAGES: Record<string, { zh: string; en: string }> = {
  404: { zh: '问卷链接无效', en: 'This survey link is not valid' },
  409: { zh: '问卷暂未开放，请稍后再试', en: 'This survey is not open right now' },
  410: { zh: '问卷已结束或链接已过期', en: 'This survey has ended or the link has expired' },
  answered: { zh: '您已经填写过这份问卷，感谢您的参与！', en: 'You have already answered this survey. Thank you!' },
  audit404: { zh: '检查链接无效', en: 'This audit link is not valid' },
  audit410: { zh: '此检查已取消', en: 'This audit was cancelled' },
};

/** A tiny bilingual page for links that cannot be answered, with the matching status code. */
function errorPage(status: number | keyof typeof MESSAGES) {
  const m = MESSAGES[status] ?? MESSAGES[404];
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${m.zh}</title>
<style>body{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f7fa;color:#1f2329;display:grid;place-items:center;min-height:100vh}div{background:#fff;padding:32px 24px;border-radius:12px;text-align:center;margin:16px}</style>
</head><body><div><p>${m.zh}</p><p style="color:#8a8f99">${m.en}</p></div></body></html>`;
}

const shells = new Map<string, string>();
/** The built respondent page's HTML shell from `dist` (the config's `surveyDist`), read once; 503 when not built. */
export function pageShell(dist: string): string {
  const cached = shells.get(dist);
  if (cached) return cached;
  const file = join(dist, 'index.html');
  if (!existsSync(file)) throw new AppError('unavailable', 'The respondent page is not built: run `npm run build`');
  const shell = readFileSync(file, 'utf8');
  shells.set(dist, shell);
  return shell;
}

/** What the respondent page asks before rendering a link (public: the signed token is the credential). */
export async function respondentPublicRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/public/surveys/:token',
    {
      // The respondent page's survey definition: as urgent as the submit.
      config: { dbLane: 'short' },
      schema: {
        tags: ['respondent'],
        summary: 'What the respondent page needs to render a link: the published definition and context',
        params: z.object({ token: z.string().min(1).max(300) }),
        security: [],
        response: { 200: ZRespondentSurveyResponse },
      },
    },
    async (req) => {
      const link = await resolveSurveyToken(ctx, req.params.token);
      if (link.invitation) {
        await markInvitationOpened(ctx, link.tenantId, link.invitation.id);
      }
      const def = link.version.definition as { locale?: string };
      return {
        survey: { id: link.survey.id, name: link.survey.name },
        version: { id: link.version.id },
        definition: link.version.definition,
        locale: def.locale ?? 'zh-cn',
        context: link.invitation?.context ?? {},
        invitationId: link.invitation?.id ?? null,
      };
    },
  );
}

/** The respondent page itself at /s/:token and its assets, or a small error page for a link that cannot be answered. */
export async function respondentRootRoutes(r: Router, ctx: AppContext) {
  const dist = ctx.config.surveyDist;
  if (existsSync(dist)) {
    await r.register(fastifyStatic, {
      root: dist,
      prefix: '/s-assets/',
      decorateReply: false,
      maxAge: '7d',
      immutable: true,
      index: false,
      // .br/.gz written beside each asset by the build (scripts/vite-precompress.ts).
      preCompressed: true,
    });
  }
  // The console's phone preview frames the respondent page here and posts it the draft definition (same origin),
  // so builders see exactly what respondents get; the page itself carries no survey data.
  // Its CSP is the survey page's, framable only by the console itself ('self').
  r.get('/s-preview', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', surveyCsp(["'self'"]))
      .send(pageShell(dist)),
  );
  // An external inspector's audit link (decision "external inspectors"): the same runtime, its audit page.
  r.get(
    '/a/:token',
    { schema: { hide: true, params: z.object({ token: z.string().min(1).max(300) }) } },
    async (req, reply) => {
      reply.header('referrer-policy', 'no-referrer').header('content-security-policy', surveyCsp([]));
      try {
        await externalActor(ctx, req.params.token, originOf(req));
      } catch (err) {
        if (err instanceof AppError && (err.status === 404 || err.status === 410))
          return reply
            .code(err.status)
            .type('text/html; charset=utf-8')
            .send(errorPage(err.status === 410 ? 'audit410' : 'audit404'));
        throw err;
      }
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(pageShell(dist));
    },
  );
  r.get(
    '/s/:token',
    { schema: { hide: true, params: z.object({ token: z.string().min(1).max(300) }) } },
    async (req, reply) => {
      // The token is in the URL: no Referer leaves the page (links in survey HTML, images from other hosts).
      reply.header('referrer-policy', 'no-referrer');
      let tenantId: string;
      let surveyId: string;
      let invitationId: string | undefined;
      try {
        const link = await resolveSurveyToken(ctx, req.params.token);
        tenantId = link.tenantId;
        surveyId = link.survey.id;
        invitationId = link.invitation?.id;
      } catch (err) {
        if (err instanceof AppError && [404, 409, 410].includes(err.status))
          return reply
            .code(err.status)
            .header('content-security-policy', surveyCsp([]))
            .type('text/html; charset=utf-8')
            .send(errorPage(err.status));
        throw err;
      }
      // Inside WeChat, with the tenant's official account configured: learn the respondent's openid (decision 45).
      const wechat = await wechatPageStep(ctx, req, reply, { tenantId, surveyId, token: req.params.token });
      if (wechat.kind === 'redirect') return reply.header('cache-control', 'no-store').redirect(wechat.location, 302);
      if (wechat.kind === 'answered')
        return reply
          .code(409)
          .header('cache-control', 'no-store')
          .header('content-security-policy', surveyCsp([]))
          .type('text/html; charset=utf-8')
          .send(errorPage('answered'));
      // Framing follows the tenant's list (iframes on its sites, WeChat portals); none by default. A link an intercept
      // showed may also be framed by the allowed origins of the SDK key whose page showed it (decision 66).
      const framers = [...(await frameAncestorsOf(ctx.db, tenantId))];
      if (invitationId)
        for (const o of await interceptFrameOrigins(ctx.db, tenantId, invitationId))
          if (!framers.includes(o)) framers.push(o);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-security-policy', surveyCsp(framers))
        .send(pageShell(dist));
    },
  );
}

import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Router } from '../../platform/routing.ts';
import { surveyCsp } from '../../platform/security-headers.ts';
import { pageShell } from '../respondent/routes.ts';
import { joinClaims, portalMember } from './public-routes.ts';

const MESSAGES = {
  404: { zh: '链接无效', en: 'This link is not valid' },
  410: { zh: '此链接已失效', en: 'This link is no longer active' },
};

function errorPage(status: 404 | 410) {
  const m = MESSAGES[status];
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${m.zh}</title></head><body style="font:16px/1.6 sans-serif;text-align:center;padding:48px 16px"><p>${m.zh}</p><p style="color:#8a8f99">${m.en}</p></body></html>`;
}

/** The respondent runtime's panel pages: `/join/{token}` (recruitment) and `/m/{token}` (member portal). */
export async function panelRootRoutes(r: Router, ctx: AppContext) {
  const page =
    (check: (token: string) => Promise<unknown>) =>
    async (req: { params: { token: string } }, reply: import('fastify').FastifyReply) => {
      reply.header('referrer-policy', 'no-referrer').header('content-security-policy', surveyCsp([]));
      try {
        await check(req.params.token);
      } catch (err) {
        if (err instanceof AppError && (err.status === 404 || err.status === 410))
          return reply.code(err.status).type('text/html; charset=utf-8').send(errorPage(err.status));
        throw err;
      }
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(pageShell(ctx.config.surveyDist));
    };
  const params = z.object({ token: z.string().min(1).max(300) });
  r.get(
    '/join/:token',
    { schema: { hide: true, params } },
    page((t) => joinClaims(ctx, t)),
  );
  r.get(
    '/m/:token',
    { schema: { hide: true, params } },
    page((t) => portalMember(ctx, t)),
  );
}

import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Router } from '../../platform/routing.ts';
import { resolveSurveyToken } from '../surveys/resolve-token.ts';
import { markInvitationStarted } from './commands/mark-started.ts';
import { optOut } from './commands/opt-out.ts';
import { verifyUnsubscribeToken } from './tokens.ts';

const ZToken = z.object({ token: z.string().min(1).max(300) });
const ZOk = z.object({ ok: z.literal(true) });

/** Public endpoints the signed tokens authorise: the respondent page's "started" and the unsubscribe link. */
export async function reachPublicRoutes(r: Router, ctx: AppContext) {
  r.post(
    '/public/surveys/:token/started',
    {
      config: { dbLane: 'short' },
      schema: {
        tags: ['respondent'],
        summary: 'The respondent gave a first answer on a personalised link (the invitation funnel’s "started")',
        params: ZToken,
        security: [],
        response: { 200: ZOk },
      },
    },
    async (req) => {
      const link = await resolveSurveyToken(ctx, req.params.token);
      if (link.invitation) await markInvitationStarted(ctx, link.tenantId, link.invitation.id);
      return { ok: true as const };
    },
  );
  r.post(
    '/public/unsubscribe/:token',
    {
      schema: {
        tags: ['respondent'],
        summary: 'Opt out of survey invitations (the signed link every invitation carries); honoured at once',
        params: ZToken,
        security: [],
        response: { 200: ZOk },
      },
    },
    async (req) => {
      await optOut(ctx, req.params.token);
      return { ok: true as const };
    },
  );
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1f2329}button{font-size:1rem;padding:.6rem 1.2rem}</style></head><body>${body}</body></html>`;

/**
 * The unsubscribe link itself, at /u/:token: GET shows a confirmation button (mail scanners prefetch links, so a
 * GET must not opt anyone out); POST — the button, or a mail client's one-click unsubscribe (RFC 8058
 * `List-Unsubscribe-Post`) — records the opt-out.
 */
export async function reachRootRoutes(r: Router, ctx: AppContext) {
  const html = (reply: import('fastify').FastifyReply, status: number, body: string) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(body);
  const invalidLink = page('退订 Unsubscribe', '<h1>链接无效</h1><p>This unsubscribe link is not valid.</p>');
  r.get('/u/:token', { schema: { hide: true, params: ZToken } }, async (req, reply) => {
    if (!verifyUnsubscribeToken(ctx.config.secret, req.params.token)) return html(reply, 404, invalidLink);
    return html(
      reply,
      200,
      page(
        '退订 Unsubscribe',
        `<h1>退订问卷邀请</h1><p>确认后，我们将不再向您发送问卷邀请。<br>Stop receiving survey invitations?</p>
<form method="post"><button type="submit">确认退订 / Unsubscribe</button></form>`,
      ),
    );
  });
  // RFC 8058: a mail client's one-click unsubscribe POSTs `List-Unsubscribe=One-Click` as a form
  // (application/x-www-form-urlencoded or multipart/form-data). The body guards refuse form types everywhere else
  // (cross-site forms, request-guards.ts); here the signed token in the path is the whole authorisation, so a form
  // body is read (bounded) and ignored: any POST to a valid link opts out, as the RFC asks.
  await r.register(async (scope) => {
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data'])
      scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 4096 }, (_req, _body, done) =>
        done(null, undefined),
      );
    scope.post(
      '/u/:token',
      {
        config: { uploadTypes: ['application/x-www-form-urlencoded', 'multipart/form-data'] },
        schema: { hide: true, params: ZToken },
      },
      async (req, reply) => {
        const { token } = req.params as { token: string };
        try {
          await optOut(ctx, token);
        } catch (err) {
          if (err instanceof AppError && err.status === 404) return html(reply, 404, invalidLink);
          throw err;
        }
        return html(
          reply,
          200,
          page(
            '退订 Unsubscribe',
            '<h1>已退订</h1><p>您将不再收到问卷邀请。<br>You will not receive survey invitations any more.</p>',
          ),
        );
      },
    );
  });
}

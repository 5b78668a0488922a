import { ZSsoDiscoveryResponse } from '@loopcx/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { originOf } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { sendProblem } from '../../platform/http.ts';
import type { Router } from '../../platform/routing.ts';
import { setSessionCookie } from '../auth/routes.ts';
import { completeSsoLogin } from './commands/complete-sso-login.ts';
import { startSsoLogin } from './commands/start-sso-login.ts';
import { SsoRefused } from './oidc.ts';
import { type SsoConfigRow, tenantForLogin } from './queries/get-sso-config.ts';

const tags = ['auth'];
/** Holds the state of the sign-in this browser started; only sent back to the SSO routes. */
export const SSO_STATE_COOKIE = 'lcx_sso';
const COOKIE_PATH = '/api/v1/auth/sso';
const ZSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'an organisation slug');
/** Where to land after sign-in: a path of this site only (never `//host` or a URL). */
const ZReturnTo = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\s]*$/, 'a path on this site')
  .default('/');

/** A browser navigation gets the login page with the reason; an API client gets problem+json. */
function refuse(req: FastifyRequest, reply: FastifyReply, err: AppError, slug?: string) {
  const accept = String(req.headers.accept ?? '');
  if (accept.includes('text/html')) {
    const reason = err instanceof SsoRefused ? err.reason : err.code;
    const q = new URLSearchParams({ ...(slug ? { tenant: slug } : {}), ssoError: reason });
    return reply.redirect(`/login?${q}`, 302);
  }
  return sendProblem(reply, err, String(req.id));
}

/** Public single sign-on routes: what the login page offers, the start of a sign-in and the provider's callback. */
export async function ssoLoginRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/auth/sso',
    {
      schema: {
        tags,
        summary: "An organisation's sign-in options by its slug (the login page's SSO button)",
        querystring: z.object({ tenant: ZSlug }).strict(),
        security: [],
        response: { 200: ZSsoDiscoveryResponse },
      },
    },
    async (req) => {
      const t = await tenantForLogin(ctx.db, req.query.tenant);
      if (!t) throw notFound('Organisation');
      const on = !!t.enabled;
      return {
        tenant: { slug: t.slug, name: t.name },
        provider: on
          ? { name: t.provider_name!, startUrl: `/api/v1/auth/sso/${encodeURIComponent(t.slug)}/start` }
          : null,
        ssoOnly: on && !!t.sso_only,
      };
    },
  );

  r.get(
    '/auth/sso/:tenant/start',
    {
      schema: {
        tags,
        summary: "Start a sign-in with the organisation's OpenID Connect provider (redirects there)",
        params: z.object({ tenant: ZSlug }),
        querystring: z.object({ returnTo: ZReturnTo }).strict(),
        security: [],
        response: { 302: z.void() },
      },
    },
    async (req, reply) => {
      const t = await tenantForLogin(ctx.db, req.params.tenant);
      if (!t?.enabled) return refuse(req, reply, notFound('Single sign-on for this organisation'), req.params.tenant);
      try {
        const { url, state } = await startSsoLogin(ctx, t as SsoConfigRow, req.query.returnTo);
        reply.setCookie(SSO_STATE_COOKIE, state, {
          path: COOKIE_PATH,
          httpOnly: true,
          // Lax: the provider's redirect back is a top-level GET navigation, which carries Lax cookies.
          sameSite: 'lax',
          secure: req.protocol === 'https',
          maxAge: 600,
        });
        return reply.redirect(url, 302);
      } catch (err) {
        if (err instanceof AppError) return refuse(req, reply, err, t.slug);
        throw err;
      }
    },
  );

  r.get(
    '/auth/sso/callback',
    {
      schema: {
        tags,
        summary: 'Where the provider sends the browser back (code and state); signs in and redirects',
        querystring: z.object({
          code: z.string().max(2000).optional(),
          state: z.string().max(200).optional(),
          error: z.string().max(200).optional(),
          error_description: z.string().max(2000).optional(),
          iss: z.string().max(500).optional(),
          session_state: z.string().max(500).optional(),
        }),
        security: [],
        response: { 302: z.void() },
      },
    },
    async (req, reply) => {
      reply.clearCookie(SSO_STATE_COOKIE, { path: COOKIE_PATH });
      try {
        const session = await completeSsoLogin(
          ctx,
          { ...req.query, cookieState: req.cookies?.[SSO_STATE_COOKIE] },
          originOf(req),
        );
        setSessionCookie(ctx, req, reply, session.token);
        return reply.redirect(session.returnTo, 302);
      } catch (err) {
        if (err instanceof AppError) return refuse(req, reply, err);
        throw err;
      }
    },
  );
}

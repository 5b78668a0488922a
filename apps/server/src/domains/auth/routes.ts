import { ZMeResponse } from '@loopcx/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit, recordAudit } from '../../platform/audit.ts';
import { actorOf, originOf, resolveActor, SESSION_COOKIE, SESSION_TTL_MS, secureCookie } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertPasswordPolicy } from '../../platform/password-policy.ts';
import { assertSameOrigin } from '../../platform/request-guards.ts';
import type { Router } from '../../platform/routing.ts';
import { changePassword } from './commands/change-password.ts';
import { LoginRefused, login } from './commands/login.ts';
import { logout } from './commands/logout.ts';
import { updateProfile } from './commands/update-profile.ts';
import { LoginLimiter } from './login-limiter.ts';
import { presentMe } from './presenter.ts';

const tags = ['auth'];

const ZLogin = z.object({
  email: z.string().trim().min(3).max(254).email(),
  password: z.string().min(1).max(1024),
  tenant: z.string().trim().min(2).max(63).optional(),
});

/**
 * Sets the console session cookie (password and single sign-on logins): HTTP-only, SameSite=Lax, and Secure
 * whenever the public URL or the request is https.
 */
export function setSessionCookie(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookie(ctx, req),
    maxAge: SESSION_TTL_MS / 1000,
  });
}

/** A refused password login of an existing account, in that account's tenant (unknown emails have no tenant). */
async function auditLoginFailure(ctx: AppContext, req: FastifyRequest, err: LoginRefused) {
  const { tenantId, userId } = err.account!;
  await recordAudit(
    ctx.db,
    {
      tenantId,
      kind: 'anonymous',
      id: userId,
      label: req.body ? (req.body as { email: string }).email : null,
      ...originOf(req),
    },
    {
      action: 'auth.login_failed',
      targetType: 'user',
      targetId: userId,
      outcome: 'failure',
      status: err.status,
      after: { method: 'password', reason: err.message },
    },
  );
}

/** Public auth routes: login and logout. */
export async function authPublicRoutes(r: Router, ctx: AppContext) {
  const limiter = new LoginLimiter(ctx.db, () => ctx.clock.now().getTime());

  r.post(
    '/auth/login',
    {
      config: { dbLane: 'short' },
      schema: {
        tags,
        summary: 'Log in; sets an HTTP-only session cookie',
        body: ZLogin,
        security: [],
        response: { 200: ZMeResponse },
      },
    },
    async (req, reply) => {
      // Login CSRF: a foreign page must not log the browser into the attacker's account.
      if (req.headers.origin !== undefined || req.headers.referer !== undefined)
        assertSameOrigin(req, ctx.config.publicUrl);
      const account = req.body.email.toLowerCase();
      const block = await limiter.check(account, req.ip);
      if (block) {
        reply.header('retry-after', String(block.retryAfter));
        const wait = Math.ceil(block.retryAfter / 60);
        throw new AppError(
          'rate_limited',
          block.reason === 'client'
            ? `Too many failed logins from your address; try again in ${wait} min`
            : `Too many failed logins for this account from your address; try again in ${wait} min`,
        );
      }
      let session: Awaited<ReturnType<typeof login>>;
      try {
        session = await login(ctx.db, ctx.clock, req.body);
      } catch (err) {
        if (err instanceof AppError && err.code === 'unauthenticated') await limiter.fail(account, req.ip);
        if (err instanceof LoginRefused && err.account) await auditLoginFailure(ctx, req, err);
        throw err;
      }
      await limiter.succeed(account, req.ip);
      setSessionCookie(ctx, req, reply, session.token);
      req.cookies[SESSION_COOKIE] = session.token;
      const actor = await resolveActor(ctx, req);
      await audit(ctx.db, { ...actor!, origin: originOf(req) }, 'auth.login', 'user', actor!.id, {
        method: 'password',
      });
      return presentMe(ctx.db, actor!);
    },
  );

  r.post(
    '/auth/logout',
    { schema: { tags, summary: 'End the session', security: [], response: { 204: z.void() } } },
    async (req, reply) => {
      const token = req.cookies?.[SESSION_COOKIE];
      const actor = token ? await resolveActor(ctx, req) : undefined;
      if (token) {
        assertSameOrigin(req, ctx.config.publicUrl);
        await logout(ctx.db, token);
      }
      if (actor) await audit(ctx.db, { ...actor, origin: originOf(req) }, 'auth.logout', 'user', actor.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );
}

/** Authenticated routes about the caller. */
export async function meRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/me',
    { schema: { tags, summary: 'The caller: identity, tenant, scope and abilities', response: { 200: ZMeResponse } } },
    async (req) => presentMe(ctx.db, actorOf(req)),
  );

  r.patch(
    '/me',
    {
      schema: {
        tags,
        summary: 'Update your name or console language',
        body: z
          .object({ name: z.string().trim().min(1).max(200).optional(), locale: z.enum(['zh-CN', 'en']).optional() })
          .strict(),
        response: { 200: ZMeResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      if (actor.kind !== 'user') throw new AppError('forbidden', 'API keys have no profile');
      await updateProfile(ctx.db, actor, req.body);
      return presentMe(ctx.db, {
        ...actor,
        name: req.body.name ?? actor.name,
        locale: req.body.locale ?? actor.locale,
      });
    },
  );

  r.post(
    '/me/password',
    {
      schema: {
        tags,
        summary: 'Change your password',
        body: z.object({ current: z.string().min(1).max(1024), password: z.string().min(10).max(1024) }),
        response: { 204: z.void() },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      if (actor.kind !== 'user') throw new AppError('forbidden', 'API keys have no password');
      assertPasswordPolicy(req.body.password, { email: actor.email, locale: actor.locale });
      await changePassword(ctx.db, actor, req.body.current, req.body.password, req.cookies[SESSION_COOKIE] ?? '');
      return reply.code(204).send();
    },
  );
}

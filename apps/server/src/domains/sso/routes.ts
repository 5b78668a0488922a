import { ZSsoConfigResponse } from '@loopcx/shared';
import { z } from 'zod';
import { type Actor, actorOf, atTenantRoot, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import { forbidden } from '../../platform/errors.ts';
import { inTransaction, type Router } from '../../platform/routing.ts';
import { deleteSsoConfig, saveSsoConfig } from './commands/save-sso-config.ts';
import { forgetProviders } from './oidc.ts';
import { presentSsoConfig } from './presenter.ts';
import { getSsoConfig } from './queries/get-sso-config.ts';

const tags = ['sso'];
const ZMappedRole = z.enum(['admin', 'analyst', 'manager', 'agent', 'viewer']);
const claimName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w:-]+(\.[\w:-]+)*$/, 'a claim name, dotted for nested claims (realm_access.roles)');

const ZSsoConfigInput = z
  .object({
    enabled: z.boolean(),
    providerName: z.string().trim().min(1).max(60),
    issuer: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .refine((u) => !/[?#]/.test(u), 'an issuer URL has no query or fragment'),
    clientId: z.string().trim().min(1).max(200),
    clientSecret: z.string().min(1).max(500).optional(),
    scopes: z
      .string()
      .trim()
      .max(300)
      .regex(/^[\w:./-]+( [\w:./-]+)*$/, 'space-separated scopes')
      .default('openid email profile'),
    roleClaim: claimName.nullable().default(null),
    roleRules: z
      .array(z.object({ value: z.string().min(1).max(200), role: ZMappedRole }).strict())
      .max(50)
      .default([]),
    defaultRole: ZMappedRole.default('viewer'),
    unitClaim: claimName.nullable().default(null),
    unitRules: z
      .array(z.object({ value: z.string().min(1).max(200), orgUnitId: z.uuid() }).strict())
      .max(500)
      .default([]),
    defaultOrgUnitId: z.uuid().nullable().default(null),
    jit: z.boolean().default(true),
    ssoOnly: z.boolean().default(false),
  })
  .strict();

/** Owners and admins of the whole tenant, signed in to the console (an API key may not change how people log in). */
function authorizeSso(actor: Actor) {
  authorize(actor, 'sso.manage');
  if (actor.kind !== 'user') throw forbidden('Single sign-on is configured in the console, not with an API key');
  if (!atTenantRoot(actor)) throw forbidden('Single sign-on is set by owners and admins of the whole organisation');
}

const slugOf = async (ctx: AppContext, tenantId: string) =>
  (await one<{ slug: string }>(ctx.db, sql`SELECT slug FROM tenants WHERE id = ${tenantId}`))!.slug;

/** The tenant's OpenID Connect provider: read, save, remove. The client secret goes in and never comes out. */
export async function ssoConfigRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/sso/config',
    {
      schema: {
        tags,
        summary: 'The single sign-on (OpenID Connect) configuration; never the client secret',
        response: { 200: ZSsoConfigResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeSso(actor);
      return presentSsoConfig(
        ctx.config,
        await slugOf(ctx, actor.tenantId),
        await getSsoConfig(ctx.db, actor.tenantId),
      );
    },
  );

  r.put(
    '/sso/config',
    {
      schema: {
        tags,
        summary: 'Save the single sign-on configuration (omit clientSecret to keep the stored one)',
        body: ZSsoConfigInput,
        response: { 200: ZSsoConfigResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeSso(actor);
      await inTransaction(ctx, (tx) => saveSsoConfig(tx, actor, ctx.config.secret, req.body));
      forgetProviders();
      return presentSsoConfig(
        ctx.config,
        await slugOf(ctx, actor.tenantId),
        await getSsoConfig(ctx.db, actor.tenantId),
      );
    },
  );

  r.delete(
    '/sso/config',
    { schema: { tags, summary: 'Remove single sign-on', response: { 204: z.void() } } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorizeSso(actor);
      await inTransaction(ctx, (tx) => deleteSsoConfig(tx, actor));
      return reply.code(204).send();
    },
  );
}

import { roleCan, type TAbility, type TRole } from '@loopcx/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestOrigin } from './audit.ts';
import type { AppContext } from './context.ts';
import { one, sql } from './db.ts';
import { AppError } from './errors.ts';
import { sha256 } from './passwords.ts';
import { withQueryLane } from './query-budget.ts';
import { assertSameOrigin, isStateChanging } from './request-guards.ts';

/** Who is calling: a console user (session cookie) or a system (API key). Always tenant- and unit-scoped. */
export interface Actor {
  tenantId: string;
  /**
   * `external`: an external inspector working one audit through its signed link (built by the inspections domain's
   * public routes only, never from a session); their id is the audit's.
   */
  kind: 'user' | 'apiKey' | 'external';
  /** User id, the API key id, or (external) the audit id. */
  id: string;
  role: TRole;
  orgUnitId: string;
  /** Materialised path of the actor's unit: everything they may see lives under it. */
  orgPath: string;
  email?: string;
  name?: string;
  locale?: string;
  /** An API key's scopes (`<domain>:read|write`); null or absent: every domain its role reaches. */
  scopes?: readonly string[] | null;
  /** Where the request came from (IP, user agent, request id), recorded in the audit log. */
  origin?: RequestOrigin;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

export const SESSION_COOKIE = 'lcx_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

interface ActorRow {
  tenant_id: string;
  id: string;
  role: TRole;
  org_unit_id: string;
  path: string;
  email?: string;
  name?: string;
  locale?: string;
  scopes?: string[] | null;
}

const toActor = (r: ActorRow, kind: Actor['kind']): Actor => ({
  tenantId: r.tenant_id,
  kind,
  id: r.id,
  role: r.role,
  orgUnitId: r.org_unit_id,
  orgPath: r.path,
  email: r.email,
  name: r.name,
  locale: r.locale,
  scopes: r.scopes ?? null,
});

/**
 * The actor of an API key, read on every request: no per-process cache, so a key revoked through any node is refused
 * by every node on its next request (a cache kept a revoked key alive for seconds on the other nodes). One indexed
 * statement; `last_used_at` is written at most once a minute per key, so a POS fleet's thousand requests a second on
 * one key do not each write its row.
 */
async function actorFromApiKey(ctx: AppContext, key: string): Promise<Actor | null> {
  const row = await one<ActorRow>(
    ctx.db,
    sql`WITH k AS (
          SELECT k.tenant_id, k.id, k.role, k.org_unit_id, u.path, k.name, k.scopes, k.last_used_at
          FROM api_keys k JOIN org_units u ON u.tenant_id = k.tenant_id AND u.id = k.org_unit_id
          WHERE k.key_hash = ${sha256(key)} AND k.revoked_at IS NULL),
        touched AS (
          UPDATE api_keys a SET last_used_at = now() FROM k
          WHERE a.tenant_id = k.tenant_id AND a.id = k.id
            AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute'))
        SELECT tenant_id, id, role, org_unit_id, path, name, scopes FROM k`,
  );
  return row ? toActor(row, 'apiKey') : null;
}

async function actorFromSession(ctx: AppContext, token: string): Promise<Actor | null> {
  const row = await one<ActorRow>(
    ctx.db,
    sql`SELECT u.tenant_id, u.id, u.role, u.org_unit_id, o.path, u.email, u.name, u.locale
        FROM sessions s
        JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
        JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id
        WHERE s.id = ${sha256(token)} AND s.expires_at > ${ctx.clock.now().toISOString()} AND u.status = 'active'`,
  );
  return row ? toActor(row, 'user') : null;
}

/** Resolves the caller from a bearer key or the session cookie; undefined when neither is valid. */
export async function resolveActor(ctx: AppContext, req: FastifyRequest): Promise<Actor | undefined> {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.toLowerCase().startsWith('bearer ')) {
    const key = header.slice(7).trim();
    if (!key || key.length > 200) return undefined;
    return (await actorFromApiKey(ctx, key)) ?? undefined;
  }
  const token = req.cookies?.[SESSION_COOKIE];
  if (token && token.length < 200) return (await actorFromSession(ctx, token)) ?? undefined;
  return undefined;
}

/** Where a request came from, for the audit log (`req.ip` honours the server's trusted-proxy setting). */
export function originOf(req: FastifyRequest): RequestOrigin {
  const ua = req.headers['user-agent'];
  return { ip: req.ip, userAgent: typeof ua === 'string' ? ua : undefined, requestId: String(req.id) };
}

/**
 * preHandler for authenticated routes: 401 without a valid session or key; 403 for a state-changing request the
 * session cookie authenticates that did not come from our own origin (CSRF). API keys are exempt: a browser
 * never attaches them by itself.
 */
export function authenticate(ctx: AppContext) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    // The session lookup of every console request must not queue behind another request's long query.
    const actor = await withQueryLane('short', () => resolveActor(ctx, req));
    if (!actor) throw new AppError('unauthenticated', 'Log in or send Authorization: Bearer <API key>');
    if (actor.kind === 'user' && isStateChanging(req.method)) assertSameOrigin(req, ctx.config.publicUrl);
    req.actor = { ...actor, origin: originOf(req) };
  };
}

/** Whether the session cookie must be `Secure`: the public URL is https, or the request came over https. */
export function secureCookie(ctx: AppContext, req: FastifyRequest): boolean {
  return ctx.config.publicUrl.startsWith('https:') || req.protocol === 'https';
}

/** The authenticated actor of a request (routes behind `authenticate`). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated');
  return req.actor;
}

/** Asserts an ability from the shared roles table; 403 otherwise. */
export function authorize(actor: Actor, ability: TAbility): void {
  if (!roleCan(actor.role, ability)) {
    throw new AppError('forbidden', `Your role (${actor.role}) may not ${ability.replace('.', ' ')}`);
  }
}

/** True when the actor's scope is the tenant's whole tree (their unit is the root: a path of one id). */
export function atTenantRoot(actor: Actor): boolean {
  return actor.orgPath === `/${actor.orgUnitId}/`;
}

/** 403 for an API key on routes that manage access itself (API keys, security settings): people do that. */
export function assertPerson(actor: Actor, what: string): void {
  if (actor.kind === 'apiKey') throw new AppError('forbidden', `An API key may not ${what}; use the console`);
}

import { scopeAllows, type TApiScopeAccess } from '@loopcx/shared';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { type Actor, resolveActor } from './auth.ts';
import type { AppContext } from './context.ts';
import { AppError } from './errors.ts';
import { withQueryLane } from './query-budget.ts';

/** The scope an API key needs for one route: the route's domain (its first OpenAPI tag) and read or write. */
export interface KeyScope {
  domain: string;
  access: TApiScopeAccess;
  /** Every key may call it (`GET /me`: a key asking who it is). */
  open?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The API-key scope of a route, derived by `routeKeyScope` from its tag and method; a route may declare its
     * own (`{ access: 'read' }` for a read sent as POST).
     */
    keyScope?: Partial<KeyScope>;
  }
}

/** POST routes that only read (a query in a body): a `read` scope calls them. */
const READ_POSTS = new Set([
  'POST /api/v1/metrics/query',
  'POST /api/v1/metrics/validate',
  'POST /api/v1/customers/segments/preview',
]);
const OPEN = new Set(['GET /api/v1/me']);
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Derives a route's key scope from the route table: its domain is its first tag (else the first path segment after
 * /api/v1), its access `read` for GET/HEAD and the read-only POSTs, `write` otherwise. A route's own
 * `config.keyScope` wins.
 */
export function routeKeyScope(
  method: string,
  url: string,
  tags: readonly string[] | undefined,
  own?: Partial<KeyScope>,
) {
  const key = `${method} ${url}`;
  const domain = own?.domain ?? tags?.[0] ?? url.replace(/^\/api\/v1\//, '').split('/')[0];
  const access: TApiScopeAccess = own?.access ?? (READ_METHODS.has(method) || READ_POSTS.has(key) ? 'read' : 'write');
  return { domain, access, open: own?.open ?? OPEN.has(key) } satisfies KeyScope;
}

/**
 * onRoute hook of the private API: stores each route's scope on its config and documents it in OpenAPI
 * (`x-loopcx-scope` on the operation and a line in its description; bearer security requirements carry no scope
 * list in OpenAPI 3.0, which allows them only for OAuth2).
 */
export function declareKeyScope(route: RouteOptions): void {
  for (const method of [route.method].flat()) {
    if (method === 'HEAD') continue;
    const schema = (route.schema ?? {}) as { tags?: string[]; description?: string } & Record<string, unknown>;
    const scope = routeKeyScope(method, route.url, schema.tags, route.config?.keyScope);
    route.config = { ...(route.config ?? {}), keyScope: scope } as RouteOptions['config'];
    if (!route.schema) continue;
    const label = scope.open ? 'any API key' : `${scope.domain}:${scope.access}`;
    schema['x-loopcx-scope'] = scope.open ? null : `${scope.domain}:${scope.access}`;
    schema.description = `${schema.description ? `${schema.description}\n\n` : ''}API-key scope: \`${label}\`.`;
    break;
  }
}

/**
 * preValidation hook of the private API: an API key whose scopes do not cover the route's domain and access gets a
 * 403 before its body is validated (so a key learns nothing about routes it may not call). Sessions are governed
 * by their role alone; a key by its role (abilities), its unit (subtree) and its scopes — the narrowest wins. The
 * key lookup is the one `authenticate` makes next (cached per node for a few seconds); an unknown key passes on to
 * its 401.
 */
export function enforceKeyScope(ctx: AppContext) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !header.toLowerCase().startsWith('bearer ')) return;
    const actor = await withQueryLane('short', () => resolveActor(ctx, req));
    if (actor) assertKeyScope(req, actor);
  };
}

/** 403 unless the key's scopes cover the route's (sessions and keys without scopes pass). */
export function assertKeyScope(req: FastifyRequest, actor: Actor): void {
  if (actor.kind !== 'apiKey' || !actor.scopes) return;
  const scope = req.routeOptions.config?.keyScope as KeyScope | undefined;
  if (!scope || scope.open) return;
  if (!scopeAllows(actor.scopes, scope.domain, scope.access))
    throw new AppError(
      'forbidden',
      `This API key lacks the scope ${scope.domain}:${scope.access} (it has ${actor.scopes.join(', ') || 'none'})`,
    );
}

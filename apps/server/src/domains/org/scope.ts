import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth.ts';
import { type Executor, one, sql } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';

/**
 * The org scope builder: every query over org units (or anything carrying an org unit path) passes through it.
 * It adds the tenant and the caller's subtree to the WHERE clause, so rows outside scope are never read.
 * `alias` is the table alias holding `tenant_id` and `path`.
 */
export function orgScope(actor: Actor, alias = 'o'): SQL {
  const a = sql.raw(alias);
  return sql`${a}.tenant_id = ${actor.tenantId} AND ${a}.path LIKE ${likePrefix(actor.orgPath)}`;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Escapes LIKE wildcards in a path prefix (paths hold uuids and '/', but never trust that). */
export function likePrefix(path: string): string {
  return `${escapeLike(path)}%`;
}

/** `%text%` for ILIKE searches, with LIKE wildcards in the user's text escaped. */
export function likeContains(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** True when `path` (an org unit's materialised path) lies inside the actor's subtree. */
export function pathInScope(actor: Actor, path: string | null | undefined): boolean {
  return typeof path === 'string' && path.startsWith(actor.orgPath);
}

/** True when `path` lies inside the subtree whose root has `rootPath` (both materialised paths). */
export function pathWithin(path: string | null | undefined, rootPath: string | null | undefined): boolean {
  return typeof path === 'string' && typeof rootPath === 'string' && path.startsWith(rootPath);
}

/** An org unit as scope checks load it. */
export interface ScopedUnit {
  id: string;
  path: string;
  name: string;
  nameEn: string | null;
  kind: string;
  code: string;
}

/**
 * The one entry for "is this unit in the caller's scope": loads unit `id` of the caller's tenant and returns it
 * when it lies in the caller's subtree. Another tenant's unit, a missing one and one outside the subtree are all
 * the same 404 (`what` names the object in the message), so a caller learns nothing about units it may not see.
 */
export async function requireUnitInScope(
  ex: Executor,
  actor: Actor,
  id: string,
  what = 'Org unit',
): Promise<ScopedUnit> {
  const unit = await one<ScopedUnit>(
    ex,
    sql`SELECT id, path, name, name_en AS "nameEn", kind, code FROM org_units WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  if (!unit || !pathInScope(actor, unit.path)) throw notFound(what);
  return unit;
}

/** `<alias>.path` lies under `rootPath` (a LIKE on the materialised path with wildcards escaped). */
export function pathUnder(alias: string, rootPath: string): SQL {
  return sql`${sql.raw(alias)}.path LIKE ${likePrefix(rootPath)}`;
}

/** A sub-select of the ids of the units of `tenantId` under `rootPath` (itself included), for `x IN (…)`. */
export function unitIdsUnder(tenantId: string, rootPath: string): SQL {
  return sql`SELECT id FROM org_units WHERE tenant_id = ${tenantId} AND path LIKE ${likePrefix(rootPath)}`;
}

/**
 * `<alias>.path` lies under `<rootAlias>.path`, both org_units aliases of one query (e.g. "each row's unit under
 * which child"). Paths hold uuids and '/', so the root's path needs no LIKE escaping.
 */
export function pathUnderUnit(alias: string, rootAlias: string): SQL {
  return sql`${sql.raw(alias)}.path LIKE ${sql.raw(rootAlias)}.path || '%'`;
}

import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth.ts';
import { sql } from '../../platform/db.ts';

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

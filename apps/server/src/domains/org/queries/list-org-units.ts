import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { ORG_COLUMNS, type OrgUnitRow, presentOrgUnit } from '../presenter.ts';
import { likeContains, orgScope } from '../scope.ts';

export interface ListOrgUnitsOptions {
  includeArchived?: boolean;
  kind?: string;
  parentId?: string;
  q?: string;
}

/** Units in the actor's subtree, ordered by path so a tree can be built in one pass. */
export async function listOrgUnits(ex: Executor, actor: Actor, opts: ListOrgUnitsOptions = {}) {
  const filters = [orgScope(actor)];
  if (!opts.includeArchived) filters.push(sql`o.status = 'active'`);
  if (opts.kind) filters.push(sql`o.kind = ${opts.kind}`);
  if (opts.parentId) filters.push(sql`o.parent_id = ${opts.parentId}`);
  if (opts.q) {
    const like = likeContains(opts.q);
    filters.push(sql`(o.name ILIKE ${like} OR o.code ILIKE ${like} OR o.name_en ILIKE ${like})`);
  }
  const list = await rows<OrgUnitRow>(
    ex,
    sql`SELECT ${sql.raw(ORG_COLUMNS)} FROM org_units o WHERE ${sql.join(filters, sql` AND `)} ORDER BY o.depth, o.code`,
  );
  return list.map(presentOrgUnit);
}

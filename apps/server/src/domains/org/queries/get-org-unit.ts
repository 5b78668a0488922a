import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { ORG_COLUMNS, type OrgUnitRow } from '../presenter.ts';
import { orgScope } from '../scope.ts';

/** Loads one unit inside the actor's scope; another tenant's or an out-of-scope id is 404. */
export async function getOrgUnit(ex: Executor, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}) {
  const row = await one<OrgUnitRow>(
    ex,
    sql`SELECT ${sql.raw(ORG_COLUMNS)} FROM org_units o WHERE ${orgScope(actor)} AND o.id = ${id}
        ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`,
  );
  if (!row) throw notFound('Org unit');
  return row;
}

/** Looks a unit up by its code inside the actor's scope. */
export async function findOrgUnitByCode(ex: Executor, actor: Actor, code: string) {
  return one<OrgUnitRow>(
    ex,
    sql`SELECT ${sql.raw(ORG_COLUMNS)} FROM org_units o WHERE ${orgScope(actor)} AND o.code = ${code}`,
  );
}

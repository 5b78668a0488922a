import { randomUUID } from 'node:crypto';
import type { TOrgUnitCreate } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import { type Actor, authorize } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError, conflict } from '../../../platform/errors.ts';
import { ORG_COLUMNS, type OrgUnitRow, presentOrgUnit } from '../presenter.ts';
import { getOrgUnit } from '../queries/get-org-unit.ts';

/** Creates a unit under a parent inside the actor's scope. Codes are unique per tenant (409 otherwise). */
export async function createOrgUnit(tx: Executor, actor: Actor, input: TOrgUnitCreate) {
  authorize(actor, 'org.write');
  if (!input.parentId) {
    throw new AppError('invalid', 'parentId: a new unit needs a parent inside your scope', {
      invalidParams: [{ name: 'parentId', reason: 'required' }],
    });
  }
  const parent = await getOrgUnit(tx, actor, input.parentId);
  if (parent.status === 'archived') throw conflict('The parent unit is archived', 'parentId');
  const dup = await one(tx, sql`SELECT 1 FROM org_units WHERE tenant_id = ${actor.tenantId} AND code = ${input.code}`);
  if (dup) throw conflict(`Unit code ${input.code} is already used`, 'code');
  const id = randomUUID();
  const row = await one<OrgUnitRow>(
    tx,
    sql`INSERT INTO org_units AS o (tenant_id, id, parent_id, path, depth, code, name, name_en, kind,
                                      address, lat, lng)
        VALUES (${actor.tenantId}, ${id}, ${parent.id}, ${`${parent.path}${id}/`}, ${parent.depth + 1},
                ${input.code}, ${input.name}, ${input.nameEn ?? null}, ${input.kind},
                ${input.address || null}, ${input.location?.lat ?? null}, ${input.location?.lng ?? null})
        RETURNING ${sql.raw(ORG_COLUMNS)}`,
  );
  await audit(tx, actor, 'org_unit.create', 'org_unit', id, { code: input.code, name: input.name });
  return presentOrgUnit(row!);
}

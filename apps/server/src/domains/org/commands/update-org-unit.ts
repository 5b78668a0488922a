import type { TOrgUnitUpdate } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import { type Actor, authorize } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError, conflict, forbidden, invalid } from '../../../platform/errors.ts';
import { ORG_COLUMNS, type OrgUnitRow, presentOrgUnit } from '../presenter.ts';
import { getOrgUnit } from '../queries/get-org-unit.ts';
import { likePrefix } from '../scope.ts';

/**
 * Renames, re-codes, re-kinds, moves, archives or restores a unit. A move rewrites the materialised path of the
 * whole subtree in one statement; moving a unit under itself or its own descendant is refused (422).
 */
export async function updateOrgUnit(tx: Executor, actor: Actor, id: string, input: TOrgUnitUpdate) {
  authorize(actor, 'org.write');
  const unit = await getOrgUnit(tx, actor, id, { forUpdate: true });

  if (input.code !== undefined && input.code !== unit.code) {
    const dup = await one(
      tx,
      sql`SELECT 1 FROM org_units WHERE tenant_id = ${actor.tenantId} AND code = ${input.code}`,
    );
    if (dup) throw conflict(`Unit code ${input.code} is already used`, 'code');
  }

  if (input.parentId !== undefined && input.parentId !== unit.parent_id) {
    if (unit.path === actor.orgPath) throw forbidden('You cannot move the unit your own scope starts at');
    if (!unit.parent_id) throw invalid('parentId', 'the root unit cannot be moved');
    if (input.parentId === unit.id) throw invalid('parentId', 'a unit cannot be its own parent');
    const parent = await getOrgUnit(tx, actor, input.parentId);
    if (parent.path.startsWith(unit.path)) {
      throw invalid('parentId', 'a unit cannot move under its own descendant (that would make a cycle)');
    }
    if (parent.status === 'archived') throw conflict('The new parent unit is archived', 'parentId');
    const newPath = `${parent.path}${unit.id}/`;
    const delta = parent.depth + 1 - unit.depth;
    await tx.execute(
      sql`UPDATE org_units SET path = ${newPath} || substr(path, ${unit.path.length + 1}), depth = depth + ${delta},
                 updated_at = now()
          WHERE tenant_id = ${actor.tenantId} AND path LIKE ${likePrefix(unit.path)}`,
    );
    await tx.execute(
      sql`UPDATE org_units SET parent_id = ${parent.id} WHERE tenant_id = ${actor.tenantId} AND id = ${unit.id}`,
    );
  }

  if (input.status === 'archived' && unit.status !== 'archived') {
    if (!unit.parent_id || unit.path === actor.orgPath)
      throw conflict('This unit is the root of a scope and cannot be archived');
    // Archiving a unit archives its subtree: nothing stays active under an archived parent.
    await tx.execute(
      sql`UPDATE org_units SET status = 'archived', updated_at = now()
          WHERE tenant_id = ${actor.tenantId} AND path LIKE ${likePrefix(unit.path)}`,
    );
  } else if (input.status === 'active' && unit.status === 'archived') {
    const parent = unit.parent_id
      ? await one<{ status: string }>(
          tx,
          sql`SELECT status FROM org_units WHERE tenant_id = ${actor.tenantId} AND id = ${unit.parent_id}`,
        )
      : undefined;
    if (parent?.status === 'archived') throw conflict('Restore the parent unit first', 'status');
    await tx.execute(
      sql`UPDATE org_units SET status = 'active' WHERE tenant_id = ${actor.tenantId} AND id = ${unit.id}`,
    );
  }

  const row = await one<OrgUnitRow>(
    tx,
    sql`UPDATE org_units AS o SET
          code = ${input.code ?? unit.code},
          name = ${input.name ?? unit.name},
          name_en = ${input.nameEn === undefined ? unit.name_en : input.nameEn},
          kind = ${input.kind ?? unit.kind},
          address = ${input.address === undefined ? unit.address : input.address || null},
          lat = ${input.location === undefined ? unit.lat : (input.location?.lat ?? null)},
          lng = ${input.location === undefined ? unit.lng : (input.location?.lng ?? null)},
          updated_at = now()
        WHERE o.tenant_id = ${actor.tenantId} AND o.id = ${unit.id}
        RETURNING ${sql.raw(ORG_COLUMNS)}`,
  );
  if (!row) throw new AppError('not_found', 'Org unit not found');
  await audit(tx, actor, 'org_unit.update', 'org_unit', unit.id, input);
  return presentOrgUnit(row);
}

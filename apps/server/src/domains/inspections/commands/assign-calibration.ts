import { randomUUID } from 'node:crypto';
import { ABILITIES, type TNewCalibration } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { conflict, invalid } from '../../../platform/errors.ts';
import { pathUnderUnit } from '../../org/scope.ts';
import { authorizeManageQa } from '../policy.ts';
import type { AuditRow } from '../presenter.ts';

/**
 * Assigns a calibration partner to an audit already found (and locked) in the caller's scope: a second audit of the
 * same unit against the same pinned checklist version and of the same kind, for another inspector — an active user
 * of the tenant who may write inspections and whose subtree holds the unit (else they could not open it). Only QA
 * staff calibrate; a partner is not itself calibrated, and an audit has one live partner. Returns the partner's id.
 */
export async function assignCalibration(
  tx: Tx,
  actor: Actor,
  original: AuditRow,
  b: TNewCalibration,
  now: Date,
): Promise<string> {
  authorizeManageQa(actor);
  if (original.status === 'cancelled') throw conflict('The audit is cancelled');
  if (original.calibration_of) throw conflict('The audit is itself a calibration partner');
  if (original.kind === 'self_inspection')
    throw conflict('A self-inspection is compared with external audits (the self-gap), not calibrated');
  if (original.calibration_partner_id) throw conflict('The audit already has a calibration partner');
  if (b.inspectorId === original.inspector_id)
    throw invalid('inspectorId', 'the partner must be another inspector than the audit’s');
  const inspector = await one(
    tx,
    sql`SELECT 1 FROM users u JOIN org_units ou ON ou.tenant_id = u.tenant_id AND ou.id = u.org_unit_id
        JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = ${original.org_unit_id}
        WHERE u.tenant_id = ${actor.tenantId} AND u.id = ${b.inspectorId} AND u.status = 'active'
          AND u.role IN (SELECT jsonb_array_elements_text(${JSON.stringify(ABILITIES['inspections.write'])}::jsonb))
          AND ${pathUnderUnit('o', 'ou')}`,
  );
  if (!inspector) throw invalid('inspectorId', 'not an active inspector of this tenant whose scope holds the unit');
  const id = randomUUID();
  const dueAt = b.dueAt ?? (original.due_at ? new Date(original.due_at).toISOString() : null);
  await tx.execute(
    sql`INSERT INTO audits (tenant_id, id, checklist_id, checklist_version, org_unit_id, kind, inspector_id, due_at,
          calibration_of, created_by, created_at)
        VALUES (${actor.tenantId}, ${id}, ${original.checklist_id}, ${original.checklist_version},
          ${original.org_unit_id}, ${original.kind}, ${b.inspectorId}, ${dueAt}, ${original.id},
          ${actor.kind === 'user' ? actor.id : null}, ${now.toISOString()})`,
  );
  await audit(tx, actor, 'audit.calibrate', 'audit', id, { calibrationOf: original.id, inspectorId: b.inspectorId });
  return id;
}

import { randomUUID } from 'node:crypto';
import type { TAuditKind, TExternalInspector } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { conflict, forbidden, invalid, notFound } from '../../../platform/errors.ts';
import { requireUnitInScope } from '../../org/scope.ts';
import { canManageQa } from '../policy.ts';

export interface NewAudit {
  checklistId: string;
  orgUnitId: string;
  kind: TAuditKind;
  /** The internal inspector; default the caller; null: nobody in particular (a plan's self-inspection: the unit's staff). */
  inspectorId?: string | null;
  /** An external inspector instead of a user (then there is no internal inspector, not even the caller). */
  external?: TExternalInspector;
  dueAt?: string;
  /** The audit plan whose run makes it (`plans/run-plan.ts`). */
  planId?: string;
}

/**
 * Assigns an audit of a unit in the caller's scope against the checklist's current version (pinned: later edits of
 * the checklist do not change it). Mystery shops, sampling checks and rehearsals are HQ's; anyone who may write
 * inspections makes a self-inspection of a unit in scope. The inspector (default: the caller) must be a user of the
 * tenant. Returns the id.
 */
export async function createAudit(tx: Tx, actor: Actor, b: NewAudit, now: Date): Promise<string> {
  if (b.kind !== 'self_inspection' && !canManageQa(actor))
    throw forbidden('Only HQ quality staff, admins and owners assign mystery shops, sampling checks and rehearsals');
  const unit = await requireUnitInScope(tx, actor, b.orgUnitId);
  const c = await one<{ version: number; archived: boolean; unit_kinds: string[] }>(
    tx,
    sql`SELECT version, archived, unit_kinds FROM checklists WHERE tenant_id = ${actor.tenantId} AND id = ${b.checklistId}`,
  );
  if (!c) throw notFound('Checklist');
  if (c.archived) throw conflict('The checklist is archived', 'checklistId');
  if (c.unit_kinds.length && !c.unit_kinds.includes(unit.kind))
    throw invalid('orgUnitId', `the checklist applies to units of kind ${c.unit_kinds.join(', ')}`);
  if (b.external && b.inspectorId) throw invalid('external', 'give either inspectorId or external, not both');
  if (b.external && b.kind === 'self_inspection')
    throw invalid('external', 'a self-inspection is done by the unit itself, not by an external inspector');
  const inspectorId = b.external
    ? null
    : b.inspectorId !== undefined
      ? b.inspectorId
      : actor.kind === 'user'
        ? actor.id
        : null;
  if (
    inspectorId &&
    !(await one(tx, sql`SELECT 1 FROM users WHERE tenant_id = ${actor.tenantId} AND id = ${inspectorId}`))
  )
    throw invalid('inspectorId', 'not a user of this tenant');
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO audits (tenant_id, id, checklist_id, checklist_version, org_unit_id, kind, inspector_id,
          external_name, external_email, due_at, plan_id, created_by, created_at)
        VALUES (${actor.tenantId}, ${id}, ${b.checklistId}, ${c.version}, ${unit.id}, ${b.kind}, ${inspectorId},
          ${b.external?.name ?? null}, ${b.external?.email ?? null}, ${b.dueAt ?? null}, ${b.planId ?? null},
          ${actor.kind === 'user' ? actor.id : null}, ${now.toISOString()})`,
  );
  await audit(tx, actor, 'audit.create', 'audit', id, { ...b, checklistVersion: c.version });
  return id;
}

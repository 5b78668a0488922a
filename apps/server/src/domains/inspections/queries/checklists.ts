import type { TChecklistItem } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import type { ChecklistRow } from '../presenter.ts';

/** A checklist is the tenant's (not a unit's): the tenant is its whole boundary. Items are the current version's. */
const SELECT = (
  tenantId: string,
) => sql`SELECT c.id, c.name, c.description, c.journey_id, c.blueprint_id, c.unit_kinds, c.version,
    c.archived, v.items, c.owner_id, c.repeat_threshold, c.repeat_window_days, c.created_at, c.updated_at,
    (SELECT count(*) FROM audits a WHERE a.tenant_id = c.tenant_id AND a.checklist_id = c.id) AS audit_count
  FROM checklists c JOIN checklist_versions v ON v.tenant_id = c.tenant_id AND v.checklist_id = c.id AND v.version = c.version
  WHERE c.tenant_id = ${tenantId}`;

/** The tenant's checklists, active first, then by name; archived ones only when asked. */
export async function listChecklists(ex: Executor, actor: Actor, archived: boolean): Promise<ChecklistRow[]> {
  return rows<ChecklistRow>(
    ex,
    sql`${SELECT(actor.tenantId)} ${archived ? sql`` : sql`AND NOT c.archived`} ORDER BY c.archived, c.name, c.id`,
  );
}

/** One checklist of the caller's tenant; 404 for another tenant's or a missing one. */
export async function getChecklist(ex: Executor, actor: Actor, id: string): Promise<ChecklistRow> {
  const c = await one<ChecklistRow>(ex, sql`${SELECT(actor.tenantId)} AND c.id = ${id}`);
  if (!c) throw notFound('Checklist');
  return c;
}

/** The items of one version of a checklist (what an audit pinned). */
export async function checklistItems(
  ex: Executor,
  tenantId: string,
  checklistId: string,
  version: number,
): Promise<TChecklistItem[]> {
  const v = await one<{ items: TChecklistItem[] }>(
    ex,
    sql`SELECT items FROM checklist_versions WHERE tenant_id = ${tenantId} AND checklist_id = ${checklistId} AND version = ${version}`,
  );
  return v?.items ?? [];
}

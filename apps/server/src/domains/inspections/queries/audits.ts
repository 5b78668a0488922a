import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { orgScope, pathUnder, requireUnitInScope } from '../../org/scope.ts';
import type { AuditRow, PhotoRow, ResultRow } from '../presenter.ts';

/**
 * Audits with what lists show. An audit id alone is not a boundary: every read filters the tenant and the caller's
 * subtree through the audited unit (`orgScope` on `o`).
 */
export const AUDIT_SELECT = sql`SELECT a.id, a.checklist_id, c.name AS checklist_name, a.checklist_version, a.org_unit_id,
    o.code AS unit_code, o.name AS unit_name, o.name_en AS unit_name_en, o.address AS unit_address,
    o.lat AS unit_lat, o.lng AS unit_lng, o.path AS unit_path, a.kind, a.status,
    a.inspector_id, COALESCE(u.name, a.external_name) AS inspector_name, a.external_name IS NOT NULL AS external, a.due_at,
    (a.status = 'assigned' AND a.due_at < now()) AS overdue, a.plan_id, a.checked_in_at, a.check_in_lat, a.check_in_lng,
    a.check_in_distance_m, a.submitted_at, a.idempotency_key, a.score, a.fatal_failures, a.general_failed,
    a.general_applicable, a.created_at,
    ARRAY(SELECT t.id::text FROM tickets t WHERE t.tenant_id = a.tenant_id AND t.audit_id = a.id ORDER BY t.number) AS ticket_ids,
    a.calibration_of, (SELECT p.id FROM audits p WHERE p.tenant_id = a.tenant_id AND p.calibration_of = a.id
      AND p.status <> 'cancelled') AS calibration_partner_id
  FROM audits a
  JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
  JOIN checklists c ON c.tenant_id = a.tenant_id AND c.id = a.checklist_id
  LEFT JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.inspector_id`;

/** One audit in the caller's scope; 404 for another tenant's, a missing or an out-of-scope one. */
export async function getAudit(ex: Executor, actor: Actor, id: string, opts: { lock?: boolean } = {}) {
  if (opts.lock)
    await ex.execute(sql`SELECT 1 FROM audits WHERE tenant_id = ${actor.tenantId} AND id = ${id} FOR UPDATE`);
  const a = await one<AuditRow>(
    ex,
    sql`${AUDIT_SELECT} WHERE a.tenant_id = ${actor.tenantId} AND a.id = ${id} AND ${orgScope(actor)}`,
  );
  if (!a) throw notFound('Audit');
  return a;
}

export interface AuditFilter {
  orgUnitId?: string;
  kind?: string;
  status?: string;
  checklistId?: string;
  inspectorId?: string;
  /** The audits one run of an audit plan created. */
  planRunId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

const encode = (a: AuditRow) => Buffer.from(`${new Date(a.created_at).toISOString()}|${a.id}`).toString('base64url');
function decode(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id))
    throw invalid('cursor', 'not a cursor');
  return { at, id };
}

/** Audits of the caller's subtree (or a unit in it), newest first, a page at a time. */
export async function listAudits(ex: Executor, actor: Actor, f: AuditFilter) {
  const unit = f.orgUnitId ? await requireUnitInScope(ex, actor, f.orgUnitId) : null;
  const c = f.cursor ? decode(f.cursor) : null;
  const list = await rows<AuditRow>(
    ex,
    sql`${AUDIT_SELECT} WHERE a.tenant_id = ${actor.tenantId} AND ${orgScope(actor)}
        ${unit ? sql`AND ${pathUnder('o', unit.path)}` : sql``}
        ${f.kind ? sql`AND a.kind = ${f.kind}` : sql``}
        ${f.status ? sql`AND a.status = ${f.status}` : sql``}
        ${f.checklistId ? sql`AND a.checklist_id = ${f.checklistId}` : sql``}
        ${f.inspectorId ? sql`AND a.inspector_id = ${f.inspectorId}` : sql``}
        ${f.planRunId ? sql`AND a.plan_run_id = ${f.planRunId}` : sql``}
        ${f.from ? sql`AND coalesce(a.submitted_at, a.due_at, a.created_at) >= ${f.from}` : sql``}
        ${f.to ? sql`AND coalesce(a.submitted_at, a.due_at, a.created_at) < ${f.to}` : sql``}
        ${c ? sql`AND (a.created_at, a.id) < (${c.at}::timestamptz, ${c.id}::uuid)` : sql``}
        ORDER BY a.created_at DESC, a.id DESC LIMIT ${f.limit + 1}`,
  );
  const more = list.length > f.limit;
  const page = list.slice(0, f.limit);
  return { items: page, nextCursor: more ? encode(page[page.length - 1]) : null };
}

/** The results and photos of an audit already loaded in scope. */
export async function auditResults(ex: Executor, tenantId: string, auditId: string) {
  const [results, photos] = [
    await rows<ResultRow>(
      ex,
      sql`SELECT code, result, note, ticket_id FROM audit_results WHERE tenant_id = ${tenantId} AND audit_id = ${auditId}`,
    ),
    await rows<PhotoRow>(
      ex,
      sql`SELECT id, audit_id, item_code, file_ref, content_type FROM audit_photos
          WHERE tenant_id = ${tenantId} AND audit_id = ${auditId} ORDER BY created_at, id`,
    ),
  ];
  return { results, photos };
}

/** One photo of an audit already loaded in scope; 404 otherwise. */
export async function getPhoto(ex: Executor, tenantId: string, auditId: string, photoId: string) {
  const p = await one<PhotoRow>(
    ex,
    sql`SELECT id, audit_id, item_code, file_ref, content_type FROM audit_photos
        WHERE tenant_id = ${tenantId} AND audit_id = ${auditId} AND id = ${photoId}`,
  );
  if (!p) throw notFound('Photo');
  return p;
}

import type { TChecklistItem } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { orgScope, pathUnder, requireUnitInScope } from '../../org/scope.ts';
import type { AuditRow, PhotoRow } from '../presenter.ts';
import { AUDIT_SELECT } from './audits.ts';
import { getChecklist } from './checklists.ts';

export interface ItemFailuresOptions {
  checklistId: string;
  code: string;
  orgUnitId?: string;
  kind?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

type FailureRow = AuditRow & { failed_note: string | null; failed_ticket_id: string | null };

const encode = (a: FailureRow) =>
  Buffer.from(`${new Date(a.submitted_at!).toISOString()}|${a.id}`).toString('base64url');
function decode(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id))
    throw invalid('cursor', 'not a cursor');
  return { at, id };
}

/**
 * The submitted audits of one checklist that failed one item, in the caller's subtree (or a unit in it), newest
 * submit first, a page at a time, with the failed result's note and ticket and the photos attached to the item.
 * The checklist is the tenant's (404 otherwise); the audits are bounded by the caller's scope through their unit.
 */
export async function itemFailures(ex: Executor, actor: Actor, o: ItemFailuresOptions) {
  const checklist = await getChecklist(ex, actor, o.checklistId);
  const unit = o.orgUnitId ? await requireUnitInScope(ex, actor, o.orgUnitId) : null;
  const c = o.cursor ? decode(o.cursor) : null;
  const kind =
    o.kind === 'external' ? sql`AND a.kind <> 'self_inspection'` : o.kind ? sql`AND a.kind = ${o.kind}` : sql``;
  const list = await rows<FailureRow>(
    ex,
    sql`SELECT f.*, r.note AS failed_note, r.ticket_id AS failed_ticket_id FROM (${AUDIT_SELECT}
          WHERE a.tenant_id = ${actor.tenantId} AND ${orgScope(actor)} AND a.checklist_id = ${o.checklistId}
            AND a.status = 'submitted' ${kind}
            ${unit ? sql`AND ${pathUnder('o', unit.path)}` : sql``}
            ${o.from ? sql`AND a.submitted_at >= ${o.from}` : sql``}
            ${o.to ? sql`AND a.submitted_at < ${o.to}` : sql``}
            ${c ? sql`AND (a.submitted_at, a.id) < (${c.at}::timestamptz, ${c.id}::uuid)` : sql``}
            AND EXISTS (SELECT 1 FROM audit_results x WHERE x.tenant_id = a.tenant_id AND x.audit_id = a.id
                        AND x.code = ${o.code} AND x.result = 'fail')
          ORDER BY a.submitted_at DESC, a.id DESC LIMIT ${o.limit + 1}) f
        JOIN audit_results r ON r.tenant_id = ${actor.tenantId} AND r.audit_id = f.id AND r.code = ${o.code}
        ORDER BY f.submitted_at DESC, f.id DESC`,
  );
  const more = list.length > o.limit;
  const page = list.slice(0, o.limit);
  const photos = page.length
    ? await rows<PhotoRow>(
        ex,
        sql`SELECT id, audit_id, item_code, file_ref, content_type FROM audit_photos
            WHERE tenant_id = ${actor.tenantId} AND item_code = ${o.code}
              AND audit_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(page.map((a) => a.id))}::jsonb)::uuid)
            ORDER BY created_at, id`,
      )
    : [];
  const item: TChecklistItem | null = checklist.items.find((i) => i.code === o.code) ?? null;
  return { item, page, photos, nextCursor: more ? encode(page[page.length - 1]) : null };
}

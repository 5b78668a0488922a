import { randomUUID } from 'node:crypto';
import type { TChecklistItem } from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql, type Tx } from '../../../platform/db.ts';
import { recordProblemEvent } from '../../problems/commands/record-event.ts';

interface Source {
  checklist_id: string;
  name: string;
  items: TChecklistItem[];
  owner_id: string | null;
  owner_unit_id: string | null;
  repeat_threshold: number;
  repeat_window_days: number;
  submitted_at: Date | string;
}

/** The audit's checklist with its rule and the process owner (the checklist's owner, else its author) if they may own problems. */
async function loadSource(tx: Tx, tenantId: string, auditId: string): Promise<Source | undefined> {
  return one<Source>(
    tx,
    sql`SELECT a.checklist_id, c.name, v.items, u.id AS owner_id, u.org_unit_id AS owner_unit_id,
          c.repeat_threshold, c.repeat_window_days, a.submitted_at
        FROM audits a
        JOIN checklists c ON c.tenant_id = a.tenant_id AND c.id = a.checklist_id
        JOIN checklist_versions v ON v.tenant_id = c.tenant_id AND v.checklist_id = c.id AND v.version = c.version
        LEFT JOIN users u ON u.tenant_id = c.tenant_id AND u.id = coalesce(c.owner_id, c.created_by)
          AND u.status = 'active' AND u.role IN ('owner', 'admin', 'analyst', 'manager')
        WHERE a.tenant_id = ${tenantId} AND a.id = ${auditId} AND a.status = 'submitted'`,
  );
}

/**
 * Repeated general failures → one problem per item for the process owner. For each general item the submitted
 * audit failed, the submitted audits of the same checklist that failed it within the checklist's window (ending
 * at this audit's submit) are counted; at the checklist's threshold an open problem (source `audit`) owned by the
 * process owner, in their unit, lists the failing audits as evidence. An open problem for the item is updated
 * (the new audits added to its evidence), never duplicated; once closed, a new run of failures opens a new one.
 * Runs as the `inspections.repeat-failures` job; a retried job finds the audits already listed and changes nothing.
 * Returns the problems opened or updated.
 */
export async function raiseRepeatProblems(ctx: AppContext, tenantId: string, auditId: string): Promise<string[]> {
  return ctx.db.transaction(async (tx) => {
    const src = await loadSource(tx, tenantId, auditId);
    if (!src?.owner_id || !src.owner_unit_id) return [];
    const failed = await rows<{ code: string }>(
      tx,
      sql`SELECT code FROM audit_results WHERE tenant_id = ${tenantId} AND audit_id = ${auditId}
          AND severity = 'general' AND result = 'fail' ORDER BY code`,
    );
    const end = new Date(src.submitted_at);
    const start = new Date(end.getTime() - src.repeat_window_days * 86400_000);
    // Problems number per tenant under this lock (as createProblem does); it also serialises two audits of one item.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`problems:${tenantId}`}))`);
    const touched: string[] = [];
    for (const { code } of failed) {
      const audits = await rows<{ id: string }>(
        tx,
        sql`SELECT a.id FROM audits a JOIN audit_results r ON r.tenant_id = a.tenant_id AND r.audit_id = a.id
            WHERE a.tenant_id = ${tenantId} AND a.checklist_id = ${src.checklist_id} AND a.status = 'submitted'
              AND a.submitted_at > ${start.toISOString()} AND a.submitted_at <= ${end.toISOString()}
              AND r.code = ${code} AND r.severity = 'general' AND r.result = 'fail'
            ORDER BY a.submitted_at, a.id`,
      );
      if (audits.length < src.repeat_threshold) continue;
      const id = await upsertProblem(
        ctx,
        tx,
        tenantId,
        src,
        code,
        audits.map((a) => a.id),
      );
      if (id) touched.push(id);
    }
    return touched;
  });
}

/** Opens the item's problem, or adds the audits it does not list yet to the open one. Null when nothing changed. */
async function upsertProblem(
  ctx: AppContext,
  tx: Tx,
  tenantId: string,
  src: Source,
  code: string,
  auditIds: string[],
): Promise<string | null> {
  const at = ctx.clock.now();
  const open = await one<{ id: string; audit_ids: string[] }>(
    tx,
    sql`SELECT id, ARRAY(SELECT jsonb_array_elements_text(source_audit->'auditIds')) AS audit_ids FROM problems
        WHERE tenant_id = ${tenantId} AND source = 'audit' AND status = 'open'
          AND source_audit->>'checklistId' = ${src.checklist_id} AND source_audit->>'code' = ${code}`,
  );
  if (open) {
    const added = auditIds.filter((a) => !open.audit_ids.includes(a));
    if (!added.length) return null;
    const all = [...open.audit_ids, ...added];
    await tx.execute(
      sql`UPDATE problems SET source_audit = jsonb_set(source_audit, '{auditIds}', ${JSON.stringify(all)}::jsonb),
            updated_at = ${at.toISOString()}
          WHERE tenant_id = ${tenantId} AND id = ${open.id}`,
    );
    await recordProblemEvent(tx, {
      tenantId,
      problemId: open.id,
      kind: 'audit_failures',
      data: { code, added: added.length, audits: all.length },
      at,
    });
    return open.id;
  }
  const item = src.items.find((i) => i.code === code);
  const text = item?.text ?? code;
  const title = `重复不合格：${text}${item?.textEn ? ` / Repeated failure: ${item.textEn}` : ''}`.slice(0, 300);
  const description = `${src.name} · ${code}: ${auditIds.length} 次稽核不合格（${src.repeat_window_days} 天内）/ failed in ${auditIds.length} audits within ${src.repeat_window_days} days`;
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO problems (tenant_id, id, number, title, description, org_unit_id, owner_id, source, source_audit,
          created_at, updated_at)
        VALUES (${tenantId}, ${id}, (SELECT coalesce(max(number), 0) + 1 FROM problems WHERE tenant_id = ${tenantId}),
          ${title}, ${description}, ${src.owner_unit_id}, ${src.owner_id}, 'audit',
          ${JSON.stringify({ checklistId: src.checklist_id, code, auditIds })}::jsonb, ${at.toISOString()}, ${at.toISOString()})`,
  );
  await recordProblemEvent(tx, {
    tenantId,
    problemId: id,
    kind: 'created',
    data: { source: 'audit', code, audits: auditIds.length },
    at,
  });
  return id;
}

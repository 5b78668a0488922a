import type { TChecklistItem } from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { announce, type NotifyResult } from '../../notifications/commands/notify.ts';
import { createTicket } from '../../tickets/commands/create-ticket.ts';
import { notifyTicketAssigned } from '../../tickets/commands/notify-ticket.ts';

const KIND_ZH: Record<string, string> = {
  mystery_shop: '神秘顾客',
  sampling: '抽检',
  self_inspection: '自查',
  rehearsal: '演练',
};

/**
 * Opens one ticket per fatal failure of a submitted audit (source `audit`, carrying the audit id), routed to the
 * audited unit's manager, who is notified. The title names the item in both languages, the description holds the
 * inspector's note. Runs as the `inspections.open-tickets` job; results that already have their ticket are
 * skipped, so a retried job opens nothing twice, and an item its calibration partner already ticketed (the same
 * visit) takes that ticket.
 */
export async function openAuditTickets(ctx: AppContext, tenantId: string, auditId: string): Promise<void> {
  const notified: NotifyResult[] = [];
  const opened: Array<{ id: string; path: string }> = [];
  await ctx.db.transaction(async (tx) => {
    const a = await one<{ org_unit_id: string; path: string; kind: string; items: TChecklistItem[]; name: string }>(
      tx,
      sql`SELECT a.org_unit_id, o.path, a.kind, v.items, c.name FROM audits a
          JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
          JOIN checklists c ON c.tenant_id = a.tenant_id AND c.id = a.checklist_id
          JOIN checklist_versions v ON v.tenant_id = a.tenant_id AND v.checklist_id = a.checklist_id AND v.version = a.checklist_version
          WHERE a.tenant_id = ${tenantId} AND a.id = ${auditId} AND a.status = 'submitted' FOR UPDATE OF a`,
    );
    if (!a) return;
    const failed = await rows<{ code: string; note: string | null }>(
      tx,
      sql`SELECT code, note FROM audit_results WHERE tenant_id = ${tenantId} AND audit_id = ${auditId}
          AND severity = 'fatal' AND result = 'fail' AND ticket_id IS NULL ORDER BY code`,
    );
    for (const r of failed) {
      // A calibration pair is one visit seen by two inspectors: the item's ticket, if its partner already opened
      // one, is the same finding, so the result points at it instead of opening a second.
      const same = await one<{ ticket_id: string }>(
        tx,
        sql`SELECT p.ticket_id FROM audits a JOIN audits b ON b.tenant_id = a.tenant_id
              AND (b.id = a.calibration_of OR b.calibration_of = a.id)
            JOIN audit_results p ON p.tenant_id = b.tenant_id AND p.audit_id = b.id AND p.code = ${r.code}
            WHERE a.tenant_id = ${tenantId} AND a.id = ${auditId} AND p.ticket_id IS NOT NULL LIMIT 1`,
      );
      if (same) {
        await tx.execute(
          sql`UPDATE audit_results SET ticket_id = ${same.ticket_id} WHERE tenant_id = ${tenantId} AND audit_id = ${auditId} AND code = ${r.code}`,
        );
        continue;
      }
      const item = a.items.find((i) => i.code === r.code);
      const text = item?.text ?? r.code;
      const title = `${KIND_ZH[a.kind] ?? '稽核'}致命项不合格：${text}${item?.textEn ? ` / Fatal audit failure: ${item.textEn}` : ''}`;
      const description = [`${a.name} · ${r.code}`, r.note].filter(Boolean).join('\n');
      const t = await createTicket(tx, ctx.clock, {
        tenantId,
        source: 'audit',
        title: title.slice(0, 300),
        description,
        priority: 'high',
        orgUnitId: a.org_unit_id,
        assign: 'unit_manager',
        auditId,
      });
      await tx.execute(
        sql`UPDATE audit_results SET ticket_id = ${t.id} WHERE tenant_id = ${tenantId} AND audit_id = ${auditId} AND code = ${r.code}`,
      );
      opened.push({ id: t.id, path: a.path });
      if (t.assigneeId) {
        const n = await one<{ number: string }>(
          tx,
          sql`SELECT number FROM tickets WHERE tenant_id = ${tenantId} AND id = ${t.id}`,
        );
        notified.push(
          ...(await notifyTicketAssigned(
            tx,
            ctx,
            { tenantId, id: t.id, number: n!.number, title, orgUnitId: a.org_unit_id },
            t.assigneeId,
            null,
          )),
        );
      }
    }
  });
  announce(ctx, notified);
  for (const t of opened) ctx.bus.publish({ tenantId, type: 'tickets.created', orgPath: t.path, data: { id: t.id } });
}

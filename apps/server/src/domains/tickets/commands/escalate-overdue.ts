import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { announce, type NotifyResult } from '../../notifications/commands/notify.ts';
import { notifyTicketBreach } from './notify-ticket.ts';
import { recordTicketEvent } from './record-event.ts';
import { findUnitManager } from './route-ticket.ts';

type Escalated = { tenantId: string; id: string; level: number; orgPath: string };
type Due = {
  tenant_id: string;
  id: string;
  org_unit_id: string;
  escalation_level: number;
  assignee_id: string | null;
  number: string;
  title: string;
  org_path: string;
};

/**
 * The two-level loop: an open ticket past its deadline (first response while unanswered, else resolution) goes
 * to its unit's manager (level 1); still overdue one SLA period later, to the parent unit's manager (level 2).
 * Each step is recorded and notified (`ticket.sla_breach`, once per step: the level only rises). Runs every minute on worker nodes; safe to run concurrently (row locks, SKIP LOCKED).
 *
 * A run walks every overdue ticket in (tenant, id) order, `batchSize` per transaction, so a backlog larger than
 * one batch is drained in one run rather than 500 a minute, and each ticket moves at most one level per run
 * (the walk resumes after the last key it saw). `tenantId` limits a run to one tenant.
 */
export async function escalateOverdue(
  ctx: AppContext,
  opts: { tenantId?: string; batchSize?: number } = {},
): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const batchSize = opts.batchSize ?? 500;
  let after: Escalated | null = null;
  let total = 0;
  for (;;) {
    const from = after;
    const notified: NotifyResult[] = [];
    const escalated: Escalated[] = await ctx.db.transaction(async (tx) => {
      const due = await rows<Due>(
        tx,
        sql`SELECT tenant_id, id, org_unit_id, escalation_level, assignee_id, number, title,
              (SELECT path FROM org_units o WHERE o.tenant_id = tickets.tenant_id AND o.id = tickets.org_unit_id) AS org_path FROM tickets
            WHERE status NOT IN ('resolved','closed') AND escalation_level < 2
              AND (
                (escalation_level = 0 AND (resolution_due_at < ${now} OR (first_responded_at IS NULL AND first_response_due_at < ${now})))
                OR (escalation_level = 1 AND resolution_due_at + (resolution_due_at - created_at) < ${now})
              )
              ${opts.tenantId ? sql`AND tenant_id = ${opts.tenantId}` : sql``}
              ${from ? sql`AND (tenant_id, id) > (${from.tenantId}::uuid, ${from.id}::uuid)` : sql``}
            ORDER BY tenant_id, id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`,
      );
      for (const t of due) {
        const level = t.escalation_level + 1;
        const manager = (await findUnitManager(tx, t.tenant_id, t.org_unit_id, level - 1)) ?? t.assignee_id;
        await tx.execute(
          sql`UPDATE tickets SET escalation_level = ${level}, assignee_id = ${manager}, updated_at = ${now}
              WHERE tenant_id = ${t.tenant_id} AND id = ${t.id}`,
        );
        await recordTicketEvent(tx, {
          tenantId: t.tenant_id,
          ticketId: t.id,
          kind: 'escalated',
          data: { level, assigneeId: manager, previousAssigneeId: t.assignee_id },
          at: new Date(now),
        });
        notified.push(
          ...(await notifyTicketBreach(
            tx,
            ctx,
            { tenantId: t.tenant_id, id: t.id, number: t.number, title: t.title, orgUnitId: t.org_unit_id },
            level,
            [t.assignee_id, manager],
          )),
        );
      }
      return due.map((t) => ({ tenantId: t.tenant_id, id: t.id, level: t.escalation_level + 1, orgPath: t.org_path }));
    });
    // Published after commit: an open inbox must never see an escalation that rolled back.
    announce(ctx, notified);
    for (const e of escalated)
      ctx.bus.publish({
        tenantId: e.tenantId,
        type: 'tickets.escalated',
        orgPath: e.orgPath,
        data: { id: e.id, level: e.level },
      });
    total += escalated.length;
    if (escalated.length < batchSize) return total;
    after = escalated[escalated.length - 1];
  }
}

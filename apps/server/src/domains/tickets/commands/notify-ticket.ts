import { type TUiLang, uiLangOf } from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { type NotifyResult, notify } from '../../notifications/commands/notify.ts';
import { pathUnderUnit } from '../../org/scope.ts';
import { ticketNumber } from '../presenter.ts';

interface TicketRef {
  tenantId: string;
  id: string;
  number: string | number;
  title: string;
  orgUnitId: string;
}

const TEXT = {
  'ticket.assigned': {
    'zh-CN': (t: TicketRef) => ({ title: `工单 ${ticketNumber(t.number)} 已分派给你`, body: t.title }),
    en: (t: TicketRef) => ({ title: `Ticket ${ticketNumber(t.number)} was assigned to you`, body: t.title }),
  },
  'ticket.sla_breach': {
    'zh-CN': (t: TicketRef, level: number) => ({
      title: `工单 ${ticketNumber(t.number)} 已超出 SLA（第 ${level} 级升级）`,
      body: t.title,
    }),
    en: (t: TicketRef, level: number) => ({
      title: `Ticket ${ticketNumber(t.number)} breached its SLA (escalation level ${level})`,
      body: t.title,
    }),
  },
} as const;

/**
 * The ticket's notifications through `notify`, with the title in each recipient's language (one command per
 * language; only the first carries the unit so its group robots post once). Returns what `announce` needs.
 */
async function notifyTicket(
  tx: Executor,
  ctx: AppContext,
  ticket: TicketRef,
  userIds: string[],
  render: (lang: TUiLang) => { title: string; body: string },
  kind: 'ticket.assigned' | 'ticket.sla_breach',
  data: Record<string, unknown>,
): Promise<NotifyResult[]> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return [];
  const users = await rows<{ id: string; locale: string | null }>(
    tx,
    sql`SELECT id, locale FROM users WHERE tenant_id = ${ticket.tenantId} AND status = 'active' AND id IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  const byLang = new Map<TUiLang, string[]>();
  for (const u of users) byLang.set(uiLangOf(u.locale), [...(byLang.get(uiLangOf(u.locale)) ?? []), u.id]);
  if (!byLang.size) return [];
  return notify(
    tx,
    ctx,
    [...byLang].map(([lang, recipients], i) => ({
      tenantId: ticket.tenantId,
      kind,
      userIds: recipients,
      unitId: i === 0 ? ticket.orgUnitId : null,
      ...render(lang),
      link: `/tickets/${ticket.id}`,
      data: { ticketId: ticket.id, ...data },
    })),
  );
}

/** `ticket.assigned` to the new assignee, unless they assigned it to themselves. */
export function notifyTicketAssigned(
  tx: Executor,
  ctx: AppContext,
  ticket: TicketRef,
  assigneeId: string,
  actorId: string | null,
): Promise<NotifyResult[]> {
  if (assigneeId === actorId) return Promise.resolve([]);
  return notifyTicket(
    tx,
    ctx,
    ticket,
    [assigneeId],
    (lang) => TEXT['ticket.assigned'][lang](ticket),
    'ticket.assigned',
    {},
  );
}

/**
 * `ticket.sla_breach` once per escalation step (the step itself happens once: `escalation_level` only rises): the
 * assignee before and after the step and the managers of the ticket's unit (the nearest level that has any).
 */
export async function notifyTicketBreach(
  tx: Executor,
  ctx: AppContext,
  ticket: TicketRef,
  level: number,
  assigneeIds: Array<string | null>,
): Promise<NotifyResult[]> {
  const managers = await rows<{ id: string }>(
    tx,
    sql`SELECT u.id FROM org_units o
        JOIN org_units a ON a.tenant_id = o.tenant_id AND ${pathUnderUnit('o', 'a')}
        JOIN users u ON u.tenant_id = a.tenant_id AND u.org_unit_id = a.id AND u.role = 'manager' AND u.status = 'active'
        WHERE o.tenant_id = ${ticket.tenantId} AND o.id = ${ticket.orgUnitId}
          AND a.depth = (SELECT max(a2.depth) FROM org_units a2
                         JOIN users u2 ON u2.tenant_id = a2.tenant_id AND u2.org_unit_id = a2.id AND u2.role = 'manager' AND u2.status = 'active'
                         WHERE a2.tenant_id = o.tenant_id AND ${pathUnderUnit('o', 'a2')})`,
  );
  return notifyTicket(
    tx,
    ctx,
    ticket,
    [...assigneeIds.filter((x): x is string => !!x), ...managers.map((m) => m.id)],
    (lang) => TEXT['ticket.sla_breach'][lang](ticket, level),
    'ticket.sla_breach',
    { level },
  );
}

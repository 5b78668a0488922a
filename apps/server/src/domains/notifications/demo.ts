import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';

const MANAGERS = [
  'east.manager@savor.example',
  'sh01.manager@savor.example',
  'north.manager@savor.example',
  'south.manager@savor.example',
];

/**
 * The demo managers' bells: for each, their latest tickets as notifications — a new detractor ticket and SLA breaches
 * of the open overdue ones — the older half read, the newest few unread. No group robot is configured (there is no
 * real group to post to) and preferences stay at their defaults. Idempotent: skipped once any manager has one.
 */
export async function seedNotifications(ctx: AppContext, demo: DemoTenant) {
  const ids = MANAGERS.map((e) => demo.users.get(e)).filter((x): x is string => !!x);
  if (!ids.length) return;
  const done = await one(
    ctx.db,
    sql`SELECT 1 FROM notifications WHERE tenant_id = ${demo.tenantId} AND channel = 'in_app' AND kind <> 'alert'
          AND recipient IN (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )}) LIMIT 1`,
  );
  if (done) return;
  const tickets = await rows<{
    id: string;
    number: string;
    title: string;
    assignee_id: string;
    created_at: Date | string;
    resolution_due_at: Date | string | null;
    open: boolean;
  }>(
    ctx.db,
    sql`SELECT id, number::text, title, assignee_id, created_at, resolution_due_at, status NOT IN ('resolved','closed') AS open
        FROM (SELECT t.*, row_number() OVER (PARTITION BY assignee_id ORDER BY created_at DESC) AS n FROM tickets t
              WHERE t.tenant_id = ${demo.tenantId} AND t.assignee_id IN (${sql.join(
                ids.map((id) => sql`${id}`),
                sql`, `,
              )})) x
        WHERE n <= 8`,
  );
  const now = ctx.clock.now().getTime();
  const out: Array<Record<string, unknown>> = [];
  const perUser = new Map<string, number>();
  for (const t of tickets) {
    const i = perUser.get(t.assignee_id) ?? 0;
    perUser.set(t.assignee_id, i + 1);
    const at = new Date(t.created_at).getTime();
    const read = i >= 3 ? new Date(Math.min(now, at + 3_600_000)).toISOString() : null;
    out.push({
      id: randomUUID(),
      r: t.assignee_id,
      k: 'alert.response',
      s: `贬损者预警 · #${t.number}`,
      b: t.title,
      l: `/tickets/${t.id}`,
      d: { ticketId: t.id },
      at: new Date(at).toISOString(),
      read,
    });
    const due = t.resolution_due_at ? new Date(t.resolution_due_at).getTime() : null;
    if (t.open && due && due < now)
      out.push({
        id: randomUUID(),
        r: t.assignee_id,
        k: 'ticket.sla_breach',
        s: `工单超时 SLA breached · #${t.number}`,
        b: t.title,
        l: `/tickets/${t.id}`,
        d: { ticketId: t.id },
        at: new Date(due).toISOString(),
        read: i >= 3 ? new Date(Math.min(now, due + 7_200_000)).toISOString() : null,
      });
  }
  if (!out.length) return;
  await ctx.db.execute(
    sql`INSERT INTO notifications (tenant_id, id, channel, recipient, kind, subject, body, link, data, status, read_at, created_at)
        SELECT ${demo.tenantId}, x.id, 'in_app', x.r, x.k, x.s, x.b, x.l, x.d, 'sent', x.read, x.at
        FROM jsonb_to_recordset(${JSON.stringify(out)}::jsonb)
          AS x(id uuid, r text, k text, s text, b text, l text, d jsonb, at timestamptz, read timestamptz)`,
  );
}

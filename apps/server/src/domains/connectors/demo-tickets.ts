import type { AppContext } from '../../platform/context.ts';
import { rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { renumberTickets } from '../tickets/demo.ts';
import { RESOLUTIONS, rootCauseOf } from '../tickets/demo-story.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * The feedback rules ran over 90 days of connector items at seed time, so their tickets were all "new", opened
 * a moment ago and due tomorrow: an inbox flooded with untouched Weibo tickets. Each moves to a few minutes after
 * its item arrived (deadlines with it) and gets the fate such a ticket has: a post the store answered was resolved
 * after the reply and, when older than two days, closed; most unanswered ones older than three days were resolved
 * and closed too, some are still open and overdue; the last days' are new or acknowledged. Root causes and
 * resolutions come from what the post says. Ticket numbers then follow creation time again.
 */
export async function ageFeedbackTickets(ctx: AppContext, demo: DemoTenant): Promise<void> {
  const t = demo.tenantId;
  const now = ctx.clock.now().getTime();
  const rand = prng(demo.seed + 1803);
  const agent = demo.users.get('agent@savor.example') ?? demo.users.get('owner@savor.example') ?? null;
  const causes = new Map(
    (
      await rows<{ id: string; code: string }>(ctx.db, sql`SELECT id, code FROM root_causes WHERE tenant_id = ${t}`)
    ).map((r) => [r.code, r.id]),
  );
  const tickets = await rows<{
    id: string;
    assignee_id: string | null;
    arrived: string | Date;
    replied: string | Date | null;
    text: string;
    fr_minutes: number;
    res_minutes: number;
  }>(
    ctx.db,
    sql`SELECT t.id, t.assignee_id, f.created_at AS arrived, f.first_reply_at AS replied, f.text,
               extract(epoch FROM t.first_response_due_at - t.created_at)::int / 60 AS fr_minutes,
               extract(epoch FROM t.resolution_due_at - t.created_at)::int / 60 AS res_minutes
        FROM tickets t JOIN feedback_items f ON f.tenant_id = t.tenant_id AND f.id = t.feedback_id
        WHERE t.tenant_id = ${t} AND t.source = 'feedback' AND t.status = 'new' ORDER BY f.created_at, t.id`,
  );
  if (!tickets.length) return;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const updates: Array<Record<string, unknown>> = [];
  const events: Array<Record<string, unknown>> = [];
  for (const x of tickets) {
    const created = Math.min(new Date(x.arrived).getTime() + rand.int(2, 10) * MIN, now - 5 * MIN);
    const age = now - created;
    const replied = x.replied ? new Date(x.replied).getTime() : null;
    const cause = rootCauseOf({ answers: { comment: x.text } }, false);
    let status = 'new';
    let fr: number | null = null;
    let resolved: number | null = null;
    let closed: number | null = null;
    const r = rand.next();
    if (replied !== null && replied < now) {
      fr = replied;
      resolved = Math.min(replied + rand.int(1, 6) * HOUR, now - MIN);
      status = 'resolved';
      if (age > 2 * DAY) {
        closed = Math.min(resolved + rand.int(12, 36) * HOUR, now - MIN);
        status = 'closed';
      }
    } else if (age > 3 * DAY) {
      fr = created + rand.int(20, 240) * MIN;
      if (r < 0.85) {
        resolved = fr + rand.int(2, 30) * HOUR;
        status = 'resolved';
        if (r < 0.7) {
          closed = Math.min(resolved + rand.int(12, 48) * HOUR, now - MIN);
          status = 'closed';
        }
      } else status = 'acknowledged'; // still open, past its deadline
    } else if (age > 2 * HOUR && r < 0.6) {
      fr = created + Math.min(age / 2, rand.int(15, 120) * MIN);
      status = 'acknowledged';
    }
    // Tickets at head office have no unit manager to go to: 客服部's agent, who answers social posts, takes them.
    const actor = x.assignee_id ?? (fr !== null ? agent : null);
    const ev = (kind: string, at: number, from: string | null, to: string | null, data: Record<string, unknown> = {}) =>
      events.push({ t: x.id, kind, at: iso(at), actor, from, to, data });
    if (fr !== null && !x.assignee_id && actor)
      ev('assigned', Math.max(created + MIN, fr - MIN), null, null, { from: null, to: actor });
    if (fr !== null) ev('status', fr, 'new', 'acknowledged');
    const resolution = RESOLUTIONS[cause]?.[rand.int(0, 1)] ?? RESOLUTIONS.other![0]!;
    if (resolved !== null)
      ev('status', resolved, 'acknowledged', 'resolved', { rootCauseId: causes.get(cause), resolution });
    if (closed !== null) ev('status', closed, 'resolved', 'closed');
    const changed = closed ?? resolved ?? fr ?? created;
    updates.push({
      id: x.id,
      created: iso(created),
      frDue: iso(created + x.fr_minutes * MIN),
      due: iso(created + x.res_minutes * MIN),
      status,
      fr: iso(fr),
      resolved: iso(resolved),
      closed: iso(closed),
      changed: iso(changed),
      assignee: actor,
      rc: resolved !== null ? (causes.get(cause) ?? null) : null,
      resolution: resolved !== null ? resolution : null,
    });
  }
  await ctx.db.transaction(async (tx) => {
    for (let i = 0; i < updates.length; i += 1000)
      await tx.execute(
        sql`UPDATE tickets t SET created_at = x.created, first_response_due_at = x."frDue", resolution_due_at = x.due,
              status = x.status, first_responded_at = x.fr, resolved_at = x.resolved, closed_at = x.closed,
              status_changed_at = x.changed, updated_at = x.changed, root_cause_id = x.rc, resolution = x.resolution,
              assignee_id = x.assignee
            FROM jsonb_to_recordset(${JSON.stringify(updates.slice(i, i + 1000))}::jsonb) AS x(id uuid, created timestamptz,
              "frDue" timestamptz, due timestamptz, status text, fr timestamptz, resolved timestamptz, closed timestamptz,
              changed timestamptz, assignee uuid, rc uuid, resolution text)
            WHERE t.tenant_id = ${t} AND t.id = x.id`,
      );
    await tx.execute(
      sql`UPDATE ticket_events e SET at = t.created_at FROM tickets t
          WHERE e.tenant_id = ${t} AND t.tenant_id = e.tenant_id AND t.id = e.ticket_id AND e.kind = 'created'
            AND t.source = 'feedback'`,
    );
    await tx.execute(
      sql`UPDATE alerts a SET created_at = t.created_at FROM tickets t
          WHERE a.tenant_id = ${t} AND t.tenant_id = a.tenant_id AND t.id = a.ticket_id AND t.source = 'feedback'`,
    );
    for (let i = 0; i < events.length; i += 2000)
      await tx.execute(
        sql`INSERT INTO ticket_events (tenant_id, ticket_id, kind, actor_id, from_status, to_status, data, at)
            SELECT ${t}, x.t, x.kind, x.actor, x.from, x.to, x.data, x.at
            FROM jsonb_to_recordset(${JSON.stringify(events.slice(i, i + 2000))}::jsonb)
              AS x(t uuid, kind text, actor uuid, "from" text, "to" text, data jsonb, at timestamptz)`,
      );
    await renumberTickets(tx, t);
  });
}

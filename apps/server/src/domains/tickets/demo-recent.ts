import { type Executor, rows, sql } from '../../platform/db.ts';
import type { prng } from '../../seed/random.ts';
import { RESOLUTIONS } from './demo-story.ts';

const MIN = 60_000;

/**
 * The last day's tickets were opened by the alert step at seed time: each moves to a few minutes after its
 * response (deadlines with it), and about half are being worked — acknowledged, in progress, a few resolved —
 * with a share of the takeaway ones handed to 客服部's agent, so her "mine" tab has work on first contact.
 */
export async function ageRecentTickets(
  tx: Executor,
  t: string,
  rand: ReturnType<typeof prng>,
  now: number,
  who: {
    agent: string | null;
    serviceTeam: string | null;
    causes: Map<string, string>;
    escalateTo: (unitCode: string) => string | null;
  },
) {
  const recent = await rows<{
    id: string;
    unit_code: string;
    assignee_id: string | null;
    submitted_at: string | Date;
    text: string | null;
    fr_minutes: number;
    res_minutes: number;
  }>(
    tx,
    sql`SELECT t.id, o.code AS unit_code, t.assignee_id, r.submitted_at, t.description AS text,
               extract(epoch FROM t.first_response_due_at - t.created_at)::int / 60 AS fr_minutes,
               extract(epoch FROM t.resolution_due_at - t.created_at)::int / 60 AS res_minutes
        FROM tickets t JOIN responses r ON r.tenant_id = t.tenant_id AND r.id = t.response_id
        JOIN org_units o ON o.tenant_id = t.tenant_id AND o.id = t.org_unit_id
        WHERE t.tenant_id = ${t} AND t.number > 0 AND t.status = 'new' ORDER BY r.submitted_at, t.id`,
  );
  const updates: Array<Record<string, unknown>> = [];
  const events: Array<Record<string, unknown>> = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  for (const x of recent) {
    const created = Math.min(new Date(x.submitted_at).getTime() + rand.int(1, 8) * MIN, now - 5 * MIN);
    const takeaway = /洒|漏|包装|餐盒|配送|骑手|leak|spill|[Dd]elivery/i.test(x.text ?? '');
    // Takeaway complaints often go to the service agent; so does whatever nobody owns (a ticket at the head office,
    // which has no unit manager: low answers to the web site's intercept), or it would never be worked.
    const toAgent = (takeaway && who.agent !== null && rand.chance(0.6)) || (!x.assignee_id && who.agent !== null);
    let assignee = toAgent ? who.agent : x.assignee_id;
    let level = 0;
    const r = rand.next();
    const room = now - created;
    let status = 'new';
    let fr: number | null = null;
    let resolved: number | null = null;
    let changed = created;
    const ev = (kind: string, at: number, extra: Record<string, unknown>) =>
      events.push({ t: x.id, kind, at: iso(at), actor: null, from: null, to: null, data: {}, ...extra });
    if (toAgent)
      ev('assigned', created + MIN, { data: { from: x.assignee_id, to: assignee, teamId: who.serviceTeam } });
    // Past its first-response deadline a ticket was either acknowledged in time or escalated to the regional
    // manager (the scheduler's rule, applied here so a fresh demo has nothing overdue left to escalate); younger
    // ones are new or acknowledged. The agent acknowledges what she is handed.
    const frRoom = x.fr_minutes * MIN;
    const pastFr = room > frRoom;
    const escalated = pastFr && !toAgent && r < 0.15;
    if (escalated) {
      const to = who.escalateTo(x.unit_code) ?? assignee;
      level = 1;
      ev('escalated', Math.min(created + frRoom + rand.int(1, 10) * MIN, now - MIN), {
        data: { level, assigneeId: to, previousAssigneeId: assignee },
      });
      assignee = to;
    } else if (room > 30 * MIN && (pastFr || toAgent || r > 0.45)) {
      fr = created + Math.min(room / 3, frRoom - MIN, rand.int(5, 90) * MIN);
      status = 'acknowledged';
      changed = fr;
      ev('status', fr, { actor: assignee, from: 'new', to: 'acknowledged' });
      if (r > 0.7) {
        changed = fr + Math.min((now - fr) / 3, rand.int(5, 60) * MIN);
        status = 'in_progress';
        ev('status', changed, { actor: assignee, from: 'acknowledged', to: 'in_progress' });
      }
      if (r > 0.9) {
        resolved = changed + Math.min((now - changed) / 2, rand.int(30, 240) * MIN);
        status = 'resolved';
        const cause = takeaway ? 'packaging' : 'slow-serving';
        ev('status', resolved, {
          actor: assignee,
          from: 'in_progress',
          to: 'resolved',
          data: { rootCauseId: who.causes.get(cause), resolution: RESOLUTIONS[cause][0] },
        });
        changed = resolved;
        updates.push({ id: x.id, rc: who.causes.get(cause), resolution: RESOLUTIONS[cause][0] });
      }
    }
    updates.push({
      id: x.id,
      created: iso(created),
      frDue: iso(created + x.fr_minutes * MIN),
      due: iso(created + x.res_minutes * MIN),
      status,
      fr: fr === null ? null : iso(fr),
      resolved: resolved === null ? null : iso(resolved),
      changed: iso(changed),
      assignee,
      level,
      team: toAgent ? who.serviceTeam : undefined,
    });
  }
  const main = updates.filter((u) => 'created' in u);
  const causes = updates.filter((u) => 'rc' in u);
  if (main.length)
    await tx.execute(
      sql`UPDATE tickets t SET created_at = x.created, first_response_due_at = x."frDue", resolution_due_at = x.due, status = x.status,
            first_responded_at = x.fr, resolved_at = x.resolved, status_changed_at = x.changed, updated_at = x.changed,
            assignee_id = x.assignee, escalation_level = x.level, team_id = coalesce(x.team, t.team_id)
          FROM jsonb_to_recordset(${JSON.stringify(main)}::jsonb) AS x(id uuid, created timestamptz, "frDue" timestamptz, due timestamptz,
            status text, fr timestamptz, resolved timestamptz, changed timestamptz, assignee uuid, level int, team uuid)
          WHERE t.tenant_id = ${t} AND t.id = x.id`,
    );
  if (causes.length)
    await tx.execute(
      sql`UPDATE tickets t SET root_cause_id = x.rc, resolution = x.resolution
          FROM jsonb_to_recordset(${JSON.stringify(causes)}::jsonb) AS x(id uuid, rc uuid, resolution text)
          WHERE t.tenant_id = ${t} AND t.id = x.id`,
    );
  // The 'created' entries move with their tickets; the rest of the history follows them.
  await tx.execute(
    sql`UPDATE ticket_events e SET at = t.created_at FROM tickets t
        WHERE e.tenant_id = ${t} AND t.tenant_id = e.tenant_id AND t.id = e.ticket_id AND e.kind = 'created' AND t.number > 0`,
  );
  await tx.execute(
    sql`UPDATE alerts a SET created_at = t.created_at FROM tickets t
        WHERE a.tenant_id = ${t} AND t.tenant_id = a.tenant_id AND t.id = a.ticket_id AND t.number > 0`,
  );
  if (events.length)
    await tx.execute(
      sql`INSERT INTO ticket_events (tenant_id, ticket_id, kind, actor_id, from_status, to_status, data, at)
          SELECT ${t}, x.t, x.kind, x.actor, x.from, x.to, x.data, x.at
          FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
            AS x(t uuid, kind text, actor uuid, "from" text, "to" text, data jsonb, at timestamptz)
          ORDER BY x.at`,
    );
}

import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { unitManagers } from './commands/open-tickets.ts';
import { ageRecentTickets } from './demo-recent.ts';
import { COMMENTS, RESOLUTIONS, rootCauseOf } from './demo-story.ts';
import { pathBelowUnit } from './scope.ts';
import { DEFAULT_SLA, loadSla, type TPriority } from './sla.ts';

const DAY = 86400_000;
const HOUR = 3600_000;
const MIN = 60_000;
/** Detractors of the last this many days (before the last day, whose tickets the alert step opened) get a history. */
const HISTORY_DAYS = 30;

interface Detractor {
  id: string;
  survey_id: string;
  org_unit_id: string;
  unit_code: string;
  unit_name: string;
  touchpoint_id: string | null;
  owner_team_id: string | null;
  customer_ref: string | null;
  answers: Record<string, unknown>;
  scores: Record<string, number>;
  context: { contact?: { phone?: { display: string; sealed: string } } } | null;
  submitted_at: string | Date;
}

/**
 * A realistic ticket history for the demo (issue 15, defect 9): every detractor of the last 30 days before the
 * last day gets the ticket the default rule would have opened, a few minutes after the response, and a fate —
 * most resolved within the SLA and closed after the customer's confirmation, some resolved late, escalated to the
 * regional manager, reopened after an unconvinced follow-up, left resolved with the customer unreachable, and a few
 * still open and overdue — with root causes read from what the customer said, resolutions, comments and follow-up
 * calls by the right people (the store's manager works it, 赵客服 of 客服部 calls back, and works the takeaway
 * packaging and delivery tickets herself). The last day's tickets, opened by the alert step at seed time, are moved
 * to a few minutes after their responses and partly worked. Timestamps stay ordered (response < created < first
 * response < resolved < closed < now). Idempotent: skipped once the tenant has a closed ticket.
 */
export async function seedTicketHistory(ctx: AppContext, demo: DemoTenant) {
  const t = demo.tenantId;
  if (await one(ctx.db, sql`SELECT 1 FROM tickets WHERE tenant_id = ${t} AND status = 'closed' LIMIT 1`)) return;
  const rule = await one<{ id: string; name: string }>(
    ctx.db,
    sql`SELECT id, name FROM alert_rules WHERE tenant_id = ${t} AND kind = 'response' ORDER BY created_at LIMIT 1`,
  );
  if (!rule) return;
  const rand = prng(demo.seed + 62);
  const now = ctx.clock.now().getTime();
  const causes = new Map(
    (
      await rows<{ id: string; code: string }>(ctx.db, sql`SELECT id, code FROM root_causes WHERE tenant_id = ${t}`)
    ).map((r) => [r.code, r.id]),
  );
  const sla = await loadSla(ctx.db, t);
  const agent = demo.users.get('agent@savor.example') ?? null;
  const serviceTeam = demo.teams.get('service') || null;
  // The regional manager above a store; nobody is above the head office (its tickets stay with whoever has them).
  const regionManager = (code: string) =>
    code === 'HQ'
      ? null
      : (demo.users.get(
          code.startsWith('SH') || code.startsWith('HZ')
            ? 'east.manager@savor.example'
            : code.startsWith('BJ') || code.startsWith('TJ')
              ? 'north.manager@savor.example'
              : 'south.manager@savor.example',
        ) ?? null);
  const gz02Action = now - 40 * DAY;

  const detractors = await rows<Detractor>(
    ctx.db,
    sql`SELECT r.id, r.survey_id, r.org_unit_id, o.code AS unit_code, o.name AS unit_name, r.touchpoint_id, tp.owner_team_id,
               r.customer_ref, r.answers, r.scores, r.context, r.submitted_at
        FROM responses r JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
        LEFT JOIN touchpoints tp ON tp.tenant_id = r.tenant_id AND tp.id = r.touchpoint_id
        WHERE r.tenant_id = ${t} AND r.submitted_at >= ${new Date(now - (HISTORY_DAYS + 1) * DAY).toISOString()}
          AND r.submitted_at < ${new Date(now - DAY).toISOString()}
          AND ((r.scores->>'nps')::numeric <= 6 OR (r.scores->>'csat')::numeric <= 2)
        ORDER BY r.submitted_at, r.id`,
  );
  const managers = await unitManagers(ctx.db, t, [...new Set(detractors.map((d) => d.org_unit_id))]);
  // One open ticket per customer and survey (a unique index): the open ones already there count.
  const openKeys = new Set(
    (
      await rows<{ k: string }>(
        ctx.db,
        sql`SELECT customer_ref || '|' || survey_id AS k FROM tickets WHERE tenant_id = ${t} AND customer_ref IS NOT NULL
              AND status NOT IN ('resolved','closed')`,
      )
    ).map((r) => r.k),
  );

  const tickets: Array<Record<string, unknown>> = [];
  const events: Array<Record<string, unknown>> = [];
  const alerts: Array<Record<string, unknown>> = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  for (const d of detractors) {
    const id = randomUUID();
    const submitted = new Date(d.submitted_at).getTime();
    const created = submitted + rand.int(1, 8) * MIN;
    const priority: TPriority = 'high';
    const policy = sla[priority] ?? DEFAULT_SLA[priority];
    const frDue = created + policy.firstResponse * MIN;
    const due = created + policy.resolution * MIN;
    const cause = rootCauseOf(d, d.unit_code === 'GZ-02' && submitted < gz02Action);
    const takeawayCase = cause === 'packaging' || cause === 'delivery-delay';
    const byAgent = takeawayCase && agent !== null && rand.chance(0.7);
    // A unit without a manager (the head office: low answers to the web site's intercept) hands its tickets to the
    // service agent, as a takeaway case is.
    const manager = managers.get(d.org_unit_id) ?? null;
    const toAgent = (byAgent || manager === null) && agent !== null;
    let assignee = toAgent ? agent : manager;
    const teamId = toAgent ? serviceTeam : d.owner_team_id;
    const worker = assignee;
    const key = d.customer_ref ? `${d.customer_ref}|${d.survey_id}` : null;
    const ageDays = (now - created) / DAY;
    // The fate: older tickets are mostly settled, the last days' still in the works.
    const r = rand.next();
    let fate: 'closed' | 'late' | 'escalated' | 'reopened' | 'resolved' | 'unreachable' | 'open_overdue' | 'working';
    if (ageDays > 4)
      fate =
        r < 0.6
          ? 'closed'
          : r < 0.72
            ? 'late'
            : r < 0.78
              ? 'escalated'
              : r < 0.85
                ? 'reopened'
                : r < 0.9
                  ? 'resolved'
                  : r < 0.95
                    ? 'unreachable'
                    : 'open_overdue';
    else fate = r < 0.35 ? 'closed' : r < 0.5 ? 'resolved' : r < 0.75 ? 'working' : 'open_overdue';
    if ((fate === 'open_overdue' || fate === 'working') && key && openKeys.has(key)) fate = 'closed';
    if ((fate === 'open_overdue' || fate === 'working') && key) openKeys.add(key);

    const ev = (kind: string, at: number, extra: Record<string, unknown> = {}) =>
      events.push({ t: id, kind, at: iso(at), actor: null, from: null, to: null, data: {}, ...extra });
    ev('created', created, { to: 'new', data: { source: 'response', assigneeId: assignee, teamId, priority } });
    // Until `cap`, every step fits before now.
    const cap = now - 10 * MIN;
    const ack = Math.min(created + rand.int(8, 100) * MIN, cap);
    let status = 'acknowledged';
    let level = 0;
    let reopen = 0;
    let prio: TPriority = priority;
    let resolvedAt: number | null = null;
    let closedAt: number | null = null;
    let followup: string | null = null;
    let resolution: string | null = null;
    let rootCause: string | null = null;
    let changed = ack;
    ev('status', ack, { actor: worker, from: 'new', to: 'acknowledged' });
    const start = Math.min(ack + rand.int(5, 120) * MIN, cap);
    ev('status', start, { actor: worker, from: 'acknowledged', to: 'in_progress' });
    status = 'in_progress';
    changed = start;
    if (rand.chance(0.45))
      ev('comment', Math.min(start + rand.int(10, 180) * MIN, cap), {
        actor: worker,
        data: { body: rand.pick(COMMENTS) },
      });
    const escalate = (at: number) => {
      const to = regionManager(d.unit_code) ?? assignee;
      level += 1;
      ev('escalated', at, { data: { level, assigneeId: to, previousAssigneeId: assignee } });
      assignee = to;
    };
    const resolve = (at: number, from: string) => {
      rootCause = cause;
      resolution = rand.pick(RESOLUTIONS[cause] ?? RESOLUTIONS.other);
      ev('status', at, {
        actor: assignee,
        from,
        to: 'resolved',
        data: { rootCauseId: causes.get(cause), resolution },
      });
      status = 'resolved';
      resolvedAt = at;
      changed = at;
    };
    const follow = (at: number, outcome: string) => {
      const to = outcome === 'confirmed' ? 'closed' : outcome === 'not_confirmed' ? 'reopened' : null;
      ev('followup', at, { actor: agent, from: 'resolved', to, data: { outcome, priority: prio } });
      followup = outcome;
      if (to === 'closed') {
        status = 'closed';
        closedAt = at;
        changed = at;
      }
    };
    if (fate === 'closed' || fate === 'resolved' || fate === 'unreachable') {
      resolve(Math.min(start + rand.int(1, 18) * HOUR + rand.int(0, 59) * MIN, due - 30 * MIN, cap), 'in_progress');
      const call = resolvedAt! + rand.int(2, 30) * HOUR;
      if (fate === 'closed' && call < cap) follow(call, 'confirmed');
      if (fate === 'unreachable' && call < cap) follow(call, 'unreachable');
    } else if (fate === 'late' || fate === 'escalated') {
      escalate(due + rand.int(1, 20) * MIN);
      if (fate === 'escalated') escalate(due + (due - created) + rand.int(1, 20) * MIN);
      const at = (fate === 'escalated' ? due + (due - created) : due) + rand.int(1, 30) * HOUR;
      resolve(Math.min(at, cap), 'in_progress');
      const call = resolvedAt! + rand.int(2, 24) * HOUR;
      if (call < cap) follow(call, 'confirmed');
    } else if (fate === 'reopened') {
      resolve(Math.min(start + rand.int(1, 10) * HOUR, due - HOUR), 'in_progress');
      const first = resolvedAt!;
      const call = first + rand.int(2, 20) * HOUR;
      follow(call, 'not_confirmed');
      prio = 'urgent';
      reopen = 1;
      status = 'reopened';
      resolvedAt = null;
      followup = 'not_confirmed';
      const again = call + rand.int(1, 6) * HOUR;
      ev('status', again, { actor: assignee, from: 'reopened', to: 'in_progress' });
      resolve(Math.min(again + rand.int(2, 24) * HOUR, cap), 'in_progress');
      const second = resolvedAt! + rand.int(2, 24) * HOUR;
      if (second < cap) follow(second, 'confirmed');
    } else {
      // Still open: escalated as the scheduler would have (at the deadline, and again after as long once more).
      const at = (when: number) => Math.max(when, Math.min(when + rand.int(1, 20) * MIN, now - MIN));
      if (due < now) escalate(at(due));
      if (due + (due - created) < now) escalate(at(due + (due - created)));
    }
    tickets.push({
      id,
      source: 'response',
      status,
      priority: prio,
      title: `${rule.name}: ${d.unit_name} ${Object.entries(d.scores)
        .filter(([k]) => !k.includes(':'))
        .map(([k, v]) => `${k.toUpperCase()} ${v}`)
        .join(', ')}`.slice(0, 300),
      description:
        Object.values(d.answers)
          .filter((v): v is string => typeof v === 'string' && !/\*{4}/.test(v))
          .join('\n') || null,
      unit: d.org_unit_id,
      team: teamId,
      assignee,
      response: d.id,
      survey: d.survey_id,
      customer: d.customer_ref,
      rule: rule.id,
      frDue: iso(frDue),
      due: iso(due),
      fr: iso(ack),
      resolved: resolvedAt === null ? null : iso(resolvedAt),
      closed: closedAt === null ? null : iso(closedAt),
      level,
      rc: rootCause ? causes.get(rootCause) : null,
      resolution,
      followup,
      reopen,
      changed: iso(changed),
      created: iso(created),
      scores: d.scores,
      phone: d.context?.contact?.phone?.display ?? null,
      phoneSealed: d.context?.contact?.phone?.sealed ?? null,
    });
    alerts.push({
      id: randomUUID(),
      rule: rule.id,
      key: d.id,
      unit: d.org_unit_id,
      ticket: id,
      data: { scores: d.scores },
      at: iso(created),
    });
  }

  await ctx.db.transaction(async (tx) => {
    for (let i = 0; i < tickets.length; i += 1000) {
      const part = JSON.stringify(tickets.slice(i, i + 1000).map((x, n) => ({ ...x, number: -(i + n + 1) })));
      // Numbers are given in creation order below, once the last day's tickets are in place.
      await tx.execute(
        sql`INSERT INTO tickets (tenant_id, id, number, source, status, priority, title, description, org_unit_id, team_id, assignee_id,
              response_id, survey_id, customer_ref, rule_id, first_response_due_at, resolution_due_at, first_responded_at,
              resolved_at, closed_at, escalation_level, root_cause_id, resolution, followup_outcome, reopen_count,
              status_changed_at, created_at, updated_at, scores, contact_phone, contact_phone_sealed)
            SELECT ${t}, x.id, x.number, x.source, x.status, x.priority, x.title, x.description, x.unit, x.team, x.assignee,
              x.response, x.survey, x.customer, x.rule, x."frDue", x.due, x.fr, x.resolved, x.closed, x.level, x.rc, x.resolution,
              x.followup, x.reopen, x.changed, x.created, x.changed, x.scores, x.phone, x."phoneSealed"
            FROM jsonb_to_recordset(${part}::jsonb) AS x(id uuid, number bigint, source text, status text, priority text, title text,
              description text, unit uuid, team uuid, assignee uuid, response uuid, survey uuid, customer text, rule uuid,
              "frDue" timestamptz, due timestamptz, fr timestamptz, resolved timestamptz, closed timestamptz, level int, rc uuid,
              resolution text, followup text, reopen int, changed timestamptz, created timestamptz, scores jsonb, phone text, "phoneSealed" text)`,
      );
    }
    for (let i = 0; i < events.length; i += 4000)
      await tx.execute(
        sql`INSERT INTO ticket_events (tenant_id, ticket_id, kind, actor_id, from_status, to_status, data, at)
            SELECT ${t}, x.t, x.kind, x.actor, x.from, x.to, x.data, x.at
            FROM jsonb_to_recordset(${JSON.stringify(events.slice(i, i + 4000))}::jsonb)
              AS x(t uuid, kind text, actor uuid, "from" text, "to" text, data jsonb, at timestamptz)
            ORDER BY x.at`,
      );
    for (let i = 0; i < alerts.length; i += 2000)
      await tx.execute(
        sql`INSERT INTO alerts (tenant_id, id, rule_id, source, source_key, org_unit_id, ticket_id, data, created_at)
            SELECT ${t}, x.id, x.rule, 'response', x.key, x.unit, x.ticket, x.data, x.at
            FROM jsonb_to_recordset(${JSON.stringify(alerts.slice(i, i + 2000))}::jsonb)
              AS x(id uuid, rule uuid, key text, unit uuid, ticket uuid, data jsonb, at timestamptz)
            ON CONFLICT (tenant_id, rule_id, source_key) DO NOTHING`,
      );
    await ageRecentTickets(tx, t, rand, now, { agent, serviceTeam, causes, escalateTo: regionManager });
    await renumberTickets(tx, t);
    // Each demo improvement action lists the latest tickets it answers: its root cause, at its units.
    await tx.execute(
      sql`UPDATE improvement_actions a SET ticket_ids = coalesce((
            SELECT array_agg(s.id) FROM (
              SELECT tk.id FROM tickets tk JOIN org_units o ON o.tenant_id = tk.tenant_id AND o.id = tk.org_unit_id
              WHERE tk.tenant_id = a.tenant_id AND tk.root_cause_id = a.root_cause_id
                AND EXISTS (SELECT 1 FROM org_units u WHERE u.tenant_id = a.tenant_id AND u.id = ANY(a.org_unit_ids)
                              AND ${pathBelowUnit(sql`o.path`, 'u')})
              ORDER BY tk.created_at DESC LIMIT 20) s), '{}')
          WHERE a.tenant_id = ${t}`,
    );
  });
}

/** Demo tickets made after the fact get the numbers the counter would have given them: by creation time, gap-free. */
export async function renumberTickets(tx: Executor, t: string) {
  await tx.execute(sql`UPDATE tickets SET number = -number - 10000000 WHERE tenant_id = ${t} AND number > 0`);
  await tx.execute(
    sql`UPDATE tickets x SET number = o.n FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM tickets WHERE tenant_id = ${t}) o
        WHERE x.tenant_id = ${t} AND x.id = o.id`,
  );
  await tx.execute(
    sql`INSERT INTO ticket_counters (tenant_id, last_number) SELECT ${t}, count(*) FROM tickets WHERE tenant_id = ${t}
        ON CONFLICT (tenant_id) DO UPDATE SET last_number = excluded.last_number`,
  );
}

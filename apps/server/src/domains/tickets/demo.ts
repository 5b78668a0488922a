import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { unitManagers } from './commands/open-tickets.ts';
import { pathBelowUnit } from './scope.ts';
import { DEFAULT_SLA, loadSla, type TPriority } from './sla.ts';

const DAY = 86400_000;
const HOUR = 3600_000;
const MIN = 60_000;
/** Detractors of the last this many days (before the last day, whose tickets the alert step opened) get a history. */
const HISTORY_DAYS = 30;

type Answers = Record<string, unknown>;
interface Detractor {
  id: string;
  survey_id: string;
  org_unit_id: string;
  unit_code: string;
  unit_name: string;
  touchpoint_id: string | null;
  owner_team_id: string | null;
  customer_ref: string | null;
  answers: Answers;
  scores: Record<string, number>;
  context: { contact?: { phone?: { display: string; sealed: string } } } | null;
  submitted_at: string | Date;
}

/** What the store team writes when it resolves a ticket of each root cause. */
const RESOLUTIONS: Record<string, string[]> = {
  'slow-serving': ['已致电顾客致歉，赠送下次用餐优惠券；高峰期增加传菜员', '与厨房核对出餐顺序，超时菜品免单'],
  'food-quality': ['已致歉并退还该菜品费用，厨师长复核配方', '菜品重做并赠送甜品，通知后厨加强出品检查'],
  'food-temperature': ['已致歉退款，出餐口加装保温灯', '联系顾客致歉，外卖改用保温袋'],
  'staff-attitude': ['店长当面致歉，对当班服务员进行服务培训', '已回访致歉，服务员已约谈并复训'],
  packaging: ['已全额退款，门店改用带卡扣的汤碗和封口贴', '致歉并补发餐品，打包台增加封口检查'],
  'delivery-delay': ['与配送平台核实超时原因，已补偿顾客配送费', '已致歉并赠送免配送费券'],
  hygiene: ['店长安排全面清洁并致电顾客说明整改', '已致歉，增加每小时桌面巡检'],
  price: ['向顾客解释价格调整并赠送代金券', '已回访说明套餐优惠'],
  queue: ['上线线上排队叫号，已告知顾客', '高峰期增加等位区座椅与茶水'],
  other: ['已联系顾客了解情况并致歉', '已记录顾客建议并反馈总部'],
};
const COMMENTS = [
  '已电话联系顾客，顾客表示理解',
  '已调取当天监控核实情况',
  '顾客未接电话，已发短信致歉',
  '与厨师长沟通，明日例会通报',
  '顾客要求退款，已提交财务审批',
];

/** The root cause the store would find, read from what the customer said. */
function rootCauseOf(d: Detractor, queueBefore: boolean): string {
  const reasons = [...((d.answers.reasons as string[]) ?? []), ...((d.answers.improve as string[]) ?? [])];
  const text = Object.values(d.answers)
    .filter((v): v is string => typeof v === 'string')
    .join(' ');
  if (/洒|漏|包装|餐盒|leak|spill/i.test(text)) return 'packaging';
  if (/配送|骑手|送到|[Dd]elivery/.test(text)) return 'delivery-delay';
  if (queueBefore) return 'queue';
  if (/慢|等了|催|久|[Ww]ait/.test(text) || reasons.includes('speed')) return 'slow-serving';
  if (/凉|温度|cold/i.test(text) || reasons.includes('temperature')) return 'food-temperature';
  if (/态度|没人理|rude|不耐烦/i.test(text) || reasons.includes('service')) return 'staff-attitude';
  if (reasons.includes('hygiene') || /卫生|油腻/.test(text)) return 'hygiene';
  if (reasons.includes('price') || /贵|价格|pricey/i.test(text)) return 'price';
  if (/咸|口味|味道|分量|质量|[Qq]uality/.test(text) || reasons.includes('taste') || reasons.includes('portion'))
    return 'food-quality';
  return 'other';
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
  const regionManager = (code: string) =>
    demo.users.get(
      code.startsWith('SH') || code.startsWith('HZ')
        ? 'east.manager@savor.example'
        : code.startsWith('BJ') || code.startsWith('TJ')
          ? 'north.manager@savor.example'
          : 'south.manager@savor.example',
    ) ?? null;
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
    let assignee = byAgent ? agent : (managers.get(d.org_unit_id) ?? null);
    const teamId = byAgent ? serviceTeam : d.owner_team_id;
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
    } else if (fate === 'open_overdue') {
      if (due < cap) escalate(due + rand.int(1, 20) * MIN);
      if (due + (due - created) < cap) escalate(due + (due - created) + rand.int(1, 20) * MIN);
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
    await ageRecentTickets(tx, t, rand, now, { agent, serviceTeam, causes });
    // Ticket numbers follow creation time, gap-free, as the counter would have given them.
    await tx.execute(sql`UPDATE tickets SET number = -number - 10000000 WHERE tenant_id = ${t} AND number > 0`);
    await tx.execute(
      sql`UPDATE tickets x SET number = o.n FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM tickets WHERE tenant_id = ${t}) o
          WHERE x.tenant_id = ${t} AND x.id = o.id`,
    );
    await tx.execute(
      sql`INSERT INTO ticket_counters (tenant_id, last_number) SELECT ${t}, count(*) FROM tickets WHERE tenant_id = ${t}
          ON CONFLICT (tenant_id) DO UPDATE SET last_number = excluded.last_number`,
    );
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

/**
 * The last day's tickets were opened by the alert step at seed time: each moves to a few minutes after its
 * response (deadlines with it), and about half are being worked — acknowledged, in progress, a few resolved —
 * with a share of the takeaway ones handed to 客服部's agent, so her "mine" tab has work on first contact.
 */
async function ageRecentTickets(
  tx: Executor,
  t: string,
  rand: ReturnType<typeof prng>,
  now: number,
  who: { agent: string | null; serviceTeam: string | null; causes: Map<string, string> },
) {
  const recent = await rows<{
    id: string;
    assignee_id: string | null;
    submitted_at: string | Date;
    text: string | null;
    fr_minutes: number;
    res_minutes: number;
  }>(
    tx,
    sql`SELECT t.id, t.assignee_id, r.submitted_at, t.description AS text,
               extract(epoch FROM t.first_response_due_at - t.created_at)::int / 60 AS fr_minutes,
               extract(epoch FROM t.resolution_due_at - t.created_at)::int / 60 AS res_minutes
        FROM tickets t JOIN responses r ON r.tenant_id = t.tenant_id AND r.id = t.response_id
        WHERE t.tenant_id = ${t} AND t.number > 0 AND t.status = 'new' ORDER BY r.submitted_at, t.id`,
  );
  const updates: Array<Record<string, unknown>> = [];
  const events: Array<Record<string, unknown>> = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  for (const x of recent) {
    const created = Math.min(new Date(x.submitted_at).getTime() + rand.int(1, 8) * MIN, now - 5 * MIN);
    const takeaway = /洒|漏|包装|餐盒|配送|骑手|leak|spill|[Dd]elivery/i.test(x.text ?? '');
    const toAgent = takeaway && who.agent !== null && rand.chance(0.6);
    const assignee = toAgent ? who.agent : x.assignee_id;
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
    if (r > 0.45 && room > 30 * MIN) {
      fr = created + Math.min(room / 3, rand.int(5, 90) * MIN);
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
      team: toAgent ? who.serviceTeam : undefined,
    });
  }
  const main = updates.filter((u) => 'created' in u);
  const causes = updates.filter((u) => 'rc' in u);
  if (main.length)
    await tx.execute(
      sql`UPDATE tickets t SET created_at = x.created, first_response_due_at = x."frDue", resolution_due_at = x.due, status = x.status,
            first_responded_at = x.fr, resolved_at = x.resolved, status_changed_at = x.changed, updated_at = x.changed,
            assignee_id = x.assignee, team_id = coalesce(x.team, t.team_id)
          FROM jsonb_to_recordset(${JSON.stringify(main)}::jsonb) AS x(id uuid, created timestamptz, "frDue" timestamptz, due timestamptz,
            status text, fr timestamptz, resolved timestamptz, changed timestamptz, assignee uuid, team uuid)
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

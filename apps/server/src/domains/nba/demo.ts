import { randomUUID } from 'node:crypto';
import { BUILTIN_EVENT_TYPES, type TNbaRuleInput, variantsOf } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import type { PreparedEvent } from '../events/prepare.ts';
import { writeEvents } from '../events/writer.ts';
import { tenantDay } from '../responses/survey-cache.ts';
import { armOf } from './commands/decide.ts';

const DAY_MS = 86_400_000;
const ORDER = BUILTIN_EVENT_TYPES.find((t) => t.key === 'order.completed')!;
/** The window the demo rules measure a repurchase in. */
export const NBA_DEMO_WITHIN_DAYS = 14;
/**
 * Extra chance that a treated detractor with an open ticket comes back after the 回访 call (the uplift). Large on
 * purpose: the arms come from a hash of random ids, so each seeding draws another holdout of ~20–30 customers; at
 * 0.45 a holdout drawn unlucky now and then left the interval touching 0 and the demo's "works" story failed.
 */
const CALL_EFFECT = 0.7;

const outcome = { eventType: 'order.completed', withinDays: NBA_DEMO_WITHIN_DAYS };

/** The demo rules, highest priority first; names are the demo checks' keys. */
export function demoRules(topicId: string | null): Array<TNbaRuleInput & { key: string }> {
  return [
    {
      key: 'call',
      name: '贬损者且有未结工单 → 回访 Detractor with an open ticket → service call',
      conditions: [
        { kind: 'lastScore', metric: 'nps', op: 'lte', value: 6, withinDays: 30 },
        { kind: 'openTicket', open: true },
      ],
      action: {
        type: 'service_call',
        label: '店长回访 Store manager call-back',
        reasonCode: 'detractor_open_ticket',
        details: '24 小时内电话回访，确认问题已解决 Call within 24 h and confirm the issue is fixed',
      },
      holdoutPct: 20,
      outcome,
      cooldownDays: 30,
    },
    {
      key: 'coupon',
      name: '等位时间负面 → 致歉券 Negative on waiting time → apology coupon',
      conditions: topicId
        ? [{ kind: 'topic', topicId, negativeOnly: true, withinDays: 30 }]
        : [{ kind: 'sentiment', sentiment: 'negative', withinDays: 30 }],
      action: {
        type: 'apology_coupon',
        label: '致歉券 20 元 ¥20 apology coupon',
        reasonCode: 'negative_wait_time',
        details: '发放 20 元无门槛券，有效期 14 天 A ¥20 coupon valid 14 days',
      },
      holdoutPct: 20,
      outcome,
      cooldownDays: 30,
    },
    {
      key: 'upsell',
      name: '推荐者高价值会员 → 新品尝鲜 Promoter VIP → new dish tasting',
      conditions: [
        { kind: 'tier', tiers: ['diamond', 'platinum'] },
        { kind: 'lastScore', metric: 'nps', op: 'gte', value: 9, withinDays: 90 },
      ],
      action: {
        type: 'upsell',
        label: '新品尝鲜邀请 New dish tasting invitation',
        reasonCode: 'promoter_vip',
        details: '邀请参加本月新品试吃 Invite to this month’s tasting',
      },
      holdoutPct: 10,
      outcome,
      cooldownDays: 60,
    },
    {
      key: 'offer',
      name: '流失风险会员 → 回归优惠 Lapsing member → come-back offer',
      conditions: [
        { kind: 'tier', tiers: ['silver', 'regular'] },
        { kind: 'tag', tag: 'gold', present: false },
        { kind: 'lastScore', metric: 'nps', op: 'lte', value: 8, withinDays: 90 },
      ],
      action: {
        type: 'offer',
        label: '回归满减 满 100 减 30 Come-back offer ¥30 off ¥100',
        reasonCode: 'lapsing_member',
        details: '',
      },
      holdoutPct: 10,
      outcome,
      cooldownDays: 30,
    },
  ];
}

/**
 * Demo step 78 (after the customer sweep 75): four rules with holdouts, and their decisions over the last 90 days —
 * a decision the day after a member's qualifying answer, in the arm the rule's hash gives, as the GET would have
 * made it. Treated detractors with an open ticket come back more often after the call (follow-up orders written
 * here, only for the treatment arm), so the call rule shows a clear uplift; the coupon rule gets no extra orders,
 * so it shows no evidence. Deterministic from the demo seed; skipped when already written.
 */
export async function seedNba(ctx: AppContext, demo: DemoTenant) {
  const t = demo.tenantId;
  if (await one(ctx.db, sql`SELECT 1 FROM nba_rules WHERE tenant_id = ${t} LIMIT 1`)) return;
  const rand = prng(demo.seed + 78);
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - 90 * DAY_MS).toISOString();
  const topic = await one<{ id: string }>(
    ctx.db,
    sql`SELECT tp.id FROM text_topics tp WHERE tp.tenant_id = ${t}
         ORDER BY (tp.name LIKE '%等%' OR tp.code LIKE '%wait%') DESC,
                  (SELECT count(*) FROM text_topic_hits h WHERE h.tenant_id = ${t} AND h.topic_id = tp.id AND h.sentiment = 'negative') DESC,
                  tp.code LIMIT 1`,
  );
  const ids: Record<string, string> = {};
  const specs = demoRules(topic?.id ?? null);
  for (const [i, r] of specs.entries()) {
    ids[r.key] = uuidv7(now.getTime() + i);
    await ctx.db.execute(
      sql`INSERT INTO nba_rules (tenant_id, id, name, priority, conditions, action, holdout_pct, outcome, cooldown_days, created_at, updated_at)
          VALUES (${t}, ${ids[r.key]}, ${r.name}, ${i + 1}, ${JSON.stringify(r.conditions)}::jsonb, ${JSON.stringify(r.action)}::jsonb,
                  ${r.holdoutPct}, ${JSON.stringify(r.outcome)}::jsonb, ${r.cooldownDays}, ${since}, ${since})`,
    );
  }
  // Audiences: a member's latest detractor answer (call), negative comment (coupon), promoter answer (upsell).
  // `from` names the responses `r` (joined by primary key): the coupon audience starts from the negative analyses,
  // so the plan does not depend on statistics the freshly seeded tables do not have yet.
  const audience = (from: ReturnType<typeof sql>, where: ReturnType<typeof sql>) =>
    rows<{ customer_id: string; at: string | Date; unit: string; path: string; ref: string }>(
      ctx.db,
      sql`SELECT DISTINCT ON (r.customer_id) r.customer_id, r.submitted_at AS at, r.org_unit_id AS unit, o.path, r.customer_ref AS ref
            FROM ${from} JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
           WHERE r.tenant_id = ${t} AND r.customer_id IS NOT NULL AND r.customer_ref IS NOT NULL
             AND r.submitted_at >= ${since}::timestamptz AND ${where}
           ORDER BY r.customer_id, r.submitted_at DESC`,
    );
  // The earlier steps just wrote these tables: without statistics the planner nests loops over them (minutes).
  await ctx.db.execute(sql`ANALYZE responses`);
  await ctx.db.execute(sql`ANALYZE text_analyses`);
  const used = new Set<string>();
  const pools = {
    call: await audience(sql`responses r`, sql`(r.scores->>'nps')::float8 <= 6`),
    coupon: await audience(
      sql`(SELECT DISTINCT ta.source_id FROM text_analyses ta
            WHERE ta.tenant_id = ${t} AND ta.source_kind = 'response' AND ta.sentiment = 'negative'
              AND ta.occurred_at >= ${since}::timestamptz) neg
          JOIN responses r ON r.tenant_id = ${t} AND r.id = neg.source_id`,
      sql`true`,
    ),
    upsell: await audience(sql`responses r`, sql`(r.scores->>'nps')::float8 >= 9`),
  };
  const day = await tenantDay(ctx, t);
  const events: PreparedEvent[] = [];
  const decisions: Array<Record<string, unknown>> = [];
  for (const key of ['call', 'coupon', 'upsell'] as const) {
    const spec = specs.find((s) => s.key === key)!;
    for (const a of pools[key]) {
      if (used.has(a.customer_id)) continue;
      used.add(a.customer_id);
      const at = new Date(new Date(a.at).getTime() + DAY_MS);
      if (at > now) continue;
      const arm = armOf(ids[key], a.customer_id, spec.holdoutPct ?? 10);
      const r = rand.next();
      const status = arm === 'holdout' ? 'open' : r < 0.7 ? 'taken' : r < 0.8 ? 'dismissed' : 'open';
      decisions.push({
        id: uuidv7(at.getTime()),
        rule: ids[key],
        customer: a.customer_id,
        arm,
        at: at.toISOString(),
        action: { ...spec.action, ruleName: spec.name },
        status,
        statusAt: status === 'open' ? null : new Date(at.getTime() + 3600_000).toISOString(),
      });
      const back = new Date(at.getTime() + (0.5 + rand.next() * (NBA_DEMO_WITHIN_DAYS - 1)) * DAY_MS);
      if (key !== 'call' || arm !== 'treatment' || !rand.chance(CALL_EFFECT) || back > now) continue;
      const amount = Math.round((80 + rand.next() * 200) * 100) / 100;
      const properties = { valid: true, amount, channel: 'dine_in', orderId: `demo-nba-${events.length}`, items: 2 };
      events.push({
        tenantId: t,
        id: randomUUID(),
        type: ORDER.key,
        occurredAt: back.toISOString(),
        orgUnitId: a.unit,
        orgPath: a.path,
        touchpointId: null,
        customerRef: a.ref,
        properties,
        value: amount,
        idempotencyKey: `demo-${demo.seed}-nba-${events.length}`,
        bodyHash: '',
        source: 'demo',
        day: day(back),
        variants: variantsOf(ORDER, properties),
      });
    }
  }
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO nba_decisions (tenant_id, id, rule_id, customer_id, arm, decided_at, action, status, status_at)
          SELECT ${t}::uuid, x.id, x.rule, x.customer, x.arm, x.at, x.action, x.status, x."statusAt"
            FROM jsonb_to_recordset(${JSON.stringify(decisions)}::jsonb)
                 AS x(id uuid, rule uuid, customer uuid, arm text, at timestamptz, action jsonb, status text, "statusAt" timestamptz)`,
    );
    if (events.length) await writeEvents(tx, events);
    // The customer sweep (step 75) has run: link the follow-up orders to their profiles as it would have.
    await tx.execute(
      sql`UPDATE events e SET customer_id = ci.customer_id FROM customer_identities ci
           WHERE e.tenant_id = ${t} AND e.idempotency_key LIKE ${`demo-${demo.seed}-nba-%`} AND e.customer_id IS NULL
             AND ci.tenant_id = e.tenant_id AND ci.kind = 'member' AND ci.value = e.customer_ref`,
    );
  });
}

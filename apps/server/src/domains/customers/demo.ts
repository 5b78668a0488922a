import { BUILTIN_EVENT_TYPES, type TSegmentDefinition, type TTierScheme, variantsOf } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { writeEvents } from '../events/writer.ts';
import { tenantDay } from '../responses/survey-cache.ts';
import { createTicket } from '../tickets/commands/create-ticket.ts';
import { refreshTenant } from './commands/refresh-segments.ts';
import { sweepTenant } from './commands/resolve-customers.ts';
import { toStoredIdentity } from './identity.ts';

const TIERS: TTierScheme = {
  measure: { kind: 'events', eventType: 'order.completed', fn: 'sum', windowDays: 365 },
  tiers: [
    { name: 'diamond', min: 1800 },
    { name: 'platinum', min: 1200 },
    { name: 'silver', min: 400 },
    { name: 'regular', min: 0 },
  ],
};

const SEGMENTS: Array<{ name: string; description: string; definition: TSegmentDefinition }> = [
  {
    name: '高价值流失风险 High value at risk',
    description:
      '钻石/铂金会员，最近一次 NPS 为贬损者 Diamond or platinum members whose last NPS answer was a detractor',
    definition: {
      match: 'all',
      conditions: [
        { kind: 'tier', tiers: ['diamond', 'platinum'] },
        { kind: 'npsGroup', groups: ['detractor'] },
      ],
    },
  },
  {
    name: '金卡常客 Gold regulars',
    description: '90 天内 10 单以上（规则标签 gold） Ten or more orders in 90 days (the rule-based gold tag)',
    definition: { match: 'all', conditions: [{ kind: 'tag', tag: 'gold', present: true }] },
  },
  {
    name: '频繁来电 Frequent callers',
    description: '90 天内来电 2 次以上 Two or more inbound calls in 90 days',
    definition: {
      match: 'all',
      conditions: [{ kind: 'events', eventType: 'call.inbound', fn: 'count', windowDays: 90, op: 'gte', value: 2 }],
    },
  },
];

/**
 * Demo customers: every member id in the demo responses, orders, calls and feedback becomes a profile (a full
 * resolution sweep); the rule-based `gold` tag (orders in 90 days ≥ 10), value tiers by 12-month order value and
 * three segments are set up and evaluated. One featured member gets a name, a phone, a WeChat openid, an email and
 * attributes, and is guaranteed a response, orders, a call and a ticket, so a newcomer opening them sees a full
 * timeline.
 */
export async function seedCustomers(ctx: AppContext, demo: DemoTenant) {
  const t = demo.tenantId;
  if (await one(ctx.db, sql`SELECT 1 FROM customer_tag_rules WHERE tenant_id = ${t} LIMIT 1`)) return;
  // The member with most orders among those who answered a survey (and, preferably, have a ticket).
  const featured = await one<{ ref: string }>(
    ctx.db,
    sql`WITH o AS (SELECT customer_ref AS ref, count(*) AS n FROM events
                   WHERE tenant_id = ${t} AND type = 'order.completed' AND customer_ref IS NOT NULL GROUP BY customer_ref),
             r AS (SELECT DISTINCT customer_ref AS ref FROM responses WHERE tenant_id = ${t} AND customer_ref IS NOT NULL AND scores ? 'nps'),
             k AS (SELECT DISTINCT customer_ref AS ref FROM tickets WHERE tenant_id = ${t} AND customer_ref IS NOT NULL)
        SELECT o.ref FROM o JOIN r ON r.ref = o.ref LEFT JOIN k ON k.ref = o.ref
        ORDER BY (k.ref IS NOT NULL) DESC, o.n DESC, o.ref LIMIT 1`,
  );
  if (featured) await completeFeatured(ctx, demo, featured.ref);

  await sweepTenant(ctx, t, { mode: 'full' });
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO customer_tag_rules (tenant_id, id, tag, name, measure, op, value)
          VALUES (${t}, ${uuidv7(ctx.clock.now().getTime())}, 'gold', '90 天 10 单以上 Orders in 90 days ≥ 10',
                  ${JSON.stringify({ kind: 'events', eventType: 'order.completed', fn: 'count', windowDays: 90 })}::jsonb, 'gte', 10)`,
    );
    await tx.execute(
      sql`INSERT INTO customer_tier_schemes (tenant_id, measure, tiers) VALUES (${t}, ${JSON.stringify(TIERS.measure)}::jsonb, ${JSON.stringify(TIERS.tiers)}::jsonb)
          ON CONFLICT (tenant_id) DO NOTHING`,
    );
    for (const s of SEGMENTS) {
      await tx.execute(
        sql`INSERT INTO customer_segments (tenant_id, id, name, description, definition)
            VALUES (${t}, ${uuidv7(ctx.clock.now().getTime())}, ${s.name}, ${s.description}, ${JSON.stringify(s.definition)}::jsonb) ON CONFLICT DO NOTHING`,
      );
    }
  });
  await refreshTenant(ctx, t);
}

/** The featured member: identities, attributes, a VIP tag, and at least one call and one ticket of their own. */
async function completeFeatured(ctx: AppContext, demo: DemoTenant, ref: string) {
  const t = demo.tenantId;
  const now = ctx.clock.now();
  const last = await one<{ org_unit_id: string; touchpoint_id: string | null; path: string }>(
    ctx.db,
    sql`SELECT e.org_unit_id, e.touchpoint_id, o.path FROM events e JOIN org_units o ON o.tenant_id = e.tenant_id AND o.id = e.org_unit_id
        WHERE e.tenant_id = ${t} AND e.customer_ref = ${ref} AND e.type = 'order.completed' ORDER BY e.occurred_at DESC LIMIT 1`,
  );
  if (!last) return;
  if (
    !(await one(
      ctx.db,
      sql`SELECT 1 FROM events WHERE tenant_id = ${t} AND customer_ref = ${ref} AND type = 'call.inbound'`,
    ))
  ) {
    const call = BUILTIN_EVENT_TYPES.find((x) => x.key === 'call.inbound')!;
    const at = new Date(now.getTime() - 2 * 3600_000);
    const properties = { reason: 'order_status', resolved: true, durationSec: 240, queue: 'general' };
    const day = await tenantDay(ctx, t);
    await ctx.db.transaction((tx) =>
      writeEvents(tx, [
        {
          tenantId: t,
          id: uuidv7(at.getTime()),
          type: call.key,
          occurredAt: at.toISOString(),
          orgUnitId: last.org_unit_id,
          orgPath: last.path,
          touchpointId: null,
          customerRef: ref,
          properties,
          value: 240,
          idempotencyKey: `demo-${demo.seed}-featured-call`,
          bodyHash: '',
          source: 'demo',
          day: day(at),
          variants: variantsOf(call, properties),
        },
      ]),
    );
  }
  await ctx.db.transaction(async (tx) => {
    if (!(await one(tx, sql`SELECT 1 FROM tickets WHERE tenant_id = ${t} AND customer_ref = ${ref}`))) {
      await createTicket(tx, ctx.clock, {
        tenantId: t,
        source: 'manual',
        title: '会员来电：外卖汤洒了，要求退款 Member called: soup leaked, asks for a refund',
        priority: 'high',
        orgUnitId: last.org_unit_id,
        touchpointId: last.touchpoint_id,
        assign: 'unit_manager',
        customerRef: ref,
      });
    }
    const id = uuidv7(now.getTime());
    await tx.execute(
      sql`INSERT INTO customers (tenant_id, id, display_name, attributes, first_seen_at, created_at, updated_at)
          VALUES (${t}, ${id}, '王芳 Wang Fang', ${JSON.stringify({ city: '上海', gender: 'F', birthMonth: 6, channel: 'wechat_mini_program', memberSince: '2021-03-14' })}::jsonb,
                  ${now.toISOString()}, ${now.toISOString()}, ${now.toISOString()})`,
    );
    for (const [kind, value] of [
      ['member', ref],
      ['phone', '+86 138 0013 8000'],
      ['wechat_openid', 'oWx3d_demo_wangfang'],
      ['email', 'wang.fang@example.com'],
    ] as const) {
      const i = toStoredIdentity(ctx.config.secret, t, kind, value);
      await tx.execute(
        sql`INSERT INTO customer_identities (tenant_id, kind, value, display, customer_id) VALUES (${t}, ${i.kind}, ${i.value}, ${i.display}, ${id}) ON CONFLICT DO NOTHING`,
      );
    }
    await tx.execute(
      sql`INSERT INTO customer_tags (tenant_id, customer_id, tag, source) VALUES (${t}, ${id}, 'VIP', 'manual'), (${t}, ${id}, '外卖偏好', 'manual') ON CONFLICT DO NOTHING`,
    );
  });
}

import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { evaluateResponseRules } from './commands/evaluate-response-rules.ts';

const ROOT_CAUSES: Array<[string, string, string]> = [
  ['slow-serving', '上菜慢', 'Slow serving'],
  ['food-quality', '菜品质量', 'Food quality'],
  ['food-temperature', '菜品温度', 'Food temperature'],
  ['staff-attitude', '服务态度', 'Staff attitude'],
  ['packaging', '包装破损', 'Packaging damage'],
  ['delivery-delay', '配送延误', 'Delivery delay'],
  ['hygiene', '环境卫生', 'Hygiene'],
  ['price', '价格', 'Price'],
  ['queue', '排队等位', 'Queueing'],
  ['other', '其他', 'Other'],
];

/**
 * The closed loop for the demo: a root-cause taxonomy, the default rule (NPS ≤ 6 or CSAT ≤ 2 on any survey,
 * including surveys created later, opens a ticket routed to the store's manager), and tickets for the last
 * day's detractors.
 */
export async function seedClosedLoop(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM alert_rules WHERE tenant_id = ${demo.tenantId}`)) return;
  await ctx.db.transaction(async (tx) => {
    for (const [code, name, nameEn] of ROOT_CAUSES) {
      await tx.execute(
        sql`INSERT INTO root_causes (tenant_id, id, code, name, name_en) VALUES (${demo.tenantId}, ${randomUUID()}, ${code}, ${name}, ${nameEn}) ON CONFLICT DO NOTHING`,
      );
    }
    await tx.execute(
      sql`INSERT INTO alert_rules (tenant_id, id, name, kind, scope, condition, actions)
          VALUES (${demo.tenantId}, ${randomUUID()}, '低分预警 Low score', 'response', '{}'::jsonb, ${JSON.stringify({ expression: '{nps} <= 6 or {csat} <= 2' })}::jsonb,
                  ${JSON.stringify({ ticket: { priority: 'high', assign: 'unit_manager' }, notify: { inApp: true, emails: ['cx-team@savor.example'] } })}::jsonb)`,
    );
  });
  // An improvement action whose effect the demo data shows: GZ-02's queue numbers and serving checklist.
  const gz02 = demo.units.get('GZ-02');
  const queue = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM root_causes WHERE tenant_id = ${demo.tenantId} AND code = 'queue'`,
  );
  const owner = demo.users.get('south.manager@savor.example') ?? null;
  if (gz02) {
    const start = new Date(ctx.clock.now().getTime() - 40 * 86400_000).toISOString().slice(0, 10);
    await ctx.db.execute(
      sql`INSERT INTO improvement_actions (tenant_id, id, title, description, owner_id, root_cause_id, org_unit_ids, metric, start_date, status)
          VALUES (${demo.tenantId}, ${randomUUID()}, '广州天河店：排队叫号 + 上菜检查表 GZ-02 queue numbers and serving checklist',
                  '针对排队等位和上菜慢的投诉，引入线上排队叫号和出餐检查表。', ${owner}, ${queue?.id ?? null}, ARRAY[${gz02.id}::uuid], 'csat', ${start}, 'active')`,
    );
  }
  const since = new Date(ctx.clock.now().getTime() - 86400_000).toISOString();
  const recent = await rows<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM responses WHERE tenant_id = ${demo.tenantId} AND submitted_at >= ${since} ORDER BY submitted_at`,
  );
  for (let i = 0; i < recent.length; i += 200)
    await evaluateResponseRules(
      ctx,
      demo.tenantId,
      recent.slice(i, i + 200).map((r) => r.id),
    );
}

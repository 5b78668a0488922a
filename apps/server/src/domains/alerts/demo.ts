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
  // Improvement actions at the stores where the demo's problems are: GZ-02's queue numbers and serving checklist
  // (its effect shows in the data), SZ-03's slow serving, the North region's slipping food quality, and the
  // chain-wide takeaway packaging leaks. The ticket step links each to the tickets of its root cause and units.
  const cause = async (code: string) =>
    (
      await one<{ id: string }>(
        ctx.db,
        sql`SELECT id FROM root_causes WHERE tenant_id = ${demo.tenantId} AND code = ${code}`,
      )
    )?.id ?? null;
  const daysAgo = (d: number) => new Date(ctx.clock.now().getTime() - d * 86400_000).toISOString().slice(0, 10);
  const actions = [
    {
      title: '广州越秀店：排队叫号 + 上菜检查表 GZ-02 queue numbers and serving checklist',
      description: '针对排队等位和上菜慢的投诉，引入线上排队叫号和出餐检查表。',
      owner: 'south.manager@savor.example',
      cause: 'queue',
      units: ['GZ-02'],
      start: daysAgo(40),
      status: 'active',
    },
    {
      title: '深圳罗湖店：高峰期增配传菜员 SZ-03 extra runners at peak hours',
      description: '罗湖店上菜慢的差评集中在午晚高峰：增配两名传菜员，出餐超过 20 分钟由店长跟进。',
      owner: 'south.manager@savor.example',
      cause: 'slow-serving',
      units: ['SZ-03'],
      start: daysAgo(10),
      status: 'active',
    },
    {
      title: '华北大区：菜品出品复核 North region kitchen quality review',
      description: '近 30 天华北门店口味与分量投诉上升：总部厨师长逐店复核配方与出品标准。',
      owner: 'north.manager@savor.example',
      cause: 'food-quality',
      units: ['NORTH'],
      start: daysAgo(7),
      status: 'active',
    },
    {
      title: '外卖汤品防洒包装 Leak-proof takeaway packaging',
      description: '外卖汤洒、餐盒漏的投诉遍及各店：换用带卡扣的汤碗和封口贴，打包台增加封口检查。',
      owner: 'analyst@savor.example',
      cause: 'packaging',
      units: ['HQ'],
      start: daysAgo(3),
      status: 'planned',
    },
  ];
  for (const a of actions) {
    const units = a.units.map((code) => demo.units.get(code)?.id).filter((id): id is string => !!id);
    if (!units.length) continue;
    await ctx.db.execute(
      sql`INSERT INTO improvement_actions (tenant_id, id, title, description, owner_id, root_cause_id, org_unit_ids, metric, start_date, status)
          VALUES (${demo.tenantId}, ${randomUUID()}, ${a.title}, ${a.description}, ${demo.users.get(a.owner) ?? null},
                  ${await cause(a.cause)}, ${`{${units.join(',')}}`}::uuid[], 'csat', ${a.start}, ${a.status})`,
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

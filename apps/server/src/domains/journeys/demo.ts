import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';

type Channel = 'physical' | 'digital' | 'interpersonal';
const DINING: Array<{ stage: [string, string]; tp: [string, string, string, Channel, string] }> = [
  { stage: ['线上预约', 'Book online'], tp: ['reserve', '线上预约', 'Online booking', 'digital', 'marketing'] },
  { stage: ['前往餐厅', 'Getting there'], tp: ['arrive', '到店指引', 'Arrival', 'physical', 'operations'] },
  { stage: ['排队等候', 'Queueing'], tp: ['queue', '排队等位', 'Waiting for a table', 'physical', 'operations'] },
  { stage: ['点餐', 'Ordering'], tp: ['order', '点餐', 'Ordering', 'interpersonal', 'operations'] },
  { stage: ['上菜', 'Serving'], tp: ['serve', '上菜', 'Serving', 'interpersonal', 'operations'] },
  { stage: ['就餐', 'Dining'], tp: ['dine', '就餐体验', 'Dining', 'physical', 'quality'] },
  { stage: ['付款', 'Paying'], tp: ['pay', '结账', 'Paying', 'digital', 'operations'] },
  { stage: ['离店', 'Leaving'], tp: ['leave', '离店', 'Leaving', 'physical', 'operations'] },
];
const TAKEAWAY: Array<{ stage: [string, string]; tp: [string, string, string, Channel, string] }> = [
  { stage: ['外卖下单', 'Order online'], tp: ['tw-order', '外卖下单', 'Online order', 'digital', 'marketing'] },
  { stage: ['配送', 'Delivery'], tp: ['tw-delivery', '配送', 'Delivery', 'interpersonal', 'operations'] },
  { stage: ['开箱', 'Unboxing'], tp: ['tw-packaging', '包装', 'Packaging', 'physical', 'quality'] },
  { stage: ['用餐', 'Eating'], tp: ['tw-meal', '外卖餐品', 'Takeaway meal', 'physical', 'quality'] },
];

/** Demo journeys: the dining journey (线上预约 → … → 离店), takeaway, and the service hotline touchpoint. */
export async function seedJourneys(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM journeys WHERE tenant_id = ${demo.tenantId}`)) return;
  await ctx.db.transaction(async (tx) => {
    for (const [name, nameEn, steps] of [
      ['堂食旅程', 'Dining journey', DINING],
      ['外卖旅程', 'Takeaway journey', TAKEAWAY],
    ] as const) {
      const journeyId = randomUUID();
      await tx.execute(
        sql`INSERT INTO journeys (tenant_id, id, name, name_en) VALUES (${demo.tenantId}, ${journeyId}, ${name}, ${nameEn})`,
      );
      for (const [i, s] of steps.entries()) {
        const stageId = randomUUID();
        await tx.execute(
          sql`INSERT INTO journey_stages (tenant_id, id, journey_id, position, name, name_en) VALUES (${demo.tenantId}, ${stageId}, ${journeyId}, ${i}, ${s.stage[0]}, ${s.stage[1]})`,
        );
        const [code, tpName, tpEn, channel, team] = s.tp;
        await tx.execute(
          sql`INSERT INTO touchpoints (tenant_id, id, journey_id, stage_id, position, code, name, name_en, channel, owner_team_id, raci)
              VALUES (${demo.tenantId}, ${randomUUID()}, ${journeyId}, ${stageId}, 0, ${code}, ${tpName}, ${tpEn}, ${channel}, ${demo.teams.get(team) ?? null},
                      ${JSON.stringify({ responsible: [demo.teams.get(team)], informed: [demo.teams.get('service')] })}::jsonb)`,
        );
      }
    }
    await tx.execute(
      sql`INSERT INTO touchpoints (tenant_id, id, code, name, name_en, channel, owner_team_id) VALUES (${demo.tenantId}, ${randomUUID()}, 'service-call', '客服热线', 'Service hotline', 'interpersonal', ${demo.teams.get('service') ?? null})`,
    );
  });
}

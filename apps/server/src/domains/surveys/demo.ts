import type { Actor } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { publishSurvey } from './commands/change-survey-status.ts';
import { createSurvey } from './commands/save-survey.ts';
import { TEMPLATES } from './templates.ts';

/** The demo owner acting in seed steps. */
export async function demoOwner(ctx: AppContext, demo: DemoTenant): Promise<Actor> {
  const owner = await one<{ id: string }>(ctx.db, sql`SELECT id FROM users WHERE tenant_id = ${demo.tenantId} AND role = 'owner' ORDER BY created_at LIMIT 1`);
  return { tenantId: demo.tenantId, kind: 'user', id: owner!.id, role: 'owner', orgUnitId: demo.rootId, orgPath: demo.units.get('HQ')!.path };
}

/** The demo's surveys along the dining and takeaway journeys, created from the templates and published. */
export const DEMO_SURVEYS = [
  { key: 'dine', template: 'post-dining-csat', name: '堂食就餐满意度 Dining CSAT', touchpoint: 'dine' },
  { key: 'visit', template: 'store-visit', name: '门店到店体验 Store visit', touchpoint: 'serve' },
  { key: 'nps', template: 'relational-nps', name: '品牌 NPS Relational NPS', touchpoint: null },
  { key: 'takeaway', template: 'post-dining-csat', name: '外卖满意度 Takeaway CSAT', touchpoint: 'tw-packaging' },
  { key: 'ces', template: 'service-call-ces', name: '客服来电费力度 Service call CES', touchpoint: 'service-call' },
] as const;

export async function seedSurveys(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM surveys WHERE tenant_id = ${demo.tenantId}`)) return;
  const actor = await demoOwner(ctx, demo);
  const tps = new Map((await rows<{ id: string; code: string }>(ctx.db, sql`SELECT id, code FROM touchpoints WHERE tenant_id = ${demo.tenantId}`)).map((t) => [t.code, t.id]));
  await ctx.db.transaction(async (tx) => {
    for (const s of DEMO_SURVEYS) {
      const tpl = TEMPLATES.find((t) => t.id === s.template)!;
      const created = await createSurvey(tx, actor, { name: s.name, description: tpl.description['zh-CN'], definition: structuredClone(tpl.definition), bindings: tpl.bindings, touchpointId: s.touchpoint ? (tps.get(s.touchpoint) ?? null) : null });
      await publishSurvey(tx, actor, created.id);
    }
  });
}

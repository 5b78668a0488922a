import type { Actor } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { publishSurvey } from './commands/change-survey-status.ts';
import { createSurvey } from './commands/save-survey.ts';
import { TEMPLATES } from './templates.ts';

/** The demo owner acting in seed steps. */
export async function demoOwner(ctx: AppContext, demo: DemoTenant): Promise<Actor> {
  const owner = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM users WHERE tenant_id = ${demo.tenantId} AND role = 'owner' ORDER BY created_at LIMIT 1`,
  );
  return {
    tenantId: demo.tenantId,
    kind: 'user',
    id: owner!.id,
    role: 'owner',
    orgUnitId: demo.rootId,
    orgPath: demo.units.get('HQ')!.path,
  };
}

/**
 * The demo's surveys along the dining and takeaway journeys, created from the templates and published.
 * `places`: where each is answered, as touchpoint codes with weights — a response belongs to the touchpoint whose
 * QR code or link the customer used (table tents, queue tickets, receipts, the booking confirmation, the bag), so
 * every touchpoint of the demo journeys has its own score; null is a brand-level answer (a quarterly email). The
 * demo responses are placed by these weights and the touchpoints link to the surveys answered there.
 */
export const DEMO_SURVEYS = [
  {
    key: 'dine',
    template: 'post-dining-csat',
    name: '堂食就餐满意度 Dining CSAT',
    touchpoint: 'dine',
    places: [
      ['dine', 0.5],
      ['order-qr', 0.2],
      ['pay', 0.2],
      ['order', 0.1],
    ],
  },
  {
    key: 'visit',
    template: 'store-visit',
    name: '门店到店体验 Store visit',
    touchpoint: 'serve',
    places: [
      ['serve', 0.45],
      ['queue', 0.25],
      ['arrive', 0.15],
      ['reserve', 0.15],
    ],
  },
  {
    key: 'nps',
    template: 'relational-nps',
    name: '品牌 NPS Relational NPS',
    touchpoint: null,
    places: [
      ['leave', 0.6],
      ['tw-review', 0.2],
      [null, 0.2],
    ],
  },
  {
    key: 'takeaway',
    template: 'post-dining-csat',
    name: '外卖满意度 Takeaway CSAT',
    touchpoint: 'tw-packaging',
    places: [
      ['tw-meal', 0.35],
      ['tw-order', 0.2],
      ['tw-prep', 0.15],
      ['tw-delivery', 0.15],
      ['tw-packaging', 0.15],
    ],
  },
  {
    key: 'ces',
    template: 'service-call-ces',
    name: '客服来电费力度 Service call CES',
    touchpoint: 'service-call',
    places: [['service-call', 1]],
  },
] as const satisfies ReadonlyArray<{
  key: string;
  template: string;
  name: string;
  touchpoint: string | null;
  places: ReadonlyArray<readonly [string | null, number]>;
}>;

export async function seedSurveys(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM surveys WHERE tenant_id = ${demo.tenantId}`)) return;
  const actor = await demoOwner(ctx, demo);
  const tps = new Map(
    (
      await rows<{ id: string; code: string }>(
        ctx.db,
        sql`SELECT id, code FROM touchpoints WHERE tenant_id = ${demo.tenantId}`,
      )
    ).map((t) => [t.code, t.id]),
  );
  await ctx.db.transaction(async (tx) => {
    for (const s of DEMO_SURVEYS) {
      const tpl = TEMPLATES.find((t) => t.id === s.template)!;
      const created = await createSurvey(tx, actor, {
        name: s.name,
        description: tpl.description['zh-CN'],
        definition: structuredClone(tpl.definition),
        bindings: tpl.bindings,
        touchpointId: s.touchpoint ? (tps.get(s.touchpoint) ?? null) : null,
      });
      await publishSurvey(tx, actor, created.id);
    }
  });
}

import type { TDashboardCreate } from '@loopcx/shared';
import type { Actor } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { createDashboard } from './commands/save-dashboard.ts';

/**
 * Demo step 70: dashboards the analyst shares with the managers (each manager sees them for their own region), one
 * of them with an X → O tile (NPS → repurchase within 14 days, the follow-up orders of demo step 37).
 */
export async function seedDashboards(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM saved_dashboards WHERE tenant_id = ${demo.tenantId} LIMIT 1`)) return;
  const analystId = demo.users.get('analyst@savor.example');
  const root = demo.units.get('HQ');
  if (!analystId || !root) return;
  const actor: Actor = {
    tenantId: demo.tenantId,
    kind: 'user',
    id: analystId,
    role: 'analyst',
    orgUnitId: root.id,
    orgPath: root.path,
  };
  const packaging = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM touchpoints WHERE tenant_id = ${demo.tenantId} AND code = 'tw-packaging'`,
  );
  const dashboards: TDashboardCreate[] = [
    {
      name: '区域经理周报 Regional weekly',
      description: '近 7 天 NPS / CSAT / 回收量，下级单位排名与趋势；每位经理看到自己负责的区域',
      shared: true,
      config: {
        metrics: ['nps', 'csat', 'responses'],
        orgUnitId: null,
        touchpointId: null,
        period: { days: 7 },
        rankMetric: 'nps',
        sections: ['tiles', 'ranking', 'trend'],
      },
    },
    {
      name: '华北 NPS 追踪 North NPS watch',
      description: '华北大区近 30 天 NPS 下滑，按城市和门店下钻',
      shared: true,
      config: {
        metrics: ['nps', 'csat'],
        orgUnitId: demo.units.get('NORTH')?.id ?? null,
        touchpointId: null,
        period: { days: 30 },
        rankMetric: 'nps',
        sections: ['tiles', 'ranking', 'trend', 'drivers'],
      },
    },
    {
      name: '外卖包装专项 Takeaway packaging',
      description: '外卖包装触点的 CSAT 与门店排名',
      shared: true,
      config: {
        metrics: ['csat', 'responses'],
        orgUnitId: null,
        touchpointId: packaging?.id ?? null,
        period: { days: 90 },
        rankMetric: 'csat',
        sections: ['tiles', 'ranking', 'trend'],
      },
    },
    {
      name: '我的季度总览 My quarter',
      description: null,
      shared: false,
      config: {
        metrics: ['nps', 'csat', 'ces', 'responses'],
        orgUnitId: null,
        touchpointId: null,
        period: { days: 90 },
        rankMetric: 'csat',
        sections: ['tiles', 'ranking', 'trend', 'drivers', 'heatmap'],
      },
    },
    {
      name: '体验能否预测复购 Does NPS predict repurchase?',
      description: '回答 NPS 后 14 天内再次下单的比例，按推荐者 / 中立者 / 贬损者分组（X → O 验证）',
      shared: true,
      config: {
        metrics: ['nps', 'responses'],
        orgUnitId: null,
        touchpointId: null,
        period: { days: 90 },
        rankMetric: 'nps',
        sections: ['tiles'],
        outcomes: [{ metric: 'nps', outcomeEventType: 'order.completed', outcome: 'occurs', withinDays: 14 }],
      },
    },
  ];
  await ctx.db.transaction(async (tx) => {
    for (const d of dashboards) await createDashboard(tx, ctx.clock, actor, d);
  });
}

import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';

/** The demo tenant's formula metrics: CPO (contacts per order), fed by the demo orders and inbound calls. */
export async function seedMetricDefinitions(ctx: AppContext, demo: DemoTenant) {
  await ctx.db.execute(
    sql`INSERT INTO metric_definitions (tenant_id, id, key, name, name_en, description, formula, format, decimals, direction, target, min_n)
        VALUES (${demo.tenantId}, ${randomUUID()}, 'cpo', '单均来电 CPO', 'Contacts per order (CPO)',
                '每个有效订单带来的客服来电数：越低说明订单履约越顺畅 / Inbound calls per valid order; lower means smoother fulfilment',
                ${"count('call.inbound') / count('order.completed' where properties.valid = true)"}, 'ratio', 3, 'lower', 0.05, 30),
               (${demo.tenantId}, ${randomUUID()}, 'avg_order_value', '客单价', 'Average order value',
                '有效订单的平均金额 / Mean amount of valid orders', ${"sum('order.completed' where valid = true) / count('order.completed' where valid = true)"}, 'currency', 2, 'higher', 120, 30)
        ON CONFLICT (tenant_id, key) DO NOTHING`,
  );
}
